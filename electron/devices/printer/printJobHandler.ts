/**
 * The outbox's `print` handler: prints one print job and says how it went. A printer that cannot
 * print now (paper out, cover open, unplugged, busy) is "not now" (wait), never a failure: nothing is
 * dropped, and the print lane is woken the moment the printer is ready again. The job is marked
 * printing (committed) before the first byte leaves, and printed only when the printer confirms it;
 * a write-only printer's job ends `sent` (sent, unconfirmed). A job that may have come out already
 * prints again marked DUPLICATE.
 */
import type { Clock } from '../../../shared/domain/clock';
import { asDuplicate, type PaperWidth, type PrintDocument } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import type { JobOutcome, OutboxHandler } from '../../../shared/domain/outboxJob';
import type { PrintJobRow, PrintJobsRepo } from '../../journal/repos/printJobsRepo';
import { encodeDocument } from './encodeReceipt';
import type { PrinterDriver } from './printerDriver';
import { printDocumentSchema } from './printDocumentSchema';

/** A waiting job looks again this often even without a wake (a printer whose state never changed). */
export const PRINT_RECHECK_MS = 30_000;

export interface PrintHandlerDeps {
  readonly repo: PrintJobsRepo;
  readonly driver: PrinterDriver;
  readonly clock: Clock;
  paper(): PaperWidth;
  /** A job's print state changed (the device screen's queue view). */
  changed(): void;
}

export function loadPrintDocument(row: PrintJobRow): PrintDocument {
  const parsed = printDocumentSchema.safeParse(JSON.parse(row.document_json));
  if (!parsed.success) throw new PosError('STORAGE', `print job ${row.id} holds an unreadable document: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as PrintDocument;
}

export function createPrintHandler(deps: PrintHandlerDeps): OutboxHandler<'print'> {
  const { repo, driver, clock } = deps;
  const notNow = (note: string): JobOutcome => ({ kind: 'wait', until: clock.now() + PRINT_RECHECK_MS, note });
  const canPrint = (): boolean => {
    const st = driver.state().status;
    return st === 'ready' || st === 'writeOnly';
  };

  return {
    async run(job) {
      const row = repo.get(Number(job.subject));
      if (row === undefined) return { kind: 'dead', reason: `no print job ${job.subject}` };
      // Printed, sent or failed already (a run cut off between the two commits): nothing to do.
      if (row.status !== 'queued') return { kind: 'done' };
      if (!canPrint()) return notNow(`printer not ready (${driver.state().status})`);
      let bytes: Uint8Array;
      try {
        const doc = loadPrintDocument(row);
        bytes = encodeDocument(row.possibly_printed === 1 ? asDuplicate(doc) : doc, deps.paper());
      } catch (e) {
        // A document that cannot be encoded never will be: parked where the UI shows it.
        repo.markFailed(row.id, (e as Error).message, clock.now());
        deps.changed();
        return { kind: 'dead', reason: (e as Error).message };
      }
      if (!repo.markPrinting(row.id, clock.now())) return { kind: 'done' };
      deps.changed();
      try {
        const outcome = await driver.print(bytes);
        if (outcome === 'confirmed') repo.markPrinted(row.id, clock.now());
        else repo.markSent(row.id, clock.now());
      } catch (e) {
        const possibly = ((e as PosError).details?.possiblyPrinted ?? false) === true;
        repo.markRequeued(row.id, possibly || row.possibly_printed === 1, (e as Error).message, clock.now());
        deps.changed();
        return notNow((e as Error).message);
      }
      deps.changed();
      return { kind: 'done' };
    },
  };
}

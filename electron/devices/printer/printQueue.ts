/**
 * Printing through the outbox (DESIGN §6–7): a receipt is committed to SQLite (its print_jobs record
 * and its `print` outbox job, one transaction) before a byte goes to the printer; the outbox loop
 * runs the print lane, strictly one job at a time and oldest first, with the `print` handler. Paper
 * out, a closed cover or an unplugged printer are the handler's "not now": nothing is dropped, and
 * the printer's ready state wakes the lane. A write-only printer's jobs end `sent` (unconfirmed).
 */
import type { Clock } from '../../../shared/domain/clock';
import { asDuplicate, type PaperWidth, type PrintDocument } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import type { PrinterState, PrintJobView, PrintQueueView } from '../../../shared/ipc/commands/device';
import type { Db } from '../../journal/openJournal';
import { dispatchJobs } from '../../../shared/domain/outboxJob';
import { createOutboxLane } from '../../journal/outbox/outboxLane';
import { createOutboxLoop } from '../../journal/outbox/outboxLoop';
import { printJobsRepo, type PrintJobKind, type PrintJobRow } from '../../journal/repos/printJobsRepo';
import { createPrintHandler, loadPrintDocument } from './printJobHandler';
import type { PrinterDriver } from './printerDriver';

export type { PrintJobKind };

export interface PrintQueue {
  /** Same key twice → the first job, not a second printout (a retried "print receipt" call). */
  enqueue(doc: PrintDocument, opts: { kind: PrintJobKind; key: string; reference?: string }): PrintJobView;
  /** A new job for an earlier one's document, marked DUPLICATE. */
  reprint(jobId: number): PrintJobView;
  get(id: number): PrintJobView | null;
  view(limit?: number): PrintQueueView;
  onChange(cb: (v: PrintQueueView) => void): () => void;
  /** Something was queued or became printable: print soon. */
  kick(): void;
  /** Resolves when nothing can be printed right now. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function toView(r: PrintJobRow): PrintJobView {
  return {
    id: r.id,
    kind: r.kind,
    reference: r.reference,
    status: r.status,
    attempts: r.attempts,
    possiblyPrinted: r.possibly_printed === 1,
    lastError: r.last_error,
    createdAt: r.created_at,
    printedAt: r.printed_at,
  };
}

/** A print job is never given up while it can still print: only a document that cannot be encoded ends. */
const PRINT_POLICY = { baseDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: Number.POSITIVE_INFINITY };

export function createPrintQueue(deps: { db: Db; driver: PrinterDriver; clock: Clock; paper: () => PaperWidth }): PrintQueue {
  const { driver, clock } = deps;
  const repo = printJobsRepo(deps.db);
  const listeners = new Set<(v: PrintQueueView) => void>();

  const view = (limit = 20): PrintQueueView => ({ pending: repo.pendingCount(), recent: repo.recent(limit).map(toView) });
  const changed = (): void => {
    if (listeners.size === 0) return;
    const v = view();
    for (const l of listeners) l(v);
  };

  repo.recover(clock.now());
  const loop = createOutboxLoop({
    store: createOutboxLane(deps.db, 'print'),
    clock,
    policy: PRINT_POLICY,
    run: dispatchJobs({ print: createPrintHandler({ repo, driver, clock, paper: deps.paper, changed }) }),
  });
  const printable = (s: PrinterState): boolean => s.status === 'ready' || s.status === 'writeOnly';
  // The device's wake: whatever waited for the printer is due now.
  const unsubscribe = driver.onState((s) => {
    if (printable(s)) loop.wake();
  });
  loop.start();
  if (printable(driver.state())) loop.wake();

  const enqueue: PrintQueue['enqueue'] = (doc, opts) => {
    const before = repo.byKey(opts.key);
    if (before !== undefined) return toView(before);
    const row = repo.insert({ kind: opts.kind, key: opts.key, reference: opts.reference ?? null, documentJson: JSON.stringify(doc) }, clock.now());
    changed();
    loop.kick();
    return toView(row);
  };

  return {
    enqueue,
    reprint(jobId) {
      const original = repo.get(jobId);
      if (original === undefined) throw new PosError('NOT_FOUND', `no print job ${jobId}`);
      const doc = loadPrintDocument(original);
      return enqueue(asDuplicate(doc), { kind: 'reprint', key: `reprint:${jobId}:${repo.reprintCount(jobId) + 1}`, reference: original.reference ?? undefined });
    },
    get(id) {
      const r = repo.get(id);
      return r === undefined ? null : toView(r);
    },
    view,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    kick: () => loop.kick(),
    idle: () => loop.idle(),
    async stop() {
      loop.stop();
      unsubscribe();
      await loop.idle();
    },
  };
}

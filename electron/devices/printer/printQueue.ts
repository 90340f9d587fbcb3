/**
 * The durable print queue (print_jobs, migration 0030). A receipt is committed to SQLite before a
 * byte goes to the printer, printed strictly one job at a time and oldest first, and marked printed
 * only when the printer confirms it. Paper out, a closed cover or an unplugged printer pause the
 * queue; nothing is dropped, and the queue carries on by itself when the printer is ready again.
 * A write-only printer ("no status" mode) cannot confirm: its jobs end `sent` (sent-unconfirmed).
 */
import type { Db } from '../../journal/openJournal';
import type { Clock } from '../../../shared/domain/clock';
import { asDuplicate, type PaperWidth, type PrintDocument } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import type { PrintJobView, PrintQueueView } from '../../../shared/ipc/commands/device';
import { encodeDocument } from './encodeReceipt';
import type { PrinterDriver } from './printerDriver';
import { printDocumentSchema } from './printDocumentSchema';

export type PrintJobKind = PrintJobView['kind'];

interface JobRow {
  id: number;
  kind: PrintJobKind;
  idempotency_key: string;
  reference: string | null;
  document_json: string;
  status: PrintJobView['status'];
  attempts: number;
  possibly_printed: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  printed_at: number | null;
}

export interface PrintQueue {
  /** Same key twice → the first job, not a second printout (a retried "print receipt" call). */
  enqueue(doc: PrintDocument, opts: { kind: PrintJobKind; key: string; reference?: string }): PrintJobView;
  /** A new job for an earlier one's document, marked DUPLICATE. */
  reprint(jobId: number): PrintJobView;
  get(id: number): PrintJobView | null;
  view(limit?: number): PrintQueueView;
  onChange(cb: (v: PrintQueueView) => void): () => void;
  /** Wakes the worker; called on enqueue and whenever the printer becomes ready. */
  kick(): void;
  /** Resolves when the worker has nothing it can do right now. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function toView(r: JobRow): PrintJobView {
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

export function createPrintQueue(deps: { db: Db; driver: PrinterDriver; clock: Clock; paper: () => PaperWidth }): PrintQueue {
  const { db, driver, clock } = deps;
  const listeners = new Set<(v: PrintQueueView) => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  // A job left "printing" by a crash may have come out: print it again, marked DUPLICATE.
  db.prepare(`UPDATE print_jobs SET status = 'queued', possibly_printed = 1, updated_at = ?, last_error = 'interrupted by a restart' WHERE status = 'printing'`).run(
    clock.now(),
  );

  const getRow = db.prepare<[number], JobRow>('SELECT * FROM print_jobs WHERE id = ?');
  const byKey = db.prepare<[string], JobRow>('SELECT * FROM print_jobs WHERE idempotency_key = ?');
  const nextQueued = db.prepare<[], JobRow>(`SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY id LIMIT 1`);
  const insert = db.prepare(
    `INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`,
  );
  const markPrinting = db.prepare(`UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued'`);
  const markPrinted = db.prepare(`UPDATE print_jobs SET status = 'printed', printed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`);
  const markSent = db.prepare(`UPDATE print_jobs SET status = 'sent', printed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`);
  const markRequeued = db.prepare(`UPDATE print_jobs SET status = 'queued', possibly_printed = ?, last_error = ?, updated_at = ? WHERE id = ?`);
  const markFailed = db.prepare(`UPDATE print_jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`);

  const view = (limit = 20): PrintQueueView => {
    const pending = (db.prepare(`SELECT COUNT(*) AS n FROM print_jobs WHERE status IN ('queued','printing')`).get() as { n: number }).n;
    const recent = db.prepare<[number], JobRow>('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?').all(limit).map(toView);
    return { pending, recent };
  };
  const changed = (): void => {
    if (listeners.size === 0) return;
    const v = view();
    for (const l of listeners) l(v);
  };

  const loadDocument = (row: JobRow): PrintDocument => {
    const parsed = printDocumentSchema.safeParse(JSON.parse(row.document_json));
    if (!parsed.success) throw new PosError('STORAGE', `print job ${row.id} holds an unreadable document: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const doc = parsed.data as PrintDocument;
    return row.possibly_printed === 1 ? asDuplicate(doc) : doc;
  };

  const canPrint = (): boolean => {
    const st = driver.state().status;
    return st === 'ready' || st === 'writeOnly';
  };
  const work = async (): Promise<void> => {
    while (!stopped && canPrint()) {
      const row = nextQueued.get();
      if (row === undefined) return;
      let bytes: Uint8Array;
      try {
        bytes = encodeDocument(loadDocument(row), deps.paper());
      } catch (e) {
        // A document that cannot be encoded never will be: park it where the UI shows it.
        markFailed.run((e as Error).message, clock.now(), row.id);
        changed();
        continue;
      }
      // Committed before the first byte leaves, so a crash from here on is seen at the next start.
      if (markPrinting.run(clock.now(), row.id).changes !== 1) continue;
      changed();
      try {
        const outcome = await driver.print(bytes);
        (outcome === 'confirmed' ? markPrinted : markSent).run(clock.now(), clock.now(), row.id);
      } catch (e) {
        const possibly = ((e as PosError).details?.possiblyPrinted ?? false) === true;
        markRequeued.run(possibly ? 1 : row.possibly_printed, (e as Error).message, clock.now(), row.id);
        changed();
        return; // the printer said no: wait for its next ready state
      }
      changed();
    }
  };

  const kick = (): void => {
    if (stopped) return;
    if (running !== null) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await work();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  const unsubscribe = driver.onState((s) => {
    if (s.status === 'ready' || s.status === 'writeOnly') kick();
  });
  kick();

  return {
    enqueue(doc, opts) {
      const existing = byKey.get(opts.key);
      if (existing !== undefined) return toView(existing);
      const now = clock.now();
      const info = insert.run(opts.kind, opts.key, opts.reference ?? null, JSON.stringify(doc), now, now);
      const row = getRow.get(Number(info.lastInsertRowid))!;
      changed();
      kick();
      return toView(row);
    },
    reprint(jobId) {
      const original = getRow.get(jobId);
      if (original === undefined) throw new PosError('NOT_FOUND', `no print job ${jobId}`);
      const doc = printDocumentSchema.parse(JSON.parse(original.document_json)) as PrintDocument;
      const n = (db.prepare(`SELECT COUNT(*) AS n FROM print_jobs WHERE idempotency_key LIKE ?`).get(`reprint:${jobId}:%`) as { n: number }).n;
      return this.enqueue(asDuplicate(doc), { kind: 'reprint', key: `reprint:${jobId}:${n + 1}`, reference: original.reference ?? undefined });
    },
    get(id) {
      const r = getRow.get(id);
      return r === undefined ? null : toView(r);
    },
    view,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    kick,
    async idle() {
      while (running !== null) await running;
    },
    async stop() {
      stopped = true;
      unsubscribe();
      await running;
    },
  };
}

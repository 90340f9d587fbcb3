/**
 * Every SQL statement of printing. `print_jobs` (0030, 0150) is the record of each document and its
 * print state — what the device screen, reprint and the Z report read; the outbox row of kind
 * `print` (key `print:<job id>`, subject the job id) is its place in the one durable job queue,
 * written in the same transaction, so a job is never queued without its document or the reverse.
 */
import type { PrintJobView } from '../../../shared/ipc/commands/device';
import type { Db } from '../openJournal';

export type PrintJobKind = PrintJobView['kind'];

export interface PrintJobRow {
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

export const printOutboxKey = (jobId: number): string => `print:${jobId}`;

export function printJobsRepo(db: Db) {
  const stmt = {
    get: db.prepare<[number], PrintJobRow>('SELECT * FROM print_jobs WHERE id = ?'),
    byKey: db.prepare<[string], PrintJobRow>('SELECT * FROM print_jobs WHERE idempotency_key = ?'),
    insert: db.prepare(`INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`),
    enqueue: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES ('print', ?, '{}', 'pending', 0, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`),
    // Open jobs without their outbox row: a journal from before printing went through the outbox.
    orphans: db.prepare<[], { id: number }>(`SELECT p.id FROM print_jobs p LEFT JOIN outbox o ON o.idempotency_key = 'print:' || p.id
      WHERE p.status IN ('queued','printing') AND o.id IS NULL ORDER BY p.id`),
    interrupted: db.prepare(`UPDATE print_jobs SET status = 'queued', possibly_printed = 1, updated_at = ?, last_error = 'interrupted by a restart' WHERE status = 'printing'`),
    markPrinting: db.prepare(`UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'queued'`),
    markPrinted: db.prepare(`UPDATE print_jobs SET status = 'printed', printed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`),
    markSent: db.prepare(`UPDATE print_jobs SET status = 'sent', printed_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`),
    markRequeued: db.prepare(`UPDATE print_jobs SET status = 'queued', possibly_printed = ?, last_error = ?, updated_at = ? WHERE id = ?`),
    markFailed: db.prepare(`UPDATE print_jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`),
    pending: db.prepare(`SELECT COUNT(*) AS n FROM print_jobs WHERE status IN ('queued','printing')`),
    recent: db.prepare<[number], PrintJobRow>('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?'),
    reprints: db.prepare(`SELECT COUNT(*) AS n FROM print_jobs WHERE idempotency_key LIKE ?`),
  };
  const queue = (id: number, now: number): void => void stmt.enqueue.run(printOutboxKey(id), now, now, now, String(id));

  return {
    get: (id: number): PrintJobRow | undefined => stmt.get.get(id),
    byKey: (key: string): PrintJobRow | undefined => stmt.byKey.get(key),
    /** The job and its outbox row in one transaction: the same key twice gives the first job. */
    insert: db.transaction((job: { kind: PrintJobKind; key: string; reference: string | null; documentJson: string }, now: number): PrintJobRow => {
      const existing = stmt.byKey.get(job.key);
      if (existing !== undefined) return existing;
      const id = Number(stmt.insert.run(job.kind, job.key, job.reference, job.documentJson, now, now).lastInsertRowid);
      queue(id, now);
      return stmt.get.get(id)!;
    }),
    /**
     * At start: a job left `printing` by a crash may have come out, so it prints again marked
     * DUPLICATE; every open job has its outbox row. Returns how many jobs changed.
     */
    recover: db.transaction((now: number): number => {
      const reset = stmt.interrupted.run(now).changes;
      const orphans = stmt.orphans.all();
      for (const o of orphans) queue(o.id, now);
      return reset + orphans.length;
    }),
    /** Committed before the first byte leaves; false when the job is no longer queued. */
    markPrinting: (id: number, now: number): boolean => stmt.markPrinting.run(now, id).changes === 1,
    markPrinted: (id: number, now: number): void => void stmt.markPrinted.run(now, now, id),
    markSent: (id: number, now: number): void => void stmt.markSent.run(now, now, id),
    markRequeued: (id: number, possiblyPrinted: boolean, error: string, now: number): void => void stmt.markRequeued.run(possiblyPrinted ? 1 : 0, error, now, id),
    markFailed: (id: number, error: string, now: number): void => void stmt.markFailed.run(error, now, id),
    pendingCount: (): number => (stmt.pending.get() as { n: number }).n,
    recent: (limit: number): PrintJobRow[] => stmt.recent.all(limit),
    reprintCount: (jobId: number): number => (stmt.reprints.get(`reprint:${jobId}:%`) as { n: number }).n,
  };
}

export type PrintJobsRepo = ReturnType<typeof printJobsRepo>;

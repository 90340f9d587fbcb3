/**
 * The payments' own statements on the outbox table beside the lane the loop drives
 * (journal/outbox/outboxLane): enqueueing a job in the caller's transaction (write-ahead), a
 * supervisor's retry of a dead job, and the queue screen's list. Statements only.
 */
import type { Db } from '../openJournal';
import type { QueueJobStatus } from '../../../shared/domain/payment';

export interface OutboxJobRow {
  id: number; kind: string; idempotency_key: string; subject: string | null; status: QueueJobStatus; attempts: number; failures: number;
  next_attempt_at: number; last_error: string | null; created_at: number; updated_at: number;
}

export interface OutboxJobsReads {
  /** Pending, running and dead jobs (every lane), oldest first. */
  open(): OutboxJobRow[];
  byId(id: number): OutboxJobRow | undefined;
}

export interface OutboxJobsRepo extends OutboxJobsReads {
  /** Idempotent on the key: the same job asked for twice is one job. */
  enqueue(kind: string, key: string, subject: string, at: number): void;
  /** A dead job made due again with its failure count reset; false when it is not dead (or gone). */
  retryDead(id: number, at: number): boolean;
}

export function createOutboxJobsRepo(db: Db): OutboxJobsRepo {
  const stmt = {
    enqueue: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES (?, ?, '{}', 'pending', 0, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`),
    retryDead: db.prepare("UPDATE outbox SET status = 'pending', failures = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'dead'"),
    open: db.prepare("SELECT * FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' ORDER BY id"),
    byId: db.prepare('SELECT * FROM outbox WHERE id = ?'),
  };
  return {
    enqueue: (kind, key, subject, at) => void stmt.enqueue.run(kind, key, at, at, at, subject),
    retryDead: (id, at) => stmt.retryDead.run(at, at, id).changes > 0,
    open: () => stmt.open.all() as OutboxJobRow[],
    byId: (id) => stmt.byId.get(id) as OutboxJobRow | undefined,
  };
}

/**
 * One lane of the durable outbox table, as the OutboxStore port the outbox loop drives. Several loops
 * share the table (payments; the head-office upload), each on its own lane, so a long catch-up never
 * holds a cancel or refund back. The lane's kind filter applies to every query that picks jobs
 * (due, wake, crash reset, wake-all): one definition, so no loop can touch another lane's jobs.
 */
import type { Db } from '../../journal/openJournal';
import type { OutboxJob, OutboxStore } from '../engine/enginePorts';

/** The head-office upload's kind: its own lane (hq/terminal/uploadOutbox). */
export const UPLOAD_JOB_KIND = 'upload';

/** `only`: this lane's one kind; `except`: every kind but these (the payments lane). */
export type OutboxLaneFilter = { readonly only: string } | { readonly except: readonly string[] };

export interface OutboxRow {
  id: number; kind: OutboxJob['kind']; idempotency_key: string; subject: string | null; status: OutboxJob['status']; attempts: number; failures: number;
  next_attempt_at: number; last_error: string | null; created_at: number; updated_at: number;
}

export const outboxJobOf = (r: OutboxRow): OutboxJob => ({
  id: r.id, kind: r.kind, key: r.idempotency_key, subject: r.subject ?? '', status: r.status, attempts: r.attempts, failures: r.failures,
  nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
});

export function createOutboxLane(db: Db, filter: OutboxLaneFilter): OutboxStore {
  // Kinds are our own constants, never input; bound as parameters all the same.
  const kinds = 'only' in filter ? [filter.only] : [...filter.except];
  const lane = `kind ${'only' in filter ? 'IN' : 'NOT IN'} (${kinds.map(() => '?').join(', ')})`;
  const stmt = {
    nextDue: db.prepare(`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND ${lane} ORDER BY next_attempt_at, id LIMIT 1`),
    nextWake: db.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending' AND ${lane}`),
    markRunning: db.prepare("UPDATE outbox SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?"),
    markDone: db.prepare("UPDATE outbox SET status = 'done', updated_at = ?, last_error = NULL WHERE id = ?"),
    markRetry: db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, failures = failures + ?, updated_at = ? WHERE id = ?"),
    markDead: db.prepare("UPDATE outbox SET status = 'dead', last_error = ?, updated_at = ? WHERE id = ?"),
    resetRunning: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE status = 'running' AND ${lane}`),
    wakeAll: db.prepare(`UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE status = 'pending' AND next_attempt_at > ? AND ${lane}`),
  };
  return {
    nextDue: (now) => {
      const r = stmt.nextDue.get(now, ...kinds) as OutboxRow | undefined;
      return r ? outboxJobOf(r) : null;
    },
    nextWakeAt: () => (stmt.nextWake.get(...kinds) as { at: number | null }).at,
    markRunning: (id, now) => void stmt.markRunning.run(now, id),
    markDone: (id, now) => void stmt.markDone.run(now, id),
    markRetry: (id, now, nextAt, error, counts) => void stmt.markRetry.run(nextAt, error, counts ? 1 : 0, now, id),
    markDead: (id, now, reason) => void stmt.markDead.run(reason, now, id),
    resetRunning: (now) => stmt.resetRunning.run(now, now, ...kinds).changes,
    wakeAllPending: (now) => stmt.wakeAll.run(now, now, now, ...kinds).changes,
  };
}

/**
 * The outbox's `upload` job (one row, key `hq-upload`), seen through the OutboxStore port so the
 * outbox loop drives it — but its own loop instance, on the same durable table: a long catch-up never
 * holds a cancel or refund back, and the payments loop never sees it (paymentStore skips the kind).
 */
import type { Db } from '../../journal/openJournal';
import type { OutboxJob, OutboxStore } from '../../payments/engine/enginePorts';

export const UPLOAD_JOB_KEY = 'hq-upload';

interface Row {
  id: number; kind: 'upload'; idempotency_key: string; subject: string | null; status: OutboxJob['status']; attempts: number; failures: number; next_attempt_at: number; last_error: string | null;
}

export function createUploadOutbox(db: Db): OutboxStore & { arm(now: number): void } {
  const stmt = {
    // A done job is armed again (same row, so the queue shows one upload job, not one per sale).
    arm: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES ('upload', '${UPLOAD_JOB_KEY}', '{}', 'pending', 0, @now, @now, @now, 'hq')
      ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending', next_attempt_at = @now, updated_at = @now, failures = 0, last_error = NULL WHERE status = 'done'`),
    nextDue: db.prepare("SELECT * FROM outbox WHERE kind = 'upload' AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1"),
    nextWake: db.prepare("SELECT min(next_attempt_at) AS at FROM outbox WHERE kind = 'upload' AND status = 'pending'"),
    markRunning: db.prepare("UPDATE outbox SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?"),
    markDone: db.prepare("UPDATE outbox SET status = 'done', updated_at = ?, last_error = NULL WHERE id = ?"),
    markRetry: db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, failures = failures + ?, updated_at = ? WHERE id = ?"),
    markDead: db.prepare("UPDATE outbox SET status = 'dead', last_error = ?, updated_at = ? WHERE id = ?"),
    resetRunning: db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE kind = 'upload' AND status = 'running'"),
    wakeAll: db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE kind = 'upload' AND status = 'pending' AND next_attempt_at > ?"),
  };
  const toJob = (r: Row): OutboxJob => ({
    id: r.id, kind: r.kind, key: r.idempotency_key, subject: r.subject ?? '', status: r.status, attempts: r.attempts, failures: r.failures, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
  });
  return {
    arm: (now) => void stmt.arm.run({ now }),
    nextDue: (now) => {
      const r = stmt.nextDue.get(now) as Row | undefined;
      return r ? toJob(r) : null;
    },
    nextWakeAt: () => (stmt.nextWake.get() as { at: number | null }).at,
    markRunning: (id, now) => void stmt.markRunning.run(now, id),
    markDone: (id, now) => void stmt.markDone.run(now, id),
    markRetry: (id, now, nextAt, error, counts) => void stmt.markRetry.run(nextAt, error, counts ? 1 : 0, now, id),
    markDead: (id, now, reason) => void stmt.markDead.run(reason, now, id),
    resetRunning: (now) => stmt.resetRunning.run(now, now).changes,
    wakeAllPending: (now) => stmt.wakeAll.run(now, now, now).changes,
  };
}

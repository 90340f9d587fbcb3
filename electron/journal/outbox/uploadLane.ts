/**
 * The outbox's `upload` job for the head-office link (one row, key `hq-upload`), on the outbox's own
 * `upload` lane (outboxLane): the outbox loop drives it with its own loop instance on the same
 * durable table, so a long catch-up never holds a cancel or refund back and the payments loop never
 * sees it.
 */
import type { Db } from '../openJournal';
import type { OutboxStore } from '../../../shared/domain/outboxJob';
import { createOutboxLane } from './outboxLane';

export const UPLOAD_JOB_KEY = 'hq-upload';

export function createUploadOutbox(db: Db): OutboxStore<'upload'> & { arm(now: number): void } {
  const stmt = {
    // A done job is armed again (same row, so the queue shows one upload job, not one per sale).
    arm: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES ('upload', '${UPLOAD_JOB_KEY}', '{}', 'pending', 0, @now, @now, @now, 'hq')
      ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending', next_attempt_at = @now, updated_at = @now, failures = 0, last_error = NULL WHERE status = 'done'`),
  };
  return {
    arm: (now) => void stmt.arm.run({ now }),
    ...createOutboxLane(db, 'upload'),
  };
}

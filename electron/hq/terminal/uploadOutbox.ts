/**
 * The outbox's `upload` job (one row, key `hq-upload`), seen through the OutboxStore port so the
 * outbox loop drives it — but its own loop instance, on the same durable table: a long catch-up never
 * holds a cancel or refund back, and the payments loop never sees it (each loop has its own lane: payments/store/outboxLane).
 */
import type { Db } from '../../journal/openJournal';
import type { OutboxStore } from '../../payments/engine/enginePorts';
import { createOutboxLane, UPLOAD_JOB_KIND } from '../../payments/store/outboxLane';

export const UPLOAD_JOB_KEY = 'hq-upload';

export function createUploadOutbox(db: Db): OutboxStore & { arm(now: number): void } {
  const stmt = {
    // A done job is armed again (same row, so the queue shows one upload job, not one per sale).
    arm: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES ('upload', '${UPLOAD_JOB_KEY}', '{}', 'pending', 0, @now, @now, @now, 'hq')
      ON CONFLICT (idempotency_key) DO UPDATE SET status = 'pending', next_attempt_at = @now, updated_at = @now, failures = 0, last_error = NULL WHERE status = 'done'`),
  };
  return {
    arm: (now) => void stmt.arm.run({ now }),
    ...createOutboxLane(db, { only: UPLOAD_JOB_KIND }),
  };
}

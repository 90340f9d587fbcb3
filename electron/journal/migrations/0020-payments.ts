import type { Migration } from './migration';

/**
 * Payments beyond the first schema (DESIGN.md §5.4, §6): refunds with their idempotency key as the
 * primary key (persisted before the request leaves, reused on every retry), the outbox's count of
 * failures that happened while Alipay was reachable (only those lead to the dead letter; waiting
 * out a network outage never does) and the subject a job is about, and the notifications already
 * applied so a resent notification changes nothing.
 */
export const m0020Payments: Migration = {
  version: 20,
  name: 'payments',
  up(db) {
    db.exec(`
      CREATE TABLE refunds (
        id             TEXT PRIMARY KEY,               -- our refundRequestId
        attempt_id     TEXT NOT NULL REFERENCES payment_attempts(id),
        sale_id        TEXT NOT NULL REFERENCES sales(id),
        amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
        currency       TEXT NOT NULL CHECK (length(currency) = 3),
        status         TEXT NOT NULL CHECK (status IN ('pending','succeeded','failed')),
        reason         TEXT,
        refund_id      TEXT,                           -- Alipay's refundId once known
        result_code    TEXT,
        actor          TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      );
      CREATE INDEX refunds_attempt ON refunds(attempt_id);
      CREATE INDEX refunds_status ON refunds(status);

      ALTER TABLE outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN subject TEXT;
      CREATE INDEX outbox_subject ON outbox(subject);

      CREATE TABLE payment_notifications (
        dedupe_key     TEXT PRIMARY KEY,               -- paymentRequestId|resultStatus|resultCode
        attempt_id     TEXT,
        body_sha256    TEXT NOT NULL,
        received_at    INTEGER NOT NULL,
        outcome        TEXT NOT NULL                   -- applied | ignored | unknownAttempt
      );
    `);
  },
};

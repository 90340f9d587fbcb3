import type { Migration } from './migration';

/**
 * Entry-code payments (DESIGN.md §5.3): one row per submitted H5 form. The form's single-use nonce
 * is the primary key, so a double submit finds the order it already made instead of making a second;
 * `ref` is the unguessable reference of the customer's result page; `attempt_id` follows the attempt
 * that currently stands for the form (a new one when Alipay asks for a new paymentRequestId).
 */
export const m0060EntryCode: Migration = {
  version: 60,
  name: 'entry-code',
  up(db) {
    db.exec(`
      CREATE TABLE entry_submissions (
        id            TEXT PRIMARY KEY,
        ref           TEXT NOT NULL UNIQUE,
        sale_id       TEXT NOT NULL REFERENCES sales(id),
        attempt_id    TEXT NOT NULL REFERENCES payment_attempts(id),
        amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
        currency      TEXT NOT NULL CHECK (length(currency) = 3),
        locale        TEXT NOT NULL CHECK (locale IN ('zh-CN','en')),
        user_agent    TEXT NOT NULL,                   -- the wallet browser's, sent again if Alipay wants a new request id
        retries       INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX entry_submissions_attempt ON entry_submissions(attempt_id);
      CREATE INDEX entry_submissions_sale ON entry_submissions(sale_id);
      -- The cashier's live feed reads the newest entry-code attempts.
      CREATE INDEX payment_attempts_scenario ON payment_attempts(scenario, created_at);
    `);
  },
};

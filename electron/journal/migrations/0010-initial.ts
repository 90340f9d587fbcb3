import type { Migration } from './migration';

/** First schema: the money tables, the tamper-evident event chain, the outbox, audit and settings. */
export const m0010Initial: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE sales (
        id            TEXT PRIMARY KEY,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('open','paying','paid','cancelled','refunded','partially_refunded','voided')),
        amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
        currency      TEXT NOT NULL CHECK (length(currency) = 3),
        description   TEXT,
        items_json    TEXT,
        cashier_id    TEXT NOT NULL DEFAULT 'default'
      );
      CREATE INDEX sales_created ON sales(created_at);

      CREATE TABLE payment_attempts (
        id                TEXT PRIMARY KEY,           -- our paymentRequestId
        sale_id           TEXT NOT NULL REFERENCES sales(id),
        scenario          TEXT NOT NULL CHECK (scenario IN ('PaymentCode','OrderCode','EntryCode')),
        status            TEXT NOT NULL,
        amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
        currency          TEXT NOT NULL,
        payment_id        TEXT,                       -- Alipay's paymentId once known
        code_hash         TEXT,                       -- sha256 of the customer code; never the code itself
        code_tail         TEXT,                       -- last 4 digits for the cashier and receipts
        expires_at        INTEGER NOT NULL,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        result_code       TEXT,
        customer_id_masked TEXT,
        state_json        TEXT NOT NULL               -- the engine's resumable state, as is
      );
      CREATE INDEX payment_attempts_sale ON payment_attempts(sale_id);
      CREATE INDEX payment_attempts_status ON payment_attempts(status);
      CREATE INDEX payment_attempts_code ON payment_attempts(code_hash);

      CREATE TABLE payment_events (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        attempt_id  TEXT NOT NULL REFERENCES payment_attempts(id),
        at          INTEGER NOT NULL,
        type        TEXT NOT NULL,
        status      TEXT NOT NULL,
        data_json   TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL UNIQUE
      );
      CREATE INDEX payment_events_attempt ON payment_events(attempt_id, seq);

      -- The chain head lives apart from the rows so that deleting the newest event is detected too.
      CREATE TABLE chain_head (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        seq   INTEGER NOT NULL,
        hash  TEXT NOT NULL
      );

      CREATE TABLE outbox (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        kind             TEXT NOT NULL,
        idempotency_key  TEXT NOT NULL UNIQUE,
        payload_json     TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending','running','done','dead')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_at  INTEGER NOT NULL,
        last_error       TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        details_json TEXT NOT NULL
      );

      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};

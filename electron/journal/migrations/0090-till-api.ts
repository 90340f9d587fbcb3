import type { Migration } from './migration';

/**
 * Till integration (DESIGN.md §16). `till_clients`: the API clients a manager created — only the
 * SHA-256 of each key is kept (keys are 256-bit random, so a fast hash gives nothing away, unlike a
 * PIN). `till_orders`: one row per till order reference, the idempotency record: its primary key is
 * what makes "the same reference never charges twice" hold even for concurrent duplicates; `seq`
 * orders the changes a till is told about (the SSE event id it resumes from). `till_refunds`: the
 * till's own refund reference, so a retried refund call finds the refund it already made.
 */
export const m0090TillApi: Migration = {
  version: 90,
  name: 'till-api',
  up(db) {
    db.exec(`
      CREATE TABLE till_clients (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL,
        key_hash        TEXT NOT NULL UNIQUE,
        scopes          TEXT NOT NULL,                 -- comma-separated: pay, refund, read
        rate_per_minute INTEGER NOT NULL CHECK (rate_per_minute > 0),
        created_at      INTEGER NOT NULL,
        revoked_at      INTEGER
      );
      CREATE UNIQUE INDEX till_clients_live_name ON till_clients(name) WHERE revoked_at IS NULL;
      CREATE TABLE till_orders (
        client_id    TEXT NOT NULL REFERENCES till_clients(id),
        order_ref    TEXT NOT NULL,
        sale_id      TEXT NOT NULL UNIQUE REFERENCES sales(id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        currency     TEXT NOT NULL CHECK (length(currency) = 3),
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        PRIMARY KEY (client_id, order_ref)
      );
      CREATE INDEX till_orders_seq ON till_orders(seq);
      CREATE INDEX till_orders_client_seq ON till_orders(client_id, seq);
      CREATE INDEX till_orders_created ON till_orders(client_id, created_at);
      CREATE TABLE till_refunds (
        client_id         TEXT NOT NULL,
        refund_ref        TEXT NOT NULL,
        order_ref         TEXT NOT NULL,
        refund_request_id TEXT NOT NULL UNIQUE REFERENCES refunds(id),
        amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
        created_at        INTEGER NOT NULL,
        PRIMARY KEY (client_id, refund_ref),
        FOREIGN KEY (client_id, order_ref) REFERENCES till_orders(client_id, order_ref)
      );
    `);
  },
};

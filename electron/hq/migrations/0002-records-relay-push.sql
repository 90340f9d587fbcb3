-- HQ schema 2 (issue 16, items 3–5): what terminals upload besides the payment-event chain, relay
-- bookkeeping, and documents HQ pushes down. Additive only; every key leads with merchant_id (Citus).

-- The terminal's second upload stream: its outgoing log of sales, attempts, refunds, Z reports,
-- audit, device health (and shifts once they exist), idempotent by (terminal, seq), gap-checked.
ALTER TABLE terminals ADD COLUMN last_record_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE terminals ADD COLUMN relay_connected_at timestamptz;

CREATE TABLE terminal_records (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  seq           bigint NOT NULL,
  store_id      text NOT NULL,
  kind          text NOT NULL,
  key           text NOT NULL,
  at            timestamptz NOT NULL,
  data          jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, terminal_id, seq)
);

-- The latest copy of each uploaded row (a sale's current status, a Z report, an audit line).
CREATE TABLE terminal_rows (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  kind          text NOT NULL,
  key           text NOT NULL,
  store_id      text NOT NULL,
  seq           bigint NOT NULL,
  at            timestamptz NOT NULL,
  data          jsonb NOT NULL,
  PRIMARY KEY (merchant_id, terminal_id, kind, key)
);
CREATE INDEX terminal_rows_store_kind ON terminal_rows (merchant_id, store_id, kind, at);

-- Settings and cashier accounts edited at HQ, per store, versioned (a new version never edits an old one).
CREATE TABLE pushed_documents (
  merchant_id   text NOT NULL,
  store_id      text NOT NULL,
  kind          text NOT NULL,
  version       bigint NOT NULL,
  body          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  PRIMARY KEY (merchant_id, store_id, kind, version)
);

-- What each terminal said about the last version it was sent: applied, or refused and why.
CREATE TABLE push_acks (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  kind          text NOT NULL,
  version       bigint NOT NULL,
  applied       boolean NOT NULL,
  error_code    text,
  error_message text,
  at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, terminal_id, kind)
);

-- HQ schema 1. Every table and primary key leads with merchant_id (the tenant) so the schema can be
-- distributed by it on Citus (DESIGN §15). hq_schema is the runner's own bookkeeping (a local table).
CREATE TABLE merchants (
  merchant_id   text PRIMARY KEY,
  name          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
  merchant_id   text NOT NULL REFERENCES merchants(merchant_id),
  store_id      text NOT NULL,
  name          text NOT NULL,
  PRIMARY KEY (merchant_id, store_id)
);

-- One-time enrolment codes: only the hash is kept; used_at makes a second use fail.
CREATE TABLE enrolment_codes (
  merchant_id   text NOT NULL,
  code_hash     text NOT NULL,
  store_id      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  terminal_id   text,
  PRIMARY KEY (merchant_id, code_hash),
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores(merchant_id, store_id)
);

-- A terminal's public key (Ed25519, SPKI PEM) and where its uploaded chain stands.
CREATE TABLE terminals (
  merchant_id     text NOT NULL,
  terminal_id     text NOT NULL,
  store_id        text NOT NULL,
  public_key      text NOT NULL,
  enrolled_at     timestamptz NOT NULL DEFAULT now(),
  last_seq        bigint NOT NULL DEFAULT 0,
  last_hash       text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  last_upload_at  timestamptz,
  PRIMARY KEY (merchant_id, terminal_id),
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores(merchant_id, store_id)
);

-- The terminals' hash-chained payment events, partitioned by month of the event time. The primary
-- key must hold the partition key; (terminal, seq) uniqueness is kept by the ingest's continuity
-- check under the terminal's row lock.
CREATE TABLE events (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  seq           bigint NOT NULL,
  at            timestamptz NOT NULL,
  store_id      text NOT NULL,
  attempt_id    text NOT NULL,
  type          text NOT NULL,
  status        text NOT NULL,
  data          jsonb NOT NULL,
  prev_hash     text NOT NULL,
  hash          text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, terminal_id, seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX events_store_day ON events (merchant_id, store_id, at);

-- Current state of each payment attempt, kept by the ingest: what the dashboard sums.
CREATE TABLE attempts (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  attempt_id    text NOT NULL,
  store_id      text NOT NULL,
  scenario      text,
  amount_minor  bigint NOT NULL,
  currency      text NOT NULL,
  status        text NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, terminal_id, attempt_id)
);
CREATE INDEX attempts_day ON attempts (merchant_id, created_at, store_id);
CREATE INDEX attempts_unresolved ON attempts (merchant_id, created_at) WHERE status NOT IN ('succeeded', 'failed', 'cancelled');

-- Chain problems HQ found (gap, edit, reorder); the upload is refused and the flag stays for review.
CREATE TABLE chain_flags (
  merchant_id   text NOT NULL,
  terminal_id   text NOT NULL,
  flag_id       bigserial,
  at            timestamptz NOT NULL DEFAULT now(),
  kind          text NOT NULL,
  seq           bigint NOT NULL,
  detail        text NOT NULL,
  PRIMARY KEY (merchant_id, terminal_id, flag_id)
);

-- Alipay's notifications as received (path, headers, exact body), waiting for their terminal.
CREATE TABLE notifications (
  merchant_id     text NOT NULL,
  terminal_id     text NOT NULL,
  notification_id bigserial,
  received_at     timestamptz NOT NULL DEFAULT now(),
  path            text NOT NULL,
  headers         jsonb NOT NULL,
  body            bytea NOT NULL,
  delivered_at    timestamptz,
  outcome         text,
  PRIMARY KEY (merchant_id, terminal_id, notification_id)
);
CREATE INDEX notifications_waiting ON notifications (merchant_id, terminal_id, notification_id) WHERE delivered_at IS NULL;

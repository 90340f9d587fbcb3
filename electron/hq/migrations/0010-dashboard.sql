-- HQ schema 10 (the dashboard, issue 16 items 6–7). Every table and primary key leads with
-- merchant_id, as in schema 1, so each is distributed by it on Citus and co-located with the rest.

-- Head-office people: an owner sees the whole merchant, a store manager only the stores listed for
-- them in hq_account_stores. Passwords are kept as scrypt hashes (`scrypt$N$r$p$salt$hash`).
CREATE TABLE hq_accounts (
  merchant_id    text NOT NULL REFERENCES merchants(merchant_id),
  login          text NOT NULL,
  role           text NOT NULL CHECK (role IN ('owner', 'storeManager')),
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (merchant_id, login)
);

CREATE TABLE hq_account_stores (
  merchant_id  text NOT NULL,
  login        text NOT NULL,
  store_id     text NOT NULL,
  PRIMARY KEY (merchant_id, login, store_id),
  FOREIGN KEY (merchant_id, login) REFERENCES hq_accounts(merchant_id, login) ON DELETE CASCADE,
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores(merchant_id, store_id)
);

-- Sessions live here, not in an HQ process, so any instance behind the load balancer serves any
-- request. The cookie carries `<merchant>.<secret>`; only the secret's hash is stored.
CREATE TABLE hq_sessions (
  merchant_id   text NOT NULL,
  session_hash  text NOT NULL,
  login         text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, session_hash),
  FOREIGN KEY (merchant_id, login) REFERENCES hq_accounts(merchant_id, login) ON DELETE CASCADE
);

-- The merchant's business day is counted in its own time zone.
ALTER TABLE merchants ADD COLUMN time_zone text NOT NULL DEFAULT 'Asia/Shanghai';

-- Takings per hour, store, terminal, tender and currency: what the "today" dashboard sums, so it
-- reads a few hundred rows instead of the day's events. Kept exact by the trigger below in the same
-- transaction as the ingest's write to attempts: a payment counts while its attempt is succeeded,
-- and leaves its hour again if it is reversed. Bucketed by the attempt's creation (the sale's hour).
CREATE TABLE takings_hourly (
  merchant_id   text NOT NULL,
  hour          timestamptz NOT NULL,
  store_id      text NOT NULL,
  terminal_id   text NOT NULL,
  tender        text NOT NULL,
  currency      text NOT NULL,
  payments      bigint NOT NULL,
  amount_minor  bigint NOT NULL,
  PRIMARY KEY (merchant_id, hour, store_id, terminal_id, tender, currency)
);

CREATE FUNCTION takings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'succeeded' AND NEW.status IS DISTINCT FROM 'succeeded' THEN
    INSERT INTO takings_hourly AS t (merchant_id, hour, store_id, terminal_id, tender, currency, payments, amount_minor)
    VALUES (OLD.merchant_id, date_bin('1 hour', OLD.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), OLD.store_id, OLD.terminal_id, coalesce(OLD.scenario, 'unknown'), OLD.currency, -1, -OLD.amount_minor)
    ON CONFLICT (merchant_id, hour, store_id, terminal_id, tender, currency)
    DO UPDATE SET payments = t.payments + excluded.payments, amount_minor = t.amount_minor + excluded.amount_minor;
  END IF;
  IF NEW.status = 'succeeded' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'succeeded') THEN
    INSERT INTO takings_hourly AS t (merchant_id, hour, store_id, terminal_id, tender, currency, payments, amount_minor)
    VALUES (NEW.merchant_id, date_bin('1 hour', NEW.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), NEW.store_id, NEW.terminal_id, coalesce(NEW.scenario, 'unknown'), NEW.currency, 1, NEW.amount_minor)
    ON CONFLICT (merchant_id, hour, store_id, terminal_id, tender, currency)
    DO UPDATE SET payments = t.payments + excluded.payments, amount_minor = t.amount_minor + excluded.amount_minor;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER attempts_takings AFTER INSERT OR UPDATE OF status ON attempts
  FOR EACH ROW EXECUTE FUNCTION takings_apply();

-- Unresolved payments across the chain, oldest first: not yet final, or final but unproven.
CREATE INDEX attempts_open ON attempts (merchant_id, created_at)
  WHERE status IN ('created', 'awaitingCustomer', 'unknown', 'cancelling', 'reversing', 'unproven');

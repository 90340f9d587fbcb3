-- HQ schema 11 (issue 16 with issue 14's tenders): the cash tender counts in the day's takings. A
-- terminal uploads each cash tender of a sale as a `cashTender` record; the first copy HQ keeps of
-- one (terminal_rows, whose INSERT trigger fires only for a row new to HQ — a resend updates) adds it
-- to takings_hourly under the tender `cash`, in its creation hour, in the ingest's transaction.
-- Cash tenders never change once taken (a cash refund is its own record), so there is no reversal.
CREATE FUNCTION cash_takings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO takings_hourly AS t (merchant_id, hour, store_id, terminal_id, tender, currency, payments, amount_minor)
  VALUES (NEW.merchant_id, date_bin('1 hour', NEW.at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), NEW.store_id, NEW.terminal_id, 'cash',
          NEW.data->>'currency', 1, (NEW.data->>'applied_minor')::bigint)
  ON CONFLICT (merchant_id, hour, store_id, terminal_id, tender, currency)
  DO UPDATE SET payments = t.payments + excluded.payments, amount_minor = t.amount_minor + excluded.amount_minor;
  RETURN NULL;
END
$$;

CREATE TRIGGER terminal_rows_cash_takings AFTER INSERT ON terminal_rows
  FOR EACH ROW WHEN (NEW.kind = 'cashTender' AND NEW.data ? 'applied_minor') EXECUTE FUNCTION cash_takings_apply();

-- The dashboard's end-of-day and health reads: the latest rows of a kind per terminal.
CREATE INDEX terminal_rows_terminal_kind ON terminal_rows (merchant_id, terminal_id, kind, at DESC);

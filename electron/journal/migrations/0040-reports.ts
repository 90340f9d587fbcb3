import type { Migration } from './migration';

/**
 * End of day (DESIGN.md §9) and Alipay's settlement files (AMS.md §8).
 *
 * attempt_totals: counts and sums of payment attempts per UTC hour ('h') and minute ('m') bucket of
 *   created_at, per scenario, currency, cashier and status, kept exact by triggers in the same
 *   transaction as every attempt write. An X report over a day of a million attempts then sums a few
 *   thousand bucket rows instead of scanning the attempts; the two grains let a day boundary that is
 *   not on the hour (a 04:30 cut-off, a +05:45 zone, a Z closed at 21:07:13) be summed exactly:
 *   whole hours, then whole minutes, then the few raw rows of the partial minutes.
 * z_reports: one row per closed business day, numbered, immutable (triggers refuse UPDATE/DELETE):
 *   the day's exact range and the report as it was printed, with its hash.
 * chain_checkpoints: heads of the event chain verified in full, so an X report only has to verify the
 *   events appended since (a full walk of millions of events does not fit in an X report).
 * settlement_imports / settlement_rows / settlement_summaries: Alipay's files as imported, one
 *   import per file content (sha256 UNIQUE) and one row per Alipay transaction per file kind
 *   (the primary key), so importing the same file or an overlapping one twice can never count anything twice.
 */
export const m0040Reports: Migration = {
  version: 40,
  name: 'reports',
  up(db) {
    db.exec(`
      CREATE INDEX payment_attempts_created ON payment_attempts(created_at);

      CREATE TABLE attempt_totals (
        grain       TEXT NOT NULL CHECK (grain IN ('h','m')),
        bucket      INTEGER NOT NULL,                -- floor(created_at / 3600000) or / 60000
        scenario    TEXT NOT NULL,
        currency    TEXT NOT NULL,
        cashier_id  TEXT NOT NULL,
        status      TEXT NOT NULL,
        n           INTEGER NOT NULL,
        sum_minor   INTEGER NOT NULL,
        PRIMARY KEY (grain, bucket, scenario, currency, cashier_id, status)
      ) WITHOUT ROWID;

      CREATE TRIGGER attempt_totals_insert AFTER INSERT ON payment_attempts BEGIN
        INSERT INTO attempt_totals (grain, bucket, scenario, currency, cashier_id, status, n, sum_minor)
          SELECT g.grain, NEW.created_at / g.ms, NEW.scenario, NEW.currency, s.cashier_id, NEW.status, 1, NEW.amount_minor
          FROM (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g, sales s WHERE s.id = NEW.sale_id
          ON CONFLICT DO UPDATE SET n = n + 1, sum_minor = sum_minor + excluded.sum_minor;
      END;

      CREATE TRIGGER attempt_totals_update AFTER UPDATE OF status, amount_minor, currency, scenario, created_at, sale_id ON payment_attempts
      WHEN OLD.status IS NOT NEW.status OR OLD.amount_minor IS NOT NEW.amount_minor OR OLD.currency IS NOT NEW.currency
        OR OLD.scenario IS NOT NEW.scenario OR OLD.created_at IS NOT NEW.created_at OR OLD.sale_id IS NOT NEW.sale_id
      BEGIN
        UPDATE attempt_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'h' AND bucket = OLD.created_at / 3600000 AND scenario = OLD.scenario AND currency = OLD.currency
            AND cashier_id = (SELECT cashier_id FROM sales WHERE id = OLD.sale_id) AND status = OLD.status;
        UPDATE attempt_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'm' AND bucket = OLD.created_at / 60000 AND scenario = OLD.scenario AND currency = OLD.currency
            AND cashier_id = (SELECT cashier_id FROM sales WHERE id = OLD.sale_id) AND status = OLD.status;
        INSERT INTO attempt_totals (grain, bucket, scenario, currency, cashier_id, status, n, sum_minor)
          SELECT g.grain, NEW.created_at / g.ms, NEW.scenario, NEW.currency, s.cashier_id, NEW.status, 1, NEW.amount_minor
          FROM (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g, sales s WHERE s.id = NEW.sale_id
          ON CONFLICT DO UPDATE SET n = n + 1, sum_minor = sum_minor + excluded.sum_minor;
      END;

      CREATE TRIGGER attempt_totals_delete AFTER DELETE ON payment_attempts BEGIN
        UPDATE attempt_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'h' AND bucket = OLD.created_at / 3600000 AND scenario = OLD.scenario AND currency = OLD.currency
            AND cashier_id = (SELECT cashier_id FROM sales WHERE id = OLD.sale_id) AND status = OLD.status;
        UPDATE attempt_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'm' AND bucket = OLD.created_at / 60000 AND scenario = OLD.scenario AND currency = OLD.currency
            AND cashier_id = (SELECT cashier_id FROM sales WHERE id = OLD.sale_id) AND status = OLD.status;
      END;

      -- A sale changing hands moves its attempts' totals to the new cashier.
      CREATE TRIGGER attempt_totals_cashier AFTER UPDATE OF cashier_id ON sales WHEN OLD.cashier_id IS NOT NEW.cashier_id BEGIN
        UPDATE attempt_totals SET n = attempt_totals.n - t.n, sum_minor = attempt_totals.sum_minor - t.sum_minor
          FROM (SELECT g.grain, a.created_at / g.ms AS bucket, a.scenario, a.currency, a.status, count(*) AS n, sum(a.amount_minor) AS sum_minor
                FROM payment_attempts a, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
                WHERE a.sale_id = NEW.id GROUP BY 1, 2, 3, 4, 5) t
          WHERE attempt_totals.grain = t.grain AND attempt_totals.bucket = t.bucket AND attempt_totals.scenario = t.scenario
            AND attempt_totals.currency = t.currency AND attempt_totals.status = t.status AND attempt_totals.cashier_id = OLD.cashier_id;
        INSERT INTO attempt_totals (grain, bucket, scenario, currency, cashier_id, status, n, sum_minor)
          SELECT g.grain, a.created_at / g.ms, a.scenario, a.currency, NEW.cashier_id, a.status, count(*), sum(a.amount_minor)
          FROM payment_attempts a, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
          WHERE a.sale_id = NEW.id GROUP BY 1, 2, 3, 4, 6
          ON CONFLICT DO UPDATE SET n = n + excluded.n, sum_minor = sum_minor + excluded.sum_minor;
      END;

      INSERT INTO attempt_totals (grain, bucket, scenario, currency, cashier_id, status, n, sum_minor)
        SELECT g.grain, a.created_at / g.ms, a.scenario, a.currency, s.cashier_id, a.status, count(*), sum(a.amount_minor)
        FROM payment_attempts a JOIN sales s ON s.id = a.sale_id, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
        GROUP BY 1, 2, 3, 4, 5, 6;

      -- Refunds count on the day they succeeded (updated_at of a succeeded refund never moves again).
      CREATE INDEX refunds_settled ON refunds(status, updated_at);

      CREATE TABLE z_reports (
        number         INTEGER PRIMARY KEY,            -- Z1, Z2, … per terminal, never reused
        business_date  TEXT NOT NULL UNIQUE,           -- YYYY-MM-DD
        start_at       INTEGER NOT NULL,
        end_at         INTEGER NOT NULL CHECK (end_at >= start_at),
        closed_at      INTEGER NOT NULL,
        closed_by      TEXT NOT NULL,
        report_json    TEXT NOT NULL,
        report_sha256  TEXT NOT NULL
      );
      CREATE TRIGGER z_reports_immutable_update BEFORE UPDATE ON z_reports BEGIN
        SELECT RAISE(ABORT, 'a closed Z report is immutable');
      END;
      CREATE TRIGGER z_reports_immutable_delete BEFORE DELETE ON z_reports BEGIN
        SELECT RAISE(ABORT, 'a closed Z report is immutable');
      END;

      CREATE TABLE chain_checkpoints (
        seq          INTEGER PRIMARY KEY,
        hash         TEXT NOT NULL,
        verified_at  INTEGER NOT NULL
      );

      CREATE TABLE settlement_imports (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        kind           TEXT NOT NULL CHECK (kind IN ('transactionItems','settlementItems','settlementSummary')),
        file_name      TEXT NOT NULL,
        file_sha256    TEXT NOT NULL UNIQUE,
        settlement_date TEXT NOT NULL,                 -- YYYY-MM-DD, Alipay's day (Beijing)
        customer_id    TEXT NOT NULL,
        row_count      INTEGER NOT NULL,
        imported_at    INTEGER NOT NULL
      );
      CREATE INDEX settlement_imports_date ON settlement_imports(settlement_date, kind);

      CREATE TABLE settlement_rows (
        import_id                INTEGER NOT NULL REFERENCES settlement_imports(id),
        kind                     TEXT NOT NULL,
        line_no                  INTEGER NOT NULL,
        settlement_date          TEXT NOT NULL,
        transaction_id           TEXT NOT NULL,
        original_transaction_id  TEXT,
        transaction_request_id   TEXT NOT NULL,
        transaction_type         TEXT NOT NULL CHECK (transaction_type IN ('PAYMENT','REFUND','CANCEL')),
        payment_time             INTEGER NOT NULL,
        amount_minor             INTEGER NOT NULL,
        currency                 TEXT NOT NULL,
        reference_store_id       TEXT,
        settlement_minor         INTEGER,
        settlement_currency      TEXT,
        fee_minor                INTEGER,
        -- One row per Alipay transaction per file kind: the same transaction can never be counted twice.
        PRIMARY KEY (kind, transaction_id)
      ) WITHOUT ROWID;
      CREATE INDEX settlement_rows_date ON settlement_rows(settlement_date, kind);
      CREATE INDEX settlement_rows_request ON settlement_rows(transaction_request_id);

      CREATE TABLE settlement_summaries (
        import_id           INTEGER NOT NULL REFERENCES settlement_imports(id),
        batch_id            TEXT NOT NULL,
        currency            TEXT NOT NULL,
        transaction_count   INTEGER NOT NULL,
        transaction_minor   INTEGER NOT NULL,
        fee_minor           INTEGER NOT NULL,
        settlement_minor    INTEGER NOT NULL,
        PRIMARY KEY (batch_id, currency)
      );
    `);
  },
};

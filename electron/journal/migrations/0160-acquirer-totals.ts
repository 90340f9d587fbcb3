import type { Migration } from './migration';

/**
 * acquirer_totals: counts and sums of payment attempts per UTC hour ('h') and minute ('m') bucket of
 * created_at, per acquirer (AMS / 当面付), currency and status — the X/Z report's per-acquirer
 * breakdown. Kept apart from attempt_totals (whose key is scenario × cashier) so neither table's
 * key grows and the report reads a few thousand rows whatever the day's volume; the same triggers
 * pattern keeps it exact in the transaction of every attempt write. Rows already in the journal are
 * counted once here.
 */
export const m0160AcquirerTotals: Migration = {
  version: 160,
  name: 'acquirer-totals',
  up(db) {
    db.exec(`
      CREATE TABLE acquirer_totals (
        grain       TEXT NOT NULL CHECK (grain IN ('h','m')),
        bucket      INTEGER NOT NULL,
        acquirer    TEXT NOT NULL,
        currency    TEXT NOT NULL,
        status      TEXT NOT NULL,
        n           INTEGER NOT NULL,
        sum_minor   INTEGER NOT NULL,
        PRIMARY KEY (grain, bucket, acquirer, currency, status)
      ) WITHOUT ROWID;

      INSERT INTO acquirer_totals (grain, bucket, acquirer, currency, status, n, sum_minor)
        SELECT g.grain, a.created_at / g.ms, a.acquirer, a.currency, a.status, count(*), sum(a.amount_minor)
        FROM payment_attempts a, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
        GROUP BY 1, 2, 3, 4, 5;

      CREATE TRIGGER acquirer_totals_insert AFTER INSERT ON payment_attempts BEGIN
        INSERT INTO acquirer_totals (grain, bucket, acquirer, currency, status, n, sum_minor)
          SELECT g.grain, NEW.created_at / g.ms, NEW.acquirer, NEW.currency, NEW.status, 1, NEW.amount_minor
          FROM (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
          WHERE true
          ON CONFLICT DO UPDATE SET n = n + 1, sum_minor = sum_minor + excluded.sum_minor;
      END;

      CREATE TRIGGER acquirer_totals_update AFTER UPDATE OF status, amount_minor, currency, acquirer, created_at ON payment_attempts
      WHEN OLD.status IS NOT NEW.status OR OLD.amount_minor IS NOT NEW.amount_minor OR OLD.currency IS NOT NEW.currency
        OR OLD.acquirer IS NOT NEW.acquirer OR OLD.created_at IS NOT NEW.created_at
      BEGIN
        UPDATE acquirer_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'h' AND bucket = OLD.created_at / 3600000 AND acquirer = OLD.acquirer AND currency = OLD.currency AND status = OLD.status;
        UPDATE acquirer_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'm' AND bucket = OLD.created_at / 60000 AND acquirer = OLD.acquirer AND currency = OLD.currency AND status = OLD.status;
        INSERT INTO acquirer_totals (grain, bucket, acquirer, currency, status, n, sum_minor)
          SELECT g.grain, NEW.created_at / g.ms, NEW.acquirer, NEW.currency, NEW.status, 1, NEW.amount_minor
          FROM (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g
          WHERE true
          ON CONFLICT DO UPDATE SET n = n + 1, sum_minor = sum_minor + excluded.sum_minor;
      END;

      CREATE TRIGGER acquirer_totals_delete AFTER DELETE ON payment_attempts BEGIN
        UPDATE acquirer_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'h' AND bucket = OLD.created_at / 3600000 AND acquirer = OLD.acquirer AND currency = OLD.currency AND status = OLD.status;
        UPDATE acquirer_totals SET n = n - 1, sum_minor = sum_minor - OLD.amount_minor
          WHERE grain = 'm' AND bucket = OLD.created_at / 60000 AND acquirer = OLD.acquirer AND currency = OLD.currency AND status = OLD.status;
      END;
    `);
  },
};

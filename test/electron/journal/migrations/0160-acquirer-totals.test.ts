/**
 * 0160: the per-acquirer totals, back-filled from a 0150 journal with AMS and 当面付 attempts in three
 * currencies and every outcome, then kept by triggers — next to 0040's attempt totals, which must
 * stay exact too. Expectations come from the row definitions.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/journal/openJournal';
import {
  ATTEMPTS, D3, HOUR, MINUTE, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, triggersOf, upgradedFromPrevious,
} from '../../../helpers/journalAt';

interface Totals { [k: string]: { n: number; sum: number } }
interface Row { grain: string; bucket: number; acquirer: string; currency: string; status: string; n: number; sum_minor: number }
const keyOf = (r: Pick<Row, 'grain' | 'bucket' | 'acquirer' | 'currency' | 'status'>): string => [r.grain, r.bucket, r.acquirer, r.currency, r.status].join('|');

function expectedFromDefs(): Totals {
  const t: Totals = {};
  for (const a of ATTEMPTS) {
    for (const [grain, ms] of [['h', HOUR], ['m', MINUTE]] as const) {
      const k = keyOf({ grain, bucket: Math.floor(a.at / ms), acquirer: a.acquirer, currency: a.currency, status: a.status });
      const v = t[k] ?? { n: 0, sum: 0 };
      t[k] = { n: v.n + 1, sum: v.sum + a.minor };
    }
  }
  return t;
}

function stored(db: Db, table: 'acquirer_totals' | 'attempt_totals', opts: { keepZero?: boolean } = {}): Totals {
  const t: Totals = {};
  const key = table === 'acquirer_totals' ? 'acquirer' : "scenario || '|' || cashier_id";
  for (const r of db.prepare(`SELECT grain, bucket, ${key} AS acquirer, currency, status, n, sum_minor FROM ${table}`).all() as Row[]) {
    if (opts.keepZero || r.n !== 0) t[keyOf(r)] = { n: r.n, sum: r.sum_minor };
  }
  return t;
}

function plain(db: Db, table: 'acquirer_totals' | 'attempt_totals'): Totals {
  const t: Totals = {};
  const key = table === 'acquirer_totals' ? 'a.acquirer' : "a.scenario || '|' || s.cashier_id";
  const rows = db.prepare(`SELECT g.grain, a.created_at / g.ms AS bucket, ${key} AS acquirer, a.currency, a.status, count(*) AS n, sum(a.amount_minor) AS sum_minor
    FROM payment_attempts a JOIN sales s ON s.id = a.sale_id, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g GROUP BY 1, 2, 3, 4, 5`).all() as Row[];
  for (const r of rows) t[keyOf(r)] = { n: r.n, sum: r.sum_minor };
  return t;
}

describe('migration 0160 acquirer totals', () => {
  it('back-fills the per-acquirer totals of a 0150 journal exactly and keeps them under every attempt write', () => {
    const { j, before } = upgradedFromPrevious(160);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(stored(db, 'acquirer_totals', { keepZero: true })).toEqual(expectedFromDefs());
    expect(db.prepare("SELECT acquirer, currency, sum(n) AS n, sum(sum_minor) AS minor FROM acquirer_totals WHERE grain = 'h' AND status = 'succeeded' GROUP BY 1, 2 ORDER BY 1, 2").all()).toEqual([
      { acquirer: 'alipay-cn', currency: 'CNY', n: 1, minor: 6_600 },
      { acquirer: 'ams', currency: 'CNY', n: 3, minor: 12_800 + 4_550 + 3_000 },
      { acquirer: 'ams', currency: 'JPY', n: 1, minor: 1_500 },
      { acquirer: 'ams', currency: 'USD', n: 1, minor: 2_500 },
    ]);
    expect(triggersOf(db, 'payment_attempts')).toEqual([
      'acquirer_totals_delete', 'acquirer_totals_insert', 'acquirer_totals_update', 'attempt_totals_delete', 'attempt_totals_insert', 'attempt_totals_update',
    ]);
    const attemptTotalsBefore = stored(db, 'attempt_totals');

    db.transaction(() => {
      // A 当面付 attempt as the store writes it: inserted (AMS by default), marked, then paid.
      db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json)
        VALUES ('P-0100', 'S-0009', 'PaymentCode', 'created', 990, 'CNY', 0, ?, ?, '{}')`).run(D3 + 12 * HOUR, D3 + 12 * HOUR);
      db.prepare("UPDATE payment_attempts SET acquirer = 'alipay-cn' WHERE id = 'P-0100'").run();
      db.prepare("UPDATE payment_attempts SET status = 'succeeded' WHERE id = 'P-0100'").run();
      // Pre-upgrade attempts moving on, one of them the pre-upgrade 当面付 attempt.
      db.prepare("UPDATE payment_attempts SET status = 'succeeded' WHERE id = 'P-0007'").run();
      db.prepare("UPDATE payment_attempts SET status = 'reversed' WHERE id = 'P-0009'").run();
      db.prepare("UPDATE payment_attempts SET amount_minor = 700, currency = 'CNY', created_at = created_at + ? WHERE id = 'P-0011'").run(HOUR);
      db.prepare("UPDATE payment_attempts SET updated_at = updated_at + 1, state_json = '{}'").run();
      db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES ('P-0101', 'S-0009', 'OrderCode', 'created', 990, 'CNY', 0, 5, 5, '{}')").run();
      db.prepare("DELETE FROM payment_attempts WHERE id = 'P-0101'").run();
    })();
    expect(stored(db, 'acquirer_totals')).toEqual(plain(db, 'acquirer_totals'));
    expect(stored(db, 'attempt_totals')).toEqual(plain(db, 'attempt_totals'));
    expect(stored(db, 'attempt_totals')).not.toEqual(attemptTotalsBefore);
    expect(db.prepare("SELECT status, n, sum_minor FROM acquirer_totals WHERE grain = 'h' AND acquirer = 'alipay-cn' AND n <> 0 ORDER BY bucket").all()).toEqual([
      { status: 'reversed', n: 1, sum_minor: 6_600 },
      { status: 'succeeded', n: 1, sum_minor: 990 },
    ]);

    expectHealthy(db);
    expectRerunIsNoop(j, 160);
    j.db.close();
  });
});

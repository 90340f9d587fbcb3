/**
 * 0040: the attempt totals (back-filled from the attempts already in the journal, then kept by
 * triggers), Z reports, chain checkpoints and settlement imports — on a 0030 journal of three days
 * of trading in CNY, USD and JPY, every attempt outcome, two cashiers and the entry-code "default".
 * The expected totals are computed here from the row definitions, not read back from SQLite.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/journal/openJournal';
import {
  ATTEMPTS, D1, D2, D3, DAY, HOUR, MINUTE, REFUNDS, SALES, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf,
  triggersOf, upgradedFromPrevious,
} from '../../../helpers/journalAt';

type Key = string; // grain|bucket|scenario|currency|cashier|status
interface Totals { [k: Key]: { n: number; sum: number } }

function expectedFromDefs(): Totals {
  const t: Totals = {};
  for (const a of ATTEMPTS) {
    const cashier = SALES.find((s) => s.id === a.sale)!.cashier;
    for (const [grain, ms] of [['h', HOUR], ['m', MINUTE]] as const) {
      const k = [grain, Math.floor(a.at / ms), a.scenario, a.currency, cashier, a.status].join('|');
      const v = t[k] ?? { n: 0, sum: 0 };
      t[k] = { n: v.n + 1, sum: v.sum + a.minor };
    }
  }
  return t;
}

interface Row { grain: string; bucket: number; scenario: string; currency: string; cashier_id: string; status: string; n: number; sum_minor: number }
const keyOf = (r: Row): Key => [r.grain, r.bucket, r.scenario, r.currency, r.cashier_id, r.status].join('|');

/** The maintained table, rows that count nothing left out (a moved attempt leaves an n = 0 row behind). */
function stored(db: Db, opts: { keepZero?: boolean } = {}): Totals {
  const t: Totals = {};
  for (const r of db.prepare('SELECT * FROM attempt_totals').all() as Row[]) if (opts.keepZero || r.n !== 0) t[keyOf(r)] = { n: r.n, sum: r.sum_minor };
  return t;
}

/** The oracle after writes: the same grouping straight from the attempts as they are now. */
function plain(db: Db): Totals {
  const t: Totals = {};
  const rows = db.prepare(`SELECT g.grain, a.created_at / g.ms AS bucket, a.scenario, a.currency, s.cashier_id, a.status, count(*) AS n, sum(a.amount_minor) AS sum_minor
    FROM payment_attempts a JOIN sales s ON s.id = a.sale_id, (SELECT 'h' AS grain, 3600000 AS ms UNION ALL SELECT 'm', 60000) g GROUP BY 1, 2, 3, 4, 5, 6`).all() as Row[];
  for (const r of rows) t[keyOf(r)] = { n: r.n, sum: r.sum_minor };
  return t;
}

describe('migration 0040 reports', () => {
  it('back-fills the attempt totals of a 0030 journal exactly: per hour and minute, currency, cashier and status', () => {
    const { j, before } = upgradedFromPrevious(40);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));

    const want = expectedFromDefs();
    // The back-fill writes only buckets that count something, so the table is exactly the expectation.
    expect(stored(db, { keepZero: true })).toEqual(want);
    expect(Object.keys(want)).toHaveLength(2 * 11); // every typical attempt has its own hour and minute key

    const h = (at: number): number => Math.floor(at / HOUR);
    const hourRow = (bucket: number, status: string, cashier: string): { n: number; sum_minor: number } | undefined =>
      db.prepare("SELECT n, sum_minor FROM attempt_totals WHERE grain = 'h' AND bucket = ? AND status = ? AND cashier_id = ?").get(bucket, status, cashier) as never;
    // The last millisecond of an hour stays in it; the first of the next does not join it.
    expect(hourRow(h(D1 + HOUR - 1), 'succeeded', 'acc-alice')).toEqual({ n: 1, sum_minor: 4_550 });
    expect(hourRow(h(D1 + HOUR), 'succeeded', 'acc-bob')).toEqual({ n: 1, sum_minor: 3_000 });
    // A failed try and the successful retry of one sale are two attempts in two statuses, never summed together.
    expect(db.prepare("SELECT status, n, sum_minor FROM attempt_totals WHERE grain = 'h' AND bucket = ? AND cashier_id = 'acc-alice' AND status IN ('failed','succeeded') ORDER BY status").all(h(D1 + HOUR + 12 * MINUTE)))
      .toEqual([{ status: 'failed', n: 1, sum_minor: 12_800 }, { status: 'succeeded', n: 1, sum_minor: 12_800 }]);
    // The last millisecond of day 2 is in day 2's last hour; day 3 starts with the JPY entry-code sale of no cashier.
    expect(hourRow(h(D2 + DAY - 1), 'awaitingCustomer', 'acc-alice')).toEqual({ n: 1, sum_minor: 880 });
    expect(db.prepare("SELECT scenario, currency, cashier_id, n, sum_minor FROM attempt_totals WHERE grain = 'h' AND bucket = ?").all(h(D3)))
      .toEqual([{ scenario: 'EntryCode', currency: 'JPY', cashier_id: 'default', n: 1, sum_minor: 1_500 }]);
    // Per currency, never mixed: the USD rows hold only the USD attempts.
    expect(db.prepare("SELECT sum(n) AS n, sum(sum_minor) AS minor FROM attempt_totals WHERE grain = 'h' AND currency = 'USD'").get()).toEqual({ n: 2, minor: 1_999 + 2_500 });
    // What must not be back-filled: the sale that never had an attempt (S-0009, 990), the refunds, the events.
    expect(db.prepare("SELECT count(*) FROM attempt_totals WHERE grain = 'm' AND bucket = ?").pluck().get(Math.floor(SALES[8]!.at / MINUTE))).toBe(0);
    expect(db.prepare("SELECT count(*) FROM attempt_totals WHERE sum_minor = 990").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM attempt_totals WHERE bucket IN (?, ?)").pluck().get(h(REFUNDS[0].at), h(REFUNDS[1].at))).toBe(0);
    expect(db.prepare("SELECT sum(n) FROM attempt_totals WHERE grain = 'm'").pluck().get()).toBe(ATTEMPTS.length);
    expect(db.prepare("SELECT sum(n) FROM attempt_totals WHERE grain = 'h'").pluck().get()).toBe(ATTEMPTS.length);
    expect(db.prepare('SELECT count(*) FROM payment_events').pluck().get()).toBe(before.payment_events!.rows.length);

    expectHealthy(db);
    expectRerunIsNoop(j, 40);
    j.db.close();
  });

  it('keeps the back-filled totals exact under the writes that follow: new attempts, outcomes, amount and time changes, a cashier handover', () => {
    const { j } = upgradedFromPrevious(40);
    const db = j.db;
    expect(triggersOf(db, 'payment_attempts')).toEqual(['attempt_totals_delete', 'attempt_totals_insert', 'attempt_totals_update']);
    expect(triggersOf(db, 'sales')).toEqual(['attempt_totals_cashier']);

    db.transaction(() => {
      // A new attempt on a pre-upgrade sale, written created and then paid, as paymentStore does.
      db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json)
        VALUES ('P-0100', 'S-0009', 'PaymentCode', 'created', 990, 'CNY', 0, ?, ?, '{}')`).run(D3 + 12 * HOUR, D3 + 12 * HOUR);
      db.prepare("UPDATE payment_attempts SET status = 'succeeded', updated_at = updated_at + 1500 WHERE id = 'P-0100'").run();
      // Pre-upgrade attempts reaching their outcome.
      db.prepare("UPDATE payment_attempts SET status = 'succeeded' WHERE id = 'P-0007'").run();
      db.prepare("UPDATE payment_attempts SET status = 'failed' WHERE id = 'P-0011'").run();
      // A sale whose amount changed before paying, and an attempt moved across an hour boundary.
      db.prepare("UPDATE payment_attempts SET amount_minor = 4_000 WHERE id = 'P-0003'").run();
      db.prepare("UPDATE payment_attempts SET created_at = created_at + 2 WHERE id = 'P-0003'").run();
      // A touch of columns the totals do not depend on moves nothing.
      db.prepare("UPDATE payment_attempts SET updated_at = updated_at + 1, state_json = '{\"touched\":1}'").run();
      // The till hands S-0001 (a failed and a paid attempt) from Alice to Bob.
      db.prepare("UPDATE sales SET cashier_id = 'acc-bob' WHERE id = 'S-0001'").run();
      db.prepare("DELETE FROM payment_attempts WHERE id = 'P-0100'").run();
    })();
    expect(stored(db)).toEqual(plain(db));
    // The handover moved both of S-0001's attempts; the attempt moved across the hour (P-0003, 4000 now) joined the next hour.
    const hourOf = (cashier: string, status: string): unknown => db.prepare("SELECT coalesce(sum(n), 0) || '/' || coalesce(sum(sum_minor), 0) FROM attempt_totals WHERE grain = 'h' AND bucket = ? AND cashier_id = ? AND status = ?")
      .pluck().get(Math.floor((D1 + HOUR) / HOUR), cashier, status);
    expect([hourOf('acc-alice', 'failed'), hourOf('acc-bob', 'failed'), hourOf('acc-alice', 'succeeded'), hourOf('acc-bob', 'succeeded')]).toEqual(['0/0', '1/12800', '1/4000', '2/15800']);
    j.db.close();
  });

  it('adds Z reports that cannot be changed, chain checkpoints and settlement imports that count a transaction once', () => {
    const { j } = upgradedFromPrevious(40);
    const db = j.db;
    expect(indexesOf(db, 'payment_attempts')).toContain('payment_attempts_created');
    expect(indexesOf(db, 'refunds')).toContain('refunds_settled');
    expect(planOf(db, "SELECT sum(amount_minor) FROM refunds WHERE status = 'succeeded' AND updated_at >= ? AND updated_at < ?", D1, D2)).toMatch(/refunds_settled/);
    expect(planOf(db, 'SELECT id FROM payment_attempts WHERE created_at >= ? AND created_at < ?', D1, D2)).toMatch(/payment_attempts_created/);

    const z = db.prepare('INSERT INTO z_reports (number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    z.run(1, '2030-03-04', D1, D2, D2 + 60_000, 'manager', '{}', 'a'.repeat(64));
    expect(() => db.prepare("UPDATE z_reports SET report_json = '{\"net\":0}' WHERE number = 1").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM z_reports WHERE number = 1').run()).toThrow(/immutable/);
    expect(() => z.run(2, '2030-03-04', D2, D3, D3, 'manager', '{}', 'b')).toThrow(/UNIQUE/); // a day is closed once
    expect(() => z.run(2, '2030-03-05', D3, D2, D3, 'manager', '{}', 'b')).toThrow(/CHECK/);

    const head = db.prepare('SELECT seq, hash FROM chain_head').get() as { seq: number; hash: string };
    db.prepare('INSERT INTO chain_checkpoints (seq, hash, verified_at) VALUES (?, ?, ?)').run(head.seq, head.hash, D3);

    const imp = db.prepare("INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES (?, 'f.csv', ?, '2030-03-04', 'C', 1, 0)");
    const id = Number(imp.run('transactionItems', 'sha-1').lastInsertRowid);
    expect(() => imp.run('transactionItems', 'sha-1')).toThrow(/UNIQUE/); // the same file twice
    expect(() => imp.run('weeklyItems', 'sha-2')).toThrow(/CHECK/);
    const row = db.prepare(`INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, transaction_request_id, transaction_type, payment_time, amount_minor, currency)
      VALUES (?, 'transactionItems', ?, '2030-03-04', ?, ?, ?, 0, 12800, 'CNY')`);
    row.run(id, 1, '2030030411121800001', 'P-0002', 'PAYMENT');
    // An overlapping file carries the same transaction again: refused, never counted twice.
    expect(() => row.run(id, 7, '2030030411121800001', 'P-0002', 'PAYMENT')).toThrow(/PRIMARY|UNIQUE/);
    expect(() => row.run(id, 2, 'T-x', 'P-0003', 'CHARGEBACK')).toThrow(/CHECK/);
    expect(() => row.run(999, 3, 'T-y', 'P-0003', 'PAYMENT')).toThrow(/FOREIGN KEY/);
    expect(planOf(db, 'SELECT * FROM settlement_rows WHERE transaction_request_id = ?', 'P-0002')).toMatch(/settlement_rows_request/);

    expectHealthy(db);
    j.db.close();
  });
});

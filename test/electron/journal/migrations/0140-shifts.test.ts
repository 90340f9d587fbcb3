/** 0140: shifts and cash, on a 0120 journal with rows: no shift open after the upgrade, one open per drawer from then on. */
import { describe, expect, it } from 'vitest';
import { D3, HOUR, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0140 shifts', () => {
  it('keeps a 0120 journal and holds one open shift per terminal, its cash movements and cash tenders', () => {
    const { j, before } = upgradedFromPrevious(140);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(db.prepare('SELECT count(*) FROM shifts').pluck().get()).toBe(0);
    expect(indexesOf(db, 'shifts')).toEqual(['shifts_one_open', 'shifts_opened']);
    expect(indexesOf(db, 'refunds')).toContain('refunds_created');
    // The shift report's Alipay refunds of a window, pre-upgrade refunds included.
    const refunds = "SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM refunds WHERE created_at >= ? AND created_at < ? AND status = 'succeeded'";
    expect(planOf(db, refunds, 0, D3)).toMatch(/refunds_created|refunds_settled/);
    expect(db.prepare(refunds).get(0, D3)).toEqual({ n: 2, minor: 3_000 + 500 });

    const open = db.prepare("INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor, handed_from) VALUES (?, ?, 'acc-alice', 'open', 'CNY', ?, ?, ?)");
    open.run('SH-1', 'T-01', D3 + 7 * HOUR, 20_000, null);
    expect(db.prepare("SELECT auto_opened, closed_at, expected_minor FROM shifts WHERE id = 'SH-1'").get()).toEqual({ auto_opened: 0, closed_at: null, expected_minor: null });
    expect(() => open.run('SH-2', 'T-01', D3 + 8 * HOUR, 0, null)).toThrow(/UNIQUE/); // not even a race opens two
    open.run('SH-3', 'T-02', D3 + 8 * HOUR, 0, null); // another drawer may
    expect(() => open.run('SH-4', 'T-03', D3, -1, null)).toThrow(/CHECK/);
    // Open means not closed: a closed shift has its closing time and an open one has none.
    expect(() => db.prepare("UPDATE shifts SET status = 'closed' WHERE id = 'SH-1'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE shifts SET closed_at = 5 WHERE id = 'SH-1'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = 'acc-alice', expected_minor = 21200, counted_minor = 21200, variance_minor = 0 WHERE id = 'SH-1'").run(D3 + 18 * HOUR);
    open.run('SH-5', 'T-01', D3 + 18 * HOUR, 21_200, 'SH-1'); // handed over
    expect(() => open.run('SH-6', 'T-04', D3, 0, 'SH-none')).toThrow(/FOREIGN KEY/);

    const move = db.prepare("INSERT INTO cash_movements (shift_id, at, kind, amount_minor, currency, reason, actor, sale_id) VALUES (?, 0, ?, ?, 'CNY', NULL, 'acc-alice', ?)");
    move.run('SH-5', 'float', 21_200, null);
    move.run('SH-5', 'cashSale', 990, 'S-0009'); // a cash tender of a sale written before the upgrade
    expect(() => move.run('SH-5', 'tip', 100, null)).toThrow(/CHECK/);
    expect(() => move.run('SH-5', 'paidOut', -100, null)).toThrow(/CHECK/);
    expect(() => move.run('SH-none', 'paidIn', 100, null)).toThrow(/FOREIGN KEY/);
    const tender = db.prepare("INSERT INTO sale_tenders (id, sale_id, shift_id, kind, applied_minor, tendered_minor, change_minor, currency, created_at, actor) VALUES (?, 'S-0009', 'SH-5', ?, ?, ?, ?, 'CNY', 0, 'acc-alice')");
    tender.run('TD-1', 'cash', 990, 1_000, 10);
    expect(db.prepare("SELECT rounding_minor FROM sale_tenders WHERE id = 'TD-1'").pluck().get()).toBe(0);
    expect(() => tender.run('TD-2', 'cash', 990, 500, 0)).toThrow(/CHECK/); // never applies more than was handed over
    expect(() => tender.run('TD-3', 'card', 990, 990, 0)).toThrow(/CHECK/);
    db.prepare("INSERT INTO cash_refunds (id, sale_id, shift_id, amount_minor, currency, actor, created_at) VALUES ('CR-1', 'S-0009', 'SH-5', 200, 'CNY', 'acc-bob', 0)").run();
    expect(() => db.prepare("INSERT INTO cash_refunds (id, sale_id, shift_id, amount_minor, currency, actor, created_at) VALUES ('CR-2', 'S-0009', 'SH-5', 0, 'CNY', 'acc-bob', 0)").run()).toThrow(/CHECK/);

    expectHealthy(db);
    expectRerunIsNoop(j, 140);
    j.db.close();
  });
});

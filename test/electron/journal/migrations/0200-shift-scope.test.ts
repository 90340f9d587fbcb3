/**
 * 0200-shift-scope: a journal written before the 交班单 was scoped by shift id is upgraded with its
 * data — every attempt and refund gets the shift whose window held it (none outside any shift), and
 * what is recorded afterwards is stamped with the shift open at the time.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { MIGRATIONS } from '../../../../electron/journal/migrations';
import { createShiftRepo } from '../../../../electron/journal/repos/shiftRepo';
import { tempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2030, 0, 1, 1, 0, 0);
const H = 3_600_000;

describe('migration 0200 shift-scope', () => {
  it('back-fills shift_id on an existing journal by the old window and stamps new rows with the open shift', () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const old = openJournal(file, { migrations: MIGRATIONS.filter((m) => m.version < 200) });
    expect(old.pragma('user_version', { simple: true })).toBeLessThan(200);
    const shift = old.prepare("INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor, closed_at) VALUES (?, 'T01', 'a1', ?, 'CNY', ?, 0, ?)");
    shift.run('SH1', 'closed', T0, T0 + 2 * H);
    // The hand-over: SH2 opens in the very millisecond SH1 closed.
    shift.run('SH2', 'closed', T0 + 2 * H, T0 + 4 * H);
    const sale = old.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'paid', ?, 'CNY')");
    const att = old.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES (?, ?, 'PaymentCode', 'succeeded', ?, 'CNY', 0, ?, ?, '{}')");
    const refund = old.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES (?, ?, ?, ?, 'CNY', 'succeeded', 'a1', ?, ?)");
    const rows: Array<[string, number, number]> = [['P1', T0 + H, 1_000], ['P2', T0 + 3 * H, 2_000], ['P3', T0 + 5 * H, 4_000]];
    for (const [id, at, minor] of rows) {
      sale.run(`S${id}`, at, at, minor);
      att.run(id, `S${id}`, minor, at, at);
    }
    refund.run('R1', 'P1', 'SP1', 300, T0 + 3 * H, T0 + 3 * H); // refunded during SH2
    old.close();

    const db = openJournal(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const shiftOf = (table: string, id: string): string | null => (db.prepare(`SELECT shift_id AS s FROM ${table} WHERE id = ?`).get(id) as { s: string | null }).s;
    expect(shiftOf('payment_attempts', 'P1')).toBe('SH1');
    expect(shiftOf('payment_attempts', 'P2')).toBe('SH2');
    expect(shiftOf('payment_attempts', 'P3')).toBeNull(); // after every shift: in no 交班单
    expect(shiftOf('refunds', 'R1')).toBe('SH2');

    const repo = createShiftRepo(db);
    expect(repo.reportRows('SH1').alipay).toEqual([{ scenario: 'PaymentCode', n: 1, minor: 1_000 }]);
    expect(repo.reportRows('SH1').alipayRefunds).toEqual({ n: 0, minor: 0 });
    expect(repo.reportRows('SH2').alipay).toEqual([{ scenario: 'PaymentCode', n: 1, minor: 2_000 }]);
    expect(repo.reportRows('SH2').alipayRefunds).toEqual({ n: 1, minor: 300 });

    // After the upgrade: the open shift is stamped on what is recorded, whatever its time.
    db.prepare("INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor) VALUES ('SH3', 'T01', 'a1', 'open', 'CNY', ?, 0)").run(T0 + 6 * H);
    db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES ('SP4', ?, ?, 'paid', 500, 'CNY')").run(T0, T0);
    db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES ('P4', 'SP4', 'OrderCode', 'succeeded', 500, 'CNY', 0, ?, ?, '{}')").run(T0, T0);
    db.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES ('R4', 'P4', 'SP4', 100, 'CNY', 'succeeded', 'a1', ?, ?)").run(T0, T0);
    expect(shiftOf('payment_attempts', 'P4')).toBe('SH3');
    expect(shiftOf('refunds', 'R4')).toBe('SH3');
    expect(repo.reportRows('SH3').alipay).toEqual([{ scenario: 'OrderCode', n: 1, minor: 500 }]);
    expect(repo.reportRows('SH1').alipay).toEqual([{ scenario: 'PaymentCode', n: 1, minor: 1_000 }]);
    db.close();
  });
});

/** 0110: counter accounts and who-did-it in the audit trail, on a 0100 journal with rows. */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0110 accounts', () => {
  it('keeps a 0100 journal, leaves its audit rows without an account, and keeps account ids, badges and roles apart', () => {
    const { j, before } = upgradedFromPrevious(110);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    // Nobody signed in before accounts existed: the old audit rows name no account, rather than a wrong one.
    expect(db.prepare('SELECT action, account_id, approved_by FROM audit_log ORDER BY id').all()).toEqual([
      { action: 'settings.save', account_id: null, approved_by: null },
      { action: 'receipt.reprint', account_id: null, approved_by: null },
      { action: 'sale.void', account_id: null, approved_by: null },
    ]);

    const add = db.prepare('INSERT INTO accounts (id, short_id, name, role, pin_json, badge_sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)');
    add.run('acc-alice', 'alice', 'Alice Wang', 'cashier', '{"v":1}', 'b1');
    expect(db.prepare("SELECT failures, locked_until, disabled FROM accounts WHERE id = 'acc-alice'").get()).toEqual({ failures: 0, locked_until: null, disabled: 0 });
    expect(() => add.run('acc-2', 'ALICE', 'Alice Two', 'cashier', null, null)).toThrow(/UNIQUE/); // short ids ignore case
    expect(() => add.run('acc-3', 'carl', 'Carl', 'cashier', null, 'b1')).toThrow(/UNIQUE/); // a badge is one person's
    expect(() => add.run('acc-4', 'dora', 'Dora', 'owner', null, null)).toThrow(/CHECK/);
    add.run('acc-5', 'erin', 'Erin', 'manager', null, null); // an account may have neither PIN nor badge yet
    expect(() => db.prepare("UPDATE accounts SET disabled = 2 WHERE id = 'acc-5'").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO audit_log (at, actor, action, details_json, account_id, approved_by) VALUES (1, 'supervisor', 'refund.approve', '{}', 'acc-alice', 'acc-5')").run();

    expectHealthy(db);
    expectRerunIsNoop(j, 110);
    j.db.close();
  });
});

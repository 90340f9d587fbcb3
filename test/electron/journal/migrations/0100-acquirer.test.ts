/** 0100: which acquirer took an attempt, on a 0090 journal with rows: every attempt from before is AMS. */
import { describe, expect, it } from 'vitest';
import { ATTEMPTS, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0100 acquirer', () => {
  it('marks every attempt of a 0090 journal AMS and accepts only the two acquirers', () => {
    const { j, before } = upgradedFromPrevious(100);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(db.prepare('SELECT acquirer, count(*) AS n FROM payment_attempts GROUP BY 1').all()).toEqual([{ acquirer: 'ams', n: ATTEMPTS.length }]);
    expect(dumpTables(db).payment_attempts!.cols.at(-1)).toBe('acquirer');

    // As attemptAcquirerRepo: a 当面付 attempt is written and marked in the same transaction.
    db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json)
      VALUES ('P-cn', 'S-0009', 'PaymentCode', 'created', 990, 'CNY', 0, 0, 0, '{}')`).run();
    expect(db.prepare("SELECT acquirer FROM payment_attempts WHERE id = 'P-cn'").pluck().get()).toBe('ams');
    db.prepare("UPDATE payment_attempts SET acquirer = 'alipay-cn' WHERE id = 'P-cn'").run();
    expect(db.prepare("SELECT acquirer FROM payment_attempts WHERE id = 'P-cn'").pluck().get()).toBe('alipay-cn');
    expect(() => db.prepare("UPDATE payment_attempts SET acquirer = 'wechat' WHERE id = 'P-0002'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE payment_attempts SET acquirer = NULL WHERE id = 'P-0002'").run()).toThrow(/NOT NULL/);

    expectHealthy(db);
    expectRerunIsNoop(j, 100);
    j.db.close();
  });
});

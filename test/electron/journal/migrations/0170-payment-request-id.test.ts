/**
 * 0170 (the attemptId → paymentRequestId rename): the request-id column renamed in place in four
 * tables of a 0160 journal with rows (this folder is left out of the mechanical rename).
 */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, upgradedFromPrevious } from '../../../helpers/journalAt';

const TABLES = ['payment_events', 'refunds', 'payment_notifications', 'entry_submissions'];

describe('migration 0170 payment request id', () => {
  it('renames attempt_id in place in a 0160 journal: same rows, same positions, indexes and keys follow', () => {
    const { j, before } = upgradedFromPrevious(170);
    const db = j.db;
    const after = dumpTables(db);
    expectRowsKept(before, after);
    for (const t of TABLES) {
      const i = before[t]!.cols.indexOf('attempt_id');
      expect(i, t).toBeGreaterThanOrEqual(0);
      expect(after[t]!.cols[i], t).toBe('payment_request_id');
      expect(after[t]!.cols).not.toContain('attempt_id');
    }
    // The indexes now cover the renamed column (SQLite rewrote them), under their old names.
    for (const [table, index] of [['payment_events', 'payment_events_attempt'], ['refunds', 'refunds_attempt'], ['entry_submissions', 'entry_submissions_attempt']] as const) {
      expect(indexesOf(db, table)).toContain(index);
      expect(db.prepare(`SELECT name FROM pragma_index_info('${index}')`).pluck().all()[0]).toBe('payment_request_id');
    }
    // The references still hold: a refund of an attempt that does not exist is refused.
    expect(() => db.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES ('R-x', 'P-none', 'S-0001', 1, 'CNY', 'pending', 'a', 0, 0)").run())
      .toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT sum(amount_minor) FROM refunds WHERE payment_request_id = 'P-0002'").pluck().get()).toBe(800);
    expectHealthy(db); // the chain hashes the value, not the column name: unbroken
    expectRerunIsNoop(j, 170);
    j.db.close();
  });
});

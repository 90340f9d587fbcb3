/** 0060: entry-code submissions, on a 0050 journal with rows (its entry-code sale S-0007 predates the table). */
import { describe, expect, it } from 'vitest';
import { D3, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0060 entry code', () => {
  it('keeps a 0050 journal and records one submission per form nonce, following the attempt that stands for it', () => {
    const { j, before } = upgradedFromPrevious(60);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(indexesOf(db, 'entry_submissions')).toEqual(['entry_submissions_attempt', 'entry_submissions_sale']);
    expect(indexesOf(db, 'payment_attempts')).toContain('payment_attempts_scenario');

    const submit = db.prepare(`INSERT INTO entry_submissions (id, ref, sale_id, attempt_id, amount_minor, currency, locale, user_agent, created_at, updated_at)
      VALUES (?, ?, 'S-0007', 'P-0008', 1500, 'JPY', ?, 'AlipayClient/10.5', ?, ?)`);
    submit.run('nonce-1', 'ref-1', 'en', D3, D3);
    expect(db.prepare("SELECT retries FROM entry_submissions WHERE id = 'nonce-1'").pluck().get()).toBe(0);
    // A double submit of the same form finds the first one instead of making a second order.
    expect(() => submit.run('nonce-1', 'ref-2', 'en', D3, D3)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => submit.run('nonce-2', 'ref-1', 'en', D3, D3)).toThrow(/UNIQUE/);
    expect(() => submit.run('nonce-3', 'ref-3', 'fr', D3, D3)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE entry_submissions SET attempt_id = 'P-none' WHERE id = 'nonce-1'").run()).toThrow(/FOREIGN KEY/);
    expect(planOf(db, 'SELECT id FROM entry_submissions WHERE attempt_id = ?', 'P-0008')).toMatch(/entry_submissions_attempt/);

    // The cashier's live feed: the newest entry-code attempts, pre-upgrade ones included.
    const feed = "SELECT id FROM payment_attempts WHERE scenario = 'EntryCode' ORDER BY created_at DESC LIMIT 20";
    expect(planOf(db, feed)).toMatch(/payment_attempts_scenario/);
    expect(db.prepare(feed).pluck().all()).toEqual(['P-0008']);

    expectHealthy(db);
    expectRerunIsNoop(j, 60);
    j.db.close();
  });
});

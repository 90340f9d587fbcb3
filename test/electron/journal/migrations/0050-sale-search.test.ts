/** 0050: the history search's indexes, on a 0040 journal with rows: the searches find the same rows, through the new indexes. */
import { describe, expect, it } from 'vitest';
import { D3, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0050 sale search', () => {
  it('indexes a 0040 journal for newest-first paging, the status filter and the code tail', () => {
    const { j, before } = upgradedFromPrevious(50);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(indexesOf(db, 'sales')).toEqual(['sales_created', 'sales_created_id', 'sales_status_created']);
    expect(indexesOf(db, 'payment_attempts')).toContain('payment_attempts_code_tail');

    const page = 'SELECT id FROM sales WHERE (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 3';
    expect(planOf(db, page, D3 + 9 * 3_600_000, 'S-9')).toMatch(/sales_created_id/);
    expect(planOf(db, page, D3 + 9 * 3_600_000, 'S-9')).not.toMatch(/TEMP B-TREE/);
    expect(db.prepare(page).pluck().all(D3 + 9 * 3_600_000, 'S-9')).toEqual(['S-0010', 'S-0009', 'S-0008']);
    const byStatus = "SELECT id FROM sales WHERE status = 'paid' ORDER BY created_at DESC";
    expect(planOf(db, byStatus)).toMatch(/sales_status_created/);
    expect(db.prepare(byStatus).pluck().all()).toEqual(['S-0008', 'S-0007', 'S-0001', 'S-0002']);
    const byTail = 'SELECT id FROM payment_attempts WHERE code_tail = ?';
    expect(planOf(db, byTail, '4821')).toMatch(/payment_attempts_code_tail/);
    expect(db.prepare(byTail).pluck().all('4821')).toEqual(['P-0002']);

    expectHealthy(db);
    expectRerunIsNoop(j, 50);
    j.db.close();
  });
});

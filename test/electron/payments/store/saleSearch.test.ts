import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { saleSearchSql, searchSaleIds } from '../../../../electron/journal/repos/salesRepo';
import { redactEventData } from '../../../../electron/payments/store/attemptJournal';

describe('sale search', () => {
  it('binds every value and pages with one extra row', () => {
    const q = saleSearchSql({ statuses: ['paid', 'refunded'], codeTail: '1234', minAmountMinor: 5, limit: 20, cursor: '100:Sabc' });
    expect(q.sql).not.toContain('1234');
    expect(q.params).toEqual(['paid', 'refunded', 5, '1234', 100, 100, 'Sabc', 21]);
  });

  it('uses the indexes of migration 0050 (no full scan for a code tail or a date range)', () => {
    const db = openJournal(':memory:');
    const plan = (f: Parameters<typeof saleSearchSql>[0]): string => {
      const q = saleSearchSql(f);
      return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
    };
    expect(plan({ codeTail: '1234', limit: 10 })).toContain('payment_attempts_code_tail');
    expect(plan({ from: 1, to: 2, limit: 10 })).toMatch(/USING (COVERING )?INDEX sales_created/);
    expect(plan({ limit: 10 })).not.toContain('USE TEMP B-TREE');
    db.close();
  });

  it('finds rows on a real journal, newest first', () => {
    const db = openJournal(':memory:');
    const ins = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, ?, ?, 'CNY')");
    for (let i = 1; i <= 5; i++) ins.run(`S${i}`, i * 1000, i * 1000, i % 2 ? 'paid' : 'open', i * 100);
    expect(searchSaleIds(db, { statuses: ['paid'], limit: 2 })).toEqual({ ids: ['S5', 'S3'], nextCursor: '3000:S3' });
    expect(searchSaleIds(db, { statuses: ['paid'], limit: 2, cursor: '3000:S3' })).toEqual({ ids: ['S1'], nextCursor: null });
    expect(searchSaleIds(db, { minAmountMinor: 200, maxAmountMinor: 300, limit: 9 }).ids).toEqual(['S3', 'S2']);
    db.close();
  });

  it('timeline data loses anything shaped like a secret but keeps the code tail', () => {
    expect(redactEventData({ codeTail: '1234', code: '281234567890123456', nested: { signature: 'x', ok: 1 }, list: [{ privateKey: 'k', a: 2 }] })).toEqual({
      codeTail: '1234', nested: { ok: 1 }, list: [{ a: 2 }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { storeClose } from '../../../electron/hq/dashboardQueries';
import type { HqReconciliation } from '../../../shared/hq/hqDashboard';

const z = (terminal_id: string, number: number, business_date: string, net: number) => ({
  terminal_id, store_id: 'S1', number, business_date, closed_at: String(Date.UTC(2026, 11, 2, 15)), totals: [{ currency: 'CNY', sales: { minor: net + 100 }, refunds: { minor: 100 }, net }],
});
const rec = (status: HqReconciliation['status'], matched: number, mismatches: number): HqReconciliation => ({ date: '2026-12-02', generatedAt: 0, status, imports: status === 'notImported' ? 0 : 1, matched, mismatches });

describe("a store's end of day on the dashboard", () => {
  it('is the latest closed day across its terminals, its Z reports summed per currency', () => {
    const c = storeClose([z('T1', 5, '2026-12-02', 3_300), z('T2', 9, '2026-12-02', 880), z('T3', 2, '2026-12-01', 999)], new Map());
    expect(c.businessDate).toBe('2026-12-02');
    expect(c.zReports.map((x) => x.terminalId)).toEqual(['T1', 'T2']);
    expect(c.totals).toEqual([{ currency: 'CNY', sales: { minor: 4_380, currency: 'CNY' }, refunds: { minor: 200, currency: 'CNY' }, net: { minor: 4_180, currency: 'CNY' } }]);
    expect(c.reconciliation).toEqual({ status: 'notImported', matched: 0, mismatches: 0, terminals: 2 });
  });

  it('reconciliation: mismatches win, then any terminal not imported, else matched', () => {
    const zs = [z('T1', 5, '2026-12-02', 1), z('T2', 9, '2026-12-02', 1)];
    const key = (t: string): string => `${t}|2026-12-02`;
    expect(storeClose(zs, new Map([[key('T1'), rec('matched', 4, 0)], [key('T2'), rec('matched', 2, 0)]])).reconciliation).toEqual({ status: 'matched', matched: 6, mismatches: 0, terminals: 2 });
    expect(storeClose(zs, new Map([[key('T1'), rec('matched', 4, 0)]])).reconciliation?.status).toBe('notImported');
    expect(storeClose(zs, new Map([[key('T1'), rec('mismatches', 3, 2)], [key('T2'), rec('notImported', 0, 0)]])).reconciliation).toEqual({ status: 'mismatches', matched: 3, mismatches: 2, terminals: 2 });
  });

  it('no Z yet: nothing to show', () => {
    expect(storeClose([], new Map())).toEqual({ businessDate: null, zReports: [], totals: [], reconciliation: null });
  });
});

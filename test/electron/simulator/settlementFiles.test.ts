import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../../shared/domain/money';
import { newRefundRequestId } from '../../../shared/domain/ids';
import { SETTLEMENT_SUMMARY_COLUMNS, TRANSACTION_ITEM_COLUMNS } from '../../../electron/simulator/settlementFiles';
import { codePay, freshCode, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const rows = (csv: string): string[][] => csv.trimEnd().split('\n').map((l) => l.split(','));

describe('transaction-items and settlement files (AMS.md §8)', () => {
  it('lists payments, refunds and cancels of paid payments for the day, in the documented CSV format', async () => {
    const a = await h.client.pay(codePay(freshCode(), 1000));
    const b = await h.client.pay(codePay(freshCode(), 500));
    const aId = a.outcome === 'S' ? a.body.paymentId! : '';
    const bId = b.outcome === 'S' ? b.body.paymentId! : '';
    const refundRequestId = newRefundRequestId();
    expect((await h.client.refund({ refundRequestId, paymentId: aId, refundAmount: money(300, 'CNY') })).outcome).toBe('S');
    expect((await h.client.cancel({ paymentId: bId })).outcome).toBe('S');

    const day = h.sim.files.today();
    const f = h.sim.files.transactionItems(day);
    expect(f.path).toBe(`/v1/settlements/${h.sim.clientId}/${day}/transactionItems_${day}_000.csv`);
    const r = rows(f.csv);
    expect(r[0]).toEqual([...TRANSACTION_ITEM_COLUMNS]);
    expect(r[r.length - 1]).toEqual(['<END>']);
    const body = r.slice(1, -1);
    const col = (name: string): number => TRANSACTION_ITEM_COLUMNS.indexOf(name as (typeof TRANSACTION_ITEM_COLUMNS)[number]);
    const byType = (t: string) => body.filter((x) => x[col('transactionType')] === t);
    expect(byType('PAYMENT').map((x) => x[col('transactionAmountValue')]).sort()).toEqual(['1000', '500']);
    expect(byType('REFUND')).toHaveLength(1);
    expect(byType('REFUND')[0]![col('originalTransactionId')]).toBe(aId);
    expect(byType('REFUND')[0]![col('transactionRequestId')]).toBe(refundRequestId);
    expect(byType('REFUND')[0]![col('transactionAmountValue')]).toBe('-300');
    expect(byType('CANCEL')[0]![col('originalTransactionId')]).toBe(bId);

    const files = h.sim.files.settlement(day);
    const summary = files.find((x) => x.path.includes('settlementSummary_'))!;
    // Alipay's name: settlementSummary_<pspName>_<settlementCurrency>_<settlementBatchId>_<seq>.csv
    expect(summary.path).toMatch(new RegExp(`/settlementSummary_ALIPAY_CN_CNY_${day}CNY_000\\.csv$`));
    const s = rows(summary.csv);
    expect(s[0]).toEqual([...SETTLEMENT_SUMMARY_COLUMNS]);
    expect(s[0]).not.toContain('transactionAmountValue'); // removed from the summary in 2021
    const scol = (name: string): number => SETTLEMENT_SUMMARY_COLUMNS.indexOf(name as (typeof SETTLEMENT_SUMMARY_COLUMNS)[number]);
    const sumBy = new Map(s.slice(1, -1).map((x) => [x[scol('summaryType')]!, x]));
    expect([...sumBy.keys()]).toEqual(['PAYMENT', 'REFUND', 'CANCEL', 'TOTAL']);
    const total = sumBy.get('TOTAL')!;
    expect(total[scol('count')]).toBe('4');
    const gross = 1000 + 500 - 300 - 500;
    expect(Number(total[scol('settlementAmountValue')]) + Number(total[scol('feeAmountValue')])).toBe(gross);
    const parts = ['PAYMENT', 'REFUND', 'CANCEL'].map((t) => Number(sumBy.get(t)![scol('settlementAmountValue')]));
    expect(parts.reduce((x, y) => x + y, 0)).toBe(Number(total[scol('settlementAmountValue')]));
    expect(files.some((x) => /settlementItems_ALIPAY_CN_CNY_/.test(x.path))).toBe(true);
  });

  it('an empty day still has a summary file; the control API serves the CSV', async () => {
    const files = h.sim.files.settlement('20000101');
    expect(files).toHaveLength(1);
    // "When no transaction occurs … the summary file is still provided, but the total amount is 0."
    expect(rows(files[0]!.csv)).toEqual([[...SETTLEMENT_SUMMARY_COLUMNS], ['20000101CNY', h.sim.clientId, 'ALIPAY_CN', 'TOTAL', '0', '2000-01-01T23:59:59+08:00', '0', 'CNY', '0', 'CNY', '0', 'CNY'], ['<END>']]);
    const res = await fetch(`${h.sim.url}/__sim/files/transactionItems?date=${h.sim.files.today()}`);
    expect(res.headers.get('x-sim-file-path')).toContain('transactionItems_');
    expect((await res.text()).trimEnd().endsWith('<END>')).toBe(true);
  });
});

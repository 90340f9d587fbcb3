import { describe, expect, it } from 'vitest';
import { checkRefundAmount, EMPTY_FILTERS, localDayStart, toSaleSearch } from '../../../renderer/cashier/historyFilters';

describe('history filters', () => {
  it('turns typed filters into a sale:search request without floats', () => {
    expect(toSaleSearch(EMPTY_FILTERS, 'CNY')).toEqual({ ok: true, search: { limit: 30 } });
    const r = toSaleSearch({ fromDate: '2026-03-01', toDate: '2026-03-02', status: 'paid', minAmount: '0.1', maxAmount: '1,234.56', codeTail: '7788' }, 'CNY');
    expect(r).toEqual({
      ok: true,
      search: {
        limit: 30, from: new Date(2026, 2, 1).getTime(), to: new Date(2026, 2, 3).getTime(), statuses: ['paid'], minAmountMinor: 10, maxAmountMinor: 123_456, codeTail: '7788',
      },
    });
    expect(toSaleSearch({ ...EMPTY_FILTERS, minAmount: '5' }, 'JPY')).toMatchObject({ search: { minAmountMinor: 5 } });
  });

  it('names the field that is wrong', () => {
    expect(toSaleSearch({ ...EMPTY_FILTERS, fromDate: '2026-02-30' }, 'CNY')).toEqual({ ok: false, error: 'fromDate' });
    expect(toSaleSearch({ ...EMPTY_FILTERS, fromDate: '2026-03-05', toDate: '2026-03-01' }, 'CNY')).toEqual({ ok: false, error: 'dateOrder' });
    expect(toSaleSearch({ ...EMPTY_FILTERS, minAmount: '1.234' }, 'CNY')).toEqual({ ok: false, error: 'minAmount' });
    expect(toSaleSearch({ ...EMPTY_FILTERS, maxAmount: 'abc' }, 'CNY')).toEqual({ ok: false, error: 'maxAmount' });
    expect(toSaleSearch({ ...EMPTY_FILTERS, minAmount: '9', maxAmount: '1' }, 'CNY')).toEqual({ ok: false, error: 'amountOrder' });
    expect(toSaleSearch({ ...EMPTY_FILTERS, codeTail: '12' }, 'CNY')).toEqual({ ok: false, error: 'codeTail' });
  });

  it('the same day for start and end is one whole day', () => {
    const r = toSaleSearch({ ...EMPTY_FILTERS, fromDate: '2026-01-31', toDate: '2026-01-31' }, 'CNY');
    expect(r.ok && (r.search.to ?? 0) - (r.search.from ?? 0)).toBe(new Date(2026, 1, 1).getTime() - new Date(2026, 0, 31).getTime());
    expect(localDayStart('2026-13-01')).toBeNull();
  });

  it('checks a refund amount against what is still refundable', () => {
    expect(checkRefundAmount('2.50', 'CNY', 1_250)).toEqual({ ok: true, minor: 250 });
    expect(checkRefundAmount('12.51', 'CNY', 1_250)).toEqual({ ok: false, error: 'tooMuch' });
    expect(checkRefundAmount('0', 'CNY', 1_250)).toEqual({ ok: false, error: 'zero' });
    expect(checkRefundAmount('1.005', 'CNY', 1_250)).toEqual({ ok: false, error: 'amount' });
  });
});

import { describe, expect, it } from 'vitest';
import { checkCount, draftFor, EMPTY_COUNT } from '../../../renderer/cashier/cashCount';

describe('the cash count being keyed', () => {
  it('per note and coin for CNY, as a total where the currency has no table', () => {
    expect(draftFor('CNY').mode).toBe('pieces');
    expect(draftFor('XAF').mode).toBe('total');
  });

  it('sends pieces as counted, or the total in minor units; zero is a count', () => {
    expect(checkCount({ ...EMPTY_COUNT, pieces: { '10000': '2', '50': '1' } }, 'CNY', 'en')).toEqual({ ok: true, totalMinor: 20_050, input: { pieces: { '10000': 2, '50': 1 } } });
    expect(checkCount({ ...EMPTY_COUNT, mode: 'total', totalText: '1,234.50' }, 'CNY', 'en')).toEqual({ ok: true, totalMinor: 123_450, input: { totalMinor: 123_450 } });
    expect(checkCount({ ...EMPTY_COUNT, mode: 'total', totalText: '0' }, 'CNY', 'en')).toEqual({ ok: true, totalMinor: 0, input: { totalMinor: 0 } });
    expect(checkCount(EMPTY_COUNT, 'CNY', 'en')).toMatchObject({ ok: true, totalMinor: 0 });
  });

  it('refuses letters, negatives and empty totals before anything is sent', () => {
    expect(checkCount({ ...EMPTY_COUNT, pieces: { '500': 'abc' } }, 'CNY', 'en')).toEqual({ ok: false, problem: 'pieces', fields: { '500': 'notWhole' } });
    expect(checkCount({ ...EMPTY_COUNT, mode: 'total', totalText: '-5' }, 'CNY', 'en')).toEqual({ ok: false, problem: 'negative' });
    expect(checkCount({ ...EMPTY_COUNT, mode: 'total', totalText: '12a' }, 'CNY', 'en')).toEqual({ ok: false, problem: 'notAnAmount' });
    expect(checkCount({ ...EMPTY_COUNT, mode: 'total', totalText: ' ' }, 'CNY', 'en')).toEqual({ ok: false, problem: 'empty' });
  });
});

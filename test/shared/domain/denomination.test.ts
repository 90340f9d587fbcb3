import { describe, expect, it } from 'vitest';
import { countPieces, denominationsOf } from '../../../shared/domain/denomination';
import { countTotal } from '../../../shared/domain/shift';

describe('counts per note and coin', () => {
  it('CNY notes and coins, largest first; a currency without a table is counted as a total', () => {
    expect(denominationsOf('CNY')).toEqual([10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10]);
    expect(denominationsOf('XAF')).toEqual([]);
  });

  it('totals typed pieces in integer minor units, as the station does', () => {
    const c = countPieces('CNY', { '10000': '1', '1000': ' 2 ', '500': '3', '50': '4', '10': '' });
    expect(c).toEqual({ ok: true, totalMinor: 13_700, pieces: { '10000': 1, '1000': 2, '500': 3, '50': 4 } });
    if (c.ok) expect(countTotal('CNY', { pieces: c.pieces }, 100_000_000)).toBe(13_700);
    // 0.10 × 3 is 30 fen exactly, never 0.30000000000000004.
    expect(countPieces('CNY', { '10': '3' })).toMatchObject({ ok: true, totalMinor: 30 });
    expect(countPieces('USD', { '25': '3', '1': '2' })).toMatchObject({ ok: true, totalMinor: 77 });
  });

  it('names the fields with letters, negatives, fractions or absurd counts', () => {
    expect(countPieces('CNY', { '10000': '1x', '500': '-2', '100': '1.5' })).toEqual({ ok: false, problems: { '10000': 'notWhole', '500': 'notWhole', '100': 'notWhole' } });
    expect(countPieces('CNY', { '5000': '100001' })).toEqual({ ok: false, problems: { '5000': 'tooMany' } });
    expect(countPieces('CNY', { '5000': '1234567890' })).toEqual({ ok: false, problems: { '5000': 'notWhole' } });
  });
});

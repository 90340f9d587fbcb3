import { describe, expect, it } from 'vitest';
import { ageIn, totalsByCurrency } from '../../../renderer/hq/hqFormat';

describe('dashboard wording helpers', () => {
  it('says an age in its largest unit, floored', () => {
    expect([0, 59, 60, 3_599, 3_600, 86_399, 86_400, 200_000].map(ageIn)).toEqual([
      { unit: 's', n: 0 }, { unit: 's', n: 59 }, { unit: 'm', n: 1 }, { unit: 'm', n: 59 },
      { unit: 'h', n: 1 }, { unit: 'h', n: 23 }, { unit: 'd', n: 1 }, { unit: 'd', n: 2 },
    ]);
  });

  it('sums tenders per currency and never across currencies', () => {
    expect(totalsByCurrency([
      { tender: 'PaymentCode', payments: 2, amount: { minor: 150, currency: 'CNY' } },
      { tender: 'PaymentCode', payments: 1, amount: { minor: 99, currency: 'USD' } },
      { tender: 'OrderCode', payments: 1, amount: { minor: 50, currency: 'CNY' } },
    ])).toEqual([{ minor: 200, currency: 'CNY' }, { minor: 99, currency: 'USD' }]);
  });
});

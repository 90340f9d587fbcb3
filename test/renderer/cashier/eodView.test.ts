import { describe, expect, it } from 'vitest';
import { hourBars, hourLabel, unresolvedFromDetails } from '../../../renderer/cashier/eodView';

describe('end-of-day view', () => {
  it('scales bars to the busiest hour and keeps a small hour visible', () => {
    const bars = hourBars({ currency: 'CNY', byScenario: [], max: 1, byHour: [{ hourStart: 0, count: 0, minor: 0 }, { hourStart: 3_600_000, count: 2, minor: 10_000 }, { hourStart: 7_200_000, count: 1, minor: 1 }] }, 300, 100);
    expect(bars.map((b) => b.height)).toEqual([0, 100, 1]);
    expect(bars[1]).toMatchObject({ x: 115, y: 0, width: 70 });
  });

  it('labels hours in the business zone and reads a refused close', () => {
    expect(hourLabel(Date.UTC(2026, 0, 1, 1, 0), 'Asia/Shanghai')).toBe('09');
    expect(unresolvedFromDetails({ attempts: [{ paymentRequestId: 'P1', status: 'awaitingCustomer' }, { nope: 1 }] })).toEqual([{ paymentRequestId: 'P1', status: 'awaitingCustomer' }]);
    expect(unresolvedFromDetails(undefined)).toEqual([]);
  });
});

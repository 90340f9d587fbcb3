import { describe, expect, it } from 'vitest';
import { alipayPartMinor, checkCashFigure, checkCashRefund, coverage, planCashTender, roundCash, NO_ROUNDING } from '../../../shared/domain/tender';

const MAX = 10_000_000;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('cash tender rules', () => {
  it('full cash gives change of tendered − due', () => {
    const p = planCashTender({ dueMinor: 3_750, tenderedMinor: 5_000, mode: 'full', rounding: NO_ROUNDING, maxCashMinor: MAX });
    expect(p).toMatchObject({ appliedMinor: 3_750, changeMinor: 1_250, roundingMinor: 0, settles: true });
  });
  it('tendered below the amount is TENDER_SHORT, with what is due', () => {
    expect(codeOf(() => planCashTender({ dueMinor: 3_750, tenderedMinor: 3_000, mode: 'full', rounding: NO_ROUNDING, maxCashMinor: MAX }))).toBe('TENDER_SHORT');
  });
  it('negative, zero, fractional and absurd figures are CASH_OUT_OF_RANGE', () => {
    for (const t of [-100, 0, 12.5, MAX + 1]) {
      expect(codeOf(() => planCashTender({ dueMinor: 100, tenderedMinor: t, mode: 'full', rounding: NO_ROUNDING, maxCashMinor: MAX }))).toBe('CASH_OUT_OF_RANGE');
    }
    expect(checkCashFigure(0, MAX, 'float', { allowZero: true })).toBe(0);
  });
  it('a cash part leaves the rest due; a part covering all of it is TENDER_EXCEEDS', () => {
    expect(planCashTender({ dueMinor: 10_000, tenderedMinor: 4_000, mode: 'part', rounding: NO_ROUNDING, maxCashMinor: MAX })).toMatchObject({ appliedMinor: 4_000, changeMinor: 0, settles: false });
    expect(codeOf(() => planCashTender({ dueMinor: 10_000, tenderedMinor: 10_000, mode: 'part', rounding: NO_ROUNDING, maxCashMinor: MAX }))).toBe('TENDER_EXCEEDS');
    expect(codeOf(() => planCashTender({ dueMinor: 0, tenderedMinor: 100, mode: 'full', rounding: NO_ROUNDING, maxCashMinor: MAX }))).toBe('TENDER_EXCEEDS');
  });
  it('rounds cash per rule (CHF to 5 rappen) and only when cash settles', () => {
    const chf = { stepMinor: 5, mode: 'nearest' as const };
    expect([roundCash(1_232, chf), roundCash(1_233, chf), roundCash(1_235, chf), roundCash(1_237, chf)]).toEqual([1_230, 1_235, 1_235, 1_235]);
    expect(roundCash(1_231, { stepMinor: 10, mode: 'down' })).toBe(1_230);
    expect(roundCash(1_231, { stepMinor: 10, mode: 'up' })).toBe(1_240);
    expect(roundCash(1_231, NO_ROUNDING)).toBe(1_231);
    const p = planCashTender({ dueMinor: 1_232, tenderedMinor: 2_000, mode: 'full', rounding: chf, maxCashMinor: MAX });
    expect(p).toMatchObject({ cashDueMinor: 1_230, roundingMinor: -2, appliedMinor: 1_230, changeMinor: 770 });
    // Rounded down: 12.30 settles 12.32 (the shop gives the 2 rappen).
    expect(coverage(1_232, [p.appliedMinor - p.roundingMinor]).covered).toBe(true);
  });
  it('the sale is covered only when its tenders add up to the amount', () => {
    expect(coverage(10_000, [4_000])).toEqual({ amountMinor: 10_000, takenMinor: 4_000, dueMinor: 6_000, covered: false });
    expect(coverage(10_000, [4_000, 6_000]).covered).toBe(true);
  });
  it('an Alipay part defaults to what is due and may not exceed it', () => {
    expect(alipayPartMinor(6_000, undefined)).toBe(6_000);
    expect(alipayPartMinor(6_000, 2_500)).toBe(2_500);
    expect(codeOf(() => alipayPartMinor(6_000, 6_001))).toBe('TENDER_EXCEEDS');
    expect(codeOf(() => alipayPartMinor(0, undefined))).toBe('TENDER_EXCEEDS');
  });
  it('a cash refund is at most the cash the sale took, less earlier cash refunds', () => {
    expect(checkCashRefund({ cashTakenMinor: 4_000, cashRefundedMinor: 1_000, amountMinor: 3_000, maxCashMinor: MAX })).toBe(3_000);
    expect(codeOf(() => checkCashRefund({ cashTakenMinor: 4_000, cashRefundedMinor: 1_000, amountMinor: 3_001, maxCashMinor: MAX }))).toBe('TENDER_EXCEEDS');
    expect(codeOf(() => checkCashRefund({ cashTakenMinor: 0, cashRefundedMinor: 0, amountMinor: 1, maxCashMinor: MAX }))).toBe('INVALID_STATE');
    expect(codeOf(() => checkCashRefund({ cashTakenMinor: 4_000, cashRefundedMinor: 0, amountMinor: -5, maxCashMinor: MAX }))).toBe('CASH_OUT_OF_RANGE');
  });
});

import { describe, expect, it } from 'vitest';
import { buildShiftReport, checkPaidOut, checkReason, closeVerdict, countTotal, expectedCash, parseCountText, requireApproval, type ShiftSnapshot } from '../../../shared/domain/shift';

const MAX = 10_000_000;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('shift rules', () => {
  it('counts a float by denomination or as a total', () => {
    expect(countTotal('CNY', { pieces: { '10000': 2, '1000': 3, '100': 5, '10': 4 } }, MAX)).toBe(23_540);
    expect(countTotal('CNY', { totalMinor: 50_000 }, MAX)).toBe(50_000);
    expect(countTotal('CNY', { totalMinor: 0 }, MAX)).toBe(0);
  });
  it('a count with letters, an unknown note, negative pieces or an absurd total is refused with a code', () => {
    expect(codeOf(() => parseCountText('1O'))).toBe('COUNT_INVALID');
    expect(codeOf(() => parseCountText('-3'))).toBe('COUNT_INVALID');
    expect(parseCountText(' 12 ')).toBe(12);
    expect(parseCountText('')).toBe(0);
    expect(codeOf(() => countTotal('CNY', { pieces: { '300': 1 } }, MAX))).toBe('COUNT_INVALID');
    expect(codeOf(() => countTotal('CNY', { pieces: { '100': -1 } }, MAX))).toBe('COUNT_INVALID');
    expect(codeOf(() => countTotal('CNY', { pieces: { '10000': 100_001 } }, MAX))).toBe('CASH_OUT_OF_RANGE');
    expect(codeOf(() => countTotal('CNY', { totalMinor: -1 }, MAX))).toBe('CASH_OUT_OF_RANGE');
    expect(codeOf(() => countTotal('XAF', { pieces: { '100': 1 } }, MAX))).toBe('COUNT_INVALID');
  });
  it('expected cash is float + cash in − cash out; a no-sale moves nothing', () => {
    expect(expectedCash([
      { kind: 'float', amountMinor: 20_000 }, { kind: 'cashSale', amountMinor: 3_750 }, { kind: 'paidIn', amountMinor: 1_000 },
      { kind: 'paidOut', amountMinor: 500 }, { kind: 'cashRefund', amountMinor: 750 }, { kind: 'noSale', amountMinor: 0 },
    ])).toBe(23_500);
    expect(codeOf(() => checkPaidOut(23_501, 23_500))).toBe('CASH_OUT_OF_RANGE');
  });
  it('the variance needs approval only above the threshold, either way', () => {
    expect(closeVerdict(23_500, 23_000, 1_000)).toEqual({ expectedMinor: 23_500, countedMinor: 23_000, varianceMinor: -500, needsApproval: false });
    const short = closeVerdict(23_500, 22_000, 1_000);
    expect(short.needsApproval).toBe(true);
    expect(closeVerdict(23_500, 25_000, 1_000).needsApproval).toBe(true);
    expect(closeVerdict(23_500, 24_500, 1_000).needsApproval).toBe(false);
    expect(codeOf(() => requireApproval(short, false))).toBe('VARIANCE_NEEDS_APPROVAL');
    expect(() => requireApproval(short, true)).not.toThrow();
  });
  it('a reason is required', () => {
    expect(codeOf(() => checkReason('   '))).toBe('BAD_REQUEST');
    expect(checkReason(' change for the till ')).toBe('change for the till');
  });
  it('the report nets Alipay and cash, less refunds and voids', () => {
    const shift: ShiftSnapshot = {
      shiftId: 'SH1', terminalId: 'T01', cashierId: 'a1', cashierName: 'Ann', status: 'closed', currency: 'CNY', openedAt: 0, floatMinor: 20_000,
      closedAt: 10, expectedMinor: 23_500, countedMinor: 23_000, varianceMinor: -500, approvedBy: null, handedFrom: null, drawerMinor: 23_500,
    };
    const r = buildShiftReport(shift, {
      movements: [{ kind: 'float', n: 1, minor: 20_000 }, { kind: 'cashSale', n: 2, minor: 4_250 }, { kind: 'cashRefund', n: 1, minor: 750 }, { kind: 'noSale', n: 2, minor: 0 }],
      alipay: [{ scenario: 'PaymentCode', n: 3, minor: 9_000 }, { scenario: 'OrderCode', n: 1, minor: 1_000 }],
      alipayRefunds: { n: 1, minor: 500 }, voids: { n: 1, minor: 1_000 }, splitSales: 1,
    }, 20);
    expect(r.alipay.map((a) => a.scenario)).toEqual(['OrderCode', 'PaymentCode']);
    expect(r.cash).toMatchObject({ float: 20_000, expected: 23_500, counted: 23_000, variance: -500, noSales: 2 });
    expect(r.net).toBe(9_000 + 1_000 + 4_250 - 500 - 750 - 1_000);
  });
});

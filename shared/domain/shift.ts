/**
 * Shift rules (issue 14, 交班): the opening float, cash in and out of the drawer, the blind count at
 * close and its variance, and the shift report's figures. Pure: the station stores and prints what
 * these decide. Amounts are integer minor units of the shift's currency.
 */
import { PosError } from '../errors/posError';
import { checkCashFigure } from './tender';

/** Notes and coins a drawer holds, in minor units, largest first. A currency not listed is counted as a total. */
export const DENOMINATIONS: Readonly<Record<string, readonly number[]>> = {
  CNY: [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10],
  HKD: [100_000, 50_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10],
  USD: [10_000, 5_000, 2_000, 1_000, 500, 100, 25, 10, 5, 1],
  EUR: [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  SGD: [10_000, 5_000, 1_000, 500, 200, 100, 50, 20, 10, 5],
  JPY: [10_000, 5_000, 1_000, 500, 100, 50, 10, 5, 1],
};

/** Pieces of one denomination in a count: more than this is a keying accident. */
export const MAX_PIECES = 100_000;

/** A cash count or float: a total, or pieces per denomination (key = the denomination in minor units). */
export type CashCount =
  | { readonly totalMinor: number }
  | { readonly pieces: Readonly<Record<string, number>> };

/** What a person typed into a count field: digits only ("", spaces around allowed → 0). Letters are COUNT_INVALID. */
export function parseCountText(text: string): number {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d{1,9}$/.test(t)) throw new PosError('COUNT_INVALID', `"${text}" is not a number of pieces`, { details: { text } });
  return Number(t);
}

/** The total of a count, checked: known denominations, whole non-negative pieces, a sane total. */
export function countTotal(currency: string, count: CashCount, maxCashMinor: number): number {
  if ('totalMinor' in count) return checkCashFigure(count.totalMinor, maxCashMinor, 'the cash count', { allowZero: true });
  const denoms = DENOMINATIONS[currency];
  if (!denoms) throw new PosError('COUNT_INVALID', `${currency} has no denomination table: count the total instead`, { details: { currency } });
  let total = 0;
  for (const [key, n] of Object.entries(count.pieces)) {
    const d = Number(key);
    if (!/^\d+$/.test(key) || !denoms.includes(d)) throw new PosError('COUNT_INVALID', `${key} is not a ${currency} note or coin`, { details: { denomination: key } });
    if (!Number.isSafeInteger(n) || n < 0) throw new PosError('COUNT_INVALID', `the number of ${key} pieces must be a whole number, not negative`, { details: { denomination: key } });
    if (n > MAX_PIECES) throw new PosError('CASH_OUT_OF_RANGE', `${n} pieces of ${key} is more than a drawer holds`, { details: { denomination: key, problem: 'tooLarge' } });
    total += d * n;
  }
  return checkCashFigure(total, maxCashMinor, 'the cash count', { allowZero: true });
}

/** Everything that moves cash in or out of the drawer during a shift (noSale opens it, moving nothing). */
export type CashMovementKind = 'float' | 'paidIn' | 'paidOut' | 'noSale' | 'cashSale' | 'cashRefund';

export interface CashMovement {
  readonly kind: CashMovementKind;
  /** Always ≥ 0; the kind says which way it goes. */
  readonly amountMinor: number;
}

/** +1 into the drawer, −1 out of it, 0 no money. */
export function movementSign(kind: CashMovementKind): 1 | -1 | 0 {
  switch (kind) {
    case 'float':
    case 'paidIn':
    case 'cashSale':
      return 1;
    case 'paidOut':
    case 'cashRefund':
      return -1;
    case 'noSale':
      return 0;
  }
}

/** What the drawer should hold: the float, plus cash in, less cash out. */
export function expectedCash(movements: readonly CashMovement[]): number {
  return movements.reduce((sum, m) => sum + movementSign(m.kind) * m.amountMinor, 0);
}

/** A paid-out may not take out more than the drawer should hold. */
export function checkPaidOut(amountMinor: number, expectedMinor: number): void {
  if (amountMinor > expectedMinor) {
    throw new PosError('CASH_OUT_OF_RANGE', `the drawer should hold ${expectedMinor}: ${amountMinor} cannot be paid out`, { details: { problem: 'moreThanDrawer', expectedMinor } });
  }
}

export interface CloseVerdict {
  readonly expectedMinor: number;
  readonly countedMinor: number;
  /** counted − expected: negative is short, positive is over. */
  readonly varianceMinor: number;
  readonly needsApproval: boolean;
}

/** Above the threshold (either way) a supervisor must approve the close. */
export function closeVerdict(expectedMinor: number, countedMinor: number, approvalAboveMinor: number): CloseVerdict {
  const varianceMinor = countedMinor - expectedMinor;
  return { expectedMinor, countedMinor, varianceMinor, needsApproval: Math.abs(varianceMinor) > approvalAboveMinor };
}

/** A close whose variance needs approval, and none was given: nothing is recorded. */
export function requireApproval(v: CloseVerdict, approved: boolean): void {
  if (v.needsApproval && !approved) {
    throw new PosError('VARIANCE_NEEDS_APPROVAL', `the count is ${v.varianceMinor > 0 ? 'over' : 'short'} by ${Math.abs(v.varianceMinor)}: a supervisor must approve the close`, {
      details: { varianceMinor: v.varianceMinor, expectedMinor: v.expectedMinor, countedMinor: v.countedMinor },
    });
  }
}

/** A reason is required for paid-in, paid-out and no-sale: the audit says why the drawer opened. */
export function checkReason(reason: string): string {
  const r = reason.trim();
  if (r.length === 0) throw new PosError('BAD_REQUEST', 'say why (a reason is required)', { details: { field: 'reason' } });
  return r;
}

export type ShiftStatus = 'open' | 'closed';

export interface ShiftSnapshot {
  readonly shiftId: string;
  readonly terminalId: string;
  readonly cashierId: string;
  readonly cashierName: string;
  readonly status: ShiftStatus;
  readonly currency: string;
  readonly openedAt: number;
  readonly floatMinor: number;
  readonly closedAt: number | null;
  readonly expectedMinor: number | null;
  readonly countedMinor: number | null;
  readonly varianceMinor: number | null;
  readonly approvedBy: string | null;
  /** The shift this one took the drawer over from (hand-over), if any. */
  readonly handedFrom: string | null;
  /** Expected drawer now (open) or at close. */
  readonly drawerMinor: number;
}

export interface CountSumMinor {
  readonly count: number;
  readonly minor: number;
}

/** The 交班单: one shift's takings per tender. */
export interface ShiftReport {
  readonly shift: ShiftSnapshot;
  readonly generatedAt: number;
  /** Alipay parts that took money, by scenario. */
  readonly alipay: readonly { readonly scenario: string; readonly sales: CountSumMinor }[];
  readonly alipayRefunds: CountSumMinor;
  readonly cash: {
    readonly float: number;
    readonly sales: CountSumMinor;
    readonly refunds: CountSumMinor;
    readonly paidIn: CountSumMinor;
    readonly paidOut: CountSumMinor;
    readonly noSales: number;
    readonly expected: number;
    readonly counted: number | null;
    readonly variance: number | null;
  };
  /** Alipay payments voided (cancelled or reversed after taking money), and sales abandoned. */
  readonly voids: CountSumMinor;
  /** Sales of the shift with more than one tender. */
  readonly splitSales: number;
  /** Alipay sales + cash sales − refunds (both) − voids. */
  readonly net: number;
}

export interface ShiftReportRows {
  readonly movements: readonly { readonly kind: CashMovementKind; readonly n: number; readonly minor: number }[];
  readonly alipay: readonly { readonly scenario: string; readonly n: number; readonly minor: number }[];
  readonly alipayRefunds: { readonly n: number; readonly minor: number };
  readonly voids: { readonly n: number; readonly minor: number };
  readonly splitSales: number;
}

/** Folds the grouped rows the journal answers into the report (the station's SQL does the scanning). */
export function buildShiftReport(shift: ShiftSnapshot, rows: ShiftReportRows, generatedAt: number): ShiftReport {
  const mv = (k: CashMovementKind): CountSumMinor => {
    const r = rows.movements.find((m) => m.kind === k);
    return { count: r?.n ?? 0, minor: r?.minor ?? 0 };
  };
  const float = mv('float').minor;
  const sales = mv('cashSale');
  const refunds = mv('cashRefund');
  const paidIn = mv('paidIn');
  const paidOut = mv('paidOut');
  const expected = float + sales.minor + paidIn.minor - refunds.minor - paidOut.minor;
  const alipay = [...rows.alipay].sort((a, b) => a.scenario.localeCompare(b.scenario)).map((r) => ({ scenario: r.scenario, sales: { count: r.n, minor: r.minor } }));
  const alipaySales = alipay.reduce((s, r) => s + r.sales.minor, 0);
  return {
    shift,
    generatedAt,
    alipay,
    alipayRefunds: { count: rows.alipayRefunds.n, minor: rows.alipayRefunds.minor },
    cash: {
      float, sales, refunds, paidIn, paidOut, noSales: mv('noSale').count, expected,
      counted: shift.countedMinor, variance: shift.countedMinor === null ? null : shift.countedMinor - expected,
    },
    voids: { count: rows.voids.n, minor: rows.voids.minor },
    splitSales: rows.splitSales,
    net: alipaySales + sales.minor - rows.alipayRefunds.minor - refunds.minor - rows.voids.minor,
  };
}

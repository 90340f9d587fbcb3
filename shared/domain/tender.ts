/**
 * Tender rules (issue 14): how cash and split payments settle a sale. Pure: the station records
 * what these functions decide; the payment engine keeps deciding the Alipay attempts themselves.
 * A sale's tenders are a layer above its attempts: an Alipay tender is a succeeded attempt, a cash
 * tender is a row of its own. Every figure is integer minor units of the sale's currency.
 */
import { PosError } from '../errors/posError';
import type { CurrencyCode } from './currency';

/**
 * Cash rounding for currencies whose smallest coin is larger than the minor unit (CHF 0.05, or a
 * shop that gives no 分 change). Off by default: CNY cash is exact.
 */
export interface CashRounding {
  /** Round the cash due to a multiple of this many minor units (1 = no rounding). */
  readonly stepMinor: number;
  readonly mode: 'nearest' | 'down' | 'up';
}
export const NO_ROUNDING: CashRounding = { stepMinor: 1, mode: 'nearest' };

/** The configured rounding for a currency, or none. */
export function cashRoundingFor(currency: CurrencyCode | string, rules: Readonly<Record<string, CashRounding>>): CashRounding {
  return rules[currency] ?? NO_ROUNDING;
}

/** Rounds a cash amount due by the rule; halves round up (away from zero) in `nearest`. */
export function roundCash(minor: number, r: CashRounding): number {
  if (r.stepMinor <= 1) return minor;
  const rest = minor % r.stepMinor;
  if (rest === 0) return minor;
  const down = minor - rest;
  switch (r.mode) {
    case 'down':
      return down;
    case 'up':
      return down + r.stepMinor;
    case 'nearest':
      return rest * 2 >= r.stepMinor ? down + r.stepMinor : down;
  }
}

/** Cash figures a person keyed: whole minor units, not negative, not absurd (a keying accident). */
export function checkCashFigure(minor: number, maxMinor: number, what: string, opts: { allowZero?: boolean } = {}): number {
  if (!Number.isSafeInteger(minor)) throw new PosError('CASH_OUT_OF_RANGE', `${what} must be a whole number of minor units`, { details: { what, problem: 'notInteger' } });
  if (minor < 0) throw new PosError('CASH_OUT_OF_RANGE', `${what} must not be negative`, { details: { what, problem: 'negative' } });
  if (minor === 0 && !opts.allowZero) throw new PosError('CASH_OUT_OF_RANGE', `${what} must be more than zero`, { details: { what, problem: 'zero' } });
  if (minor > maxMinor) throw new PosError('CASH_OUT_OF_RANGE', `${what} is above the limit of ${maxMinor} minor units`, { details: { what, problem: 'tooLarge', maxMinor } });
  return minor;
}

/** What a sale has taken so far, from its tenders. */
export interface Coverage {
  readonly amountMinor: number;
  readonly takenMinor: number;
  /** What is still to pay (never negative). */
  readonly dueMinor: number;
  readonly covered: boolean;
}

/** `takenMinor` is every succeeded Alipay part plus every cash part (applied amount, rounding included). */
export function coverage(amountMinor: number, partsMinor: readonly number[]): Coverage {
  const takenMinor = partsMinor.reduce((a, b) => a + b, 0);
  return { amountMinor, takenMinor, dueMinor: Math.max(0, amountMinor - takenMinor), covered: takenMinor >= amountMinor };
}

/**
 * Cash handed over for a sale.
 *  full  the cash settles what is due: below it is TENDER_SHORT; above it, the difference is change
 *  part  a split: this much cash now, the rest by another tender; a part that is all or more than
 *        what is due is TENDER_EXCEEDS (take it as full cash instead, with change)
 * Rounding applies only when cash settles the sale (the last part), on what is due.
 */
export type CashTenderMode = 'full' | 'part';

export interface CashPlan {
  readonly dueMinor: number;
  /** What the cash had to be after rounding (full), or the part itself. */
  readonly cashDueMinor: number;
  /** cashDue − due: negative when rounded down (the shop gives the difference), 0 without rounding. */
  readonly roundingMinor: number;
  readonly tenderedMinor: number;
  /** What goes to the sale (tendered − change); with rounding, the sale counts due as taken. */
  readonly appliedMinor: number;
  readonly changeMinor: number;
  /** True when this cash settles the sale. */
  readonly settles: boolean;
}

export function planCashTender(p: { dueMinor: number; tenderedMinor: number; mode: CashTenderMode; rounding: CashRounding; maxCashMinor: number }): CashPlan {
  const tendered = checkCashFigure(p.tenderedMinor, p.maxCashMinor, 'the cash tendered');
  if (p.dueMinor <= 0) throw new PosError('TENDER_EXCEEDS', 'nothing is left to pay on this sale', { details: { dueMinor: p.dueMinor, tenderedMinor: tendered } });
  switch (p.mode) {
    case 'full': {
      const cashDue = roundCash(p.dueMinor, p.rounding);
      if (tendered < cashDue) {
        throw new PosError('TENDER_SHORT', `the cash tendered (${tendered}) is less than what is due (${cashDue})`, { details: { dueMinor: cashDue, tenderedMinor: tendered } });
      }
      return { dueMinor: p.dueMinor, cashDueMinor: cashDue, roundingMinor: cashDue - p.dueMinor, tenderedMinor: tendered, appliedMinor: cashDue, changeMinor: tendered - cashDue, settles: true };
    }
    case 'part': {
      if (tendered >= p.dueMinor) {
        throw new PosError('TENDER_EXCEEDS', `a part of ${tendered} covers the ${p.dueMinor} still due: take it as cash with change instead`, { details: { dueMinor: p.dueMinor, partMinor: tendered } });
      }
      return { dueMinor: p.dueMinor, cashDueMinor: tendered, roundingMinor: 0, tenderedMinor: tendered, appliedMinor: tendered, changeMinor: 0, settles: false };
    }
  }
}

/**
 * The amount of an Alipay part: by default everything still due; a smaller part leaves the rest to
 * another tender; more than is due is TENDER_EXCEEDS (nothing is sent to Alipay).
 */
export function alipayPartMinor(dueMinor: number, requestedMinor: number | undefined): number {
  if (dueMinor <= 0) throw new PosError('TENDER_EXCEEDS', 'nothing is left to pay on this sale', { details: { dueMinor } });
  if (requestedMinor === undefined) return dueMinor;
  if (!Number.isSafeInteger(requestedMinor) || requestedMinor <= 0) throw new PosError('INVALID_AMOUNT', 'the Alipay part must be more than zero', { details: { problem: 'zero' } });
  if (requestedMinor > dueMinor) {
    throw new PosError('TENDER_EXCEEDS', `the Alipay part (${requestedMinor}) is more than the ${dueMinor} still due`, { details: { dueMinor, partMinor: requestedMinor } });
  }
  return requestedMinor;
}

/** A cash refund: at most what the cash tenders of the sale took, less earlier cash refunds. */
export function checkCashRefund(p: { cashTakenMinor: number; cashRefundedMinor: number; amountMinor: number; maxCashMinor: number }): number {
  const amount = checkCashFigure(p.amountMinor, p.maxCashMinor, 'the cash refund');
  const left = p.cashTakenMinor - p.cashRefundedMinor;
  if (left <= 0) throw new PosError('INVALID_STATE', 'no cash of this sale is left to refund', { details: { refundableMinor: 0 } });
  if (amount > left) throw new PosError('TENDER_EXCEEDS', `at most ${left} of this sale's cash can be refunded`, { details: { refundableMinor: left, amountMinor: amount } });
  return amount;
}

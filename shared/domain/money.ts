import { PosError } from '../errors/posError';
import { currencyExponent, isCurrencyCode, type CurrencyCode } from './currency';
import { parseAmountText, type AmountTextProblem } from './parseAmount';

export type { CurrencyCode } from './currency';

/** An amount of money: an integer number of minor units (fen, cents, yen) and its ISO 4217 code. */
export interface Money {
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/**
 * Upper bound for one amount. Alipay in-store amounts are far below this; the bound keeps every
 * sum of a day's takings inside Number.MAX_SAFE_INTEGER and rejects keying accidents early.
 */
export const MAX_MINOR = 99_999_999_999; // 999,999,999.99 in a 2-decimal currency

/** `problem` says why, for the screens to word it (never classify by the message text). */
export type InvalidAmountProblem = AmountTextProblem | 'zero' | 'notInteger';

export class InvalidAmountError extends PosError {
  readonly problem: InvalidAmountProblem;
  constructor(message: string, problem: InvalidAmountProblem = 'notAnAmount') {
    super('INVALID_AMOUNT', message, { details: { problem } });
    this.problem = problem;
  }
}
export class UnknownCurrencyError extends PosError {
  constructor(currency: string) {
    super('UNKNOWN_CURRENCY', `unknown currency "${currency}" (expected an ISO 4217 code such as CNY)`);
  }
}

export function toCurrency(code: string): CurrencyCode {
  if (!isCurrencyCode(code)) throw new UnknownCurrencyError(code);
  return code;
}

/** Builds Money from minor units; zero is allowed only where the caller says so. */
export function money(minor: number, currency: string, opts: { allowZero?: boolean } = {}): Money {
  const cur = toCurrency(currency);
  if (!Number.isSafeInteger(minor)) throw new InvalidAmountError(`amount must be a whole number of minor units, got ${String(minor)}`, 'notInteger');
  if (minor < 0) throw new InvalidAmountError('amount must not be negative', 'negative');
  if (minor === 0 && !opts.allowZero) throw new InvalidAmountError('amount must be greater than zero', 'zero');
  if (minor > MAX_MINOR) throw new InvalidAmountError('amount is too large', 'tooLarge');
  return { minor, currency: cur };
}

/**
 * Parses what a person typed ("12.5", "12,50", "1,234.56", "１２．５") into minor units of the
 * currency by the locale's rules (parseAmount.ts: decimal comma, grouping, ambiguity), without
 * ever going through a float. More decimals than the currency has is an error, not rounding.
 */
export function parseMajor(text: string, currency: string, opts: { allowZero?: boolean; locale?: string } = {}): Money {
  const cur = toCurrency(currency);
  const r = parseAmountText(text, cur, opts.locale ?? 'en');
  if (!r.ok) throw new InvalidAmountError(r.message, r.problem);
  return money(r.minor, cur, opts);
}

/** Formats minor units as a plain decimal string ("12.50"), no grouping, no symbol. */
export function formatMajor(m: Money): string {
  const exp = currencyExponent(m.currency);
  const sign = m.minor < 0 ? '-' : '';
  const abs = Math.abs(m.minor);
  if (exp === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(exp + 1, '0');
  return `${sign}${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new InvalidAmountError(`cannot add ${a.currency} and ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

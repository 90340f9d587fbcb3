import { PosError } from '../errors/posError';
import { currencyExponent, isCurrencyCode, type CurrencyCode } from './currency';

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

export class InvalidAmountError extends PosError {
  constructor(message: string) {
    super('INVALID_AMOUNT', message);
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
  if (!Number.isSafeInteger(minor)) throw new InvalidAmountError(`amount must be a whole number of minor units, got ${String(minor)}`);
  if (minor < 0) throw new InvalidAmountError('amount must not be negative');
  if (minor === 0 && !opts.allowZero) throw new InvalidAmountError('amount must be greater than zero');
  if (minor > MAX_MINOR) throw new InvalidAmountError('amount is too large');
  return { minor, currency: cur };
}

/**
 * Parses what a person typed ("12.5", "12.50", "1,234.56", "12") into minor units of the currency,
 * without ever going through a float. More decimals than the currency has is an error, not rounding.
 */
export function parseMajor(text: string, currency: string, opts: { allowZero?: boolean } = {}): Money {
  const cur = toCurrency(currency);
  const exp = currencyExponent(cur);
  const cleaned = text.trim().replace(/[,\s]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!m) {
    if (/^-/.test(cleaned)) throw new InvalidAmountError('amount must not be negative');
    throw new InvalidAmountError(`"${text}" is not an amount`);
  }
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > exp) throw new InvalidAmountError(`${cur} allows at most ${exp} decimal place${exp === 1 ? '' : 's'}`);
  if (whole.replace(/^0+/, '').length > 15) throw new InvalidAmountError('amount is too large');
  const minor = Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  return money(minor, cur, opts);
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

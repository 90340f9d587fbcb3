import { currencyExponent, isCurrencyCode } from '../../shared/domain/currency';
import { InvalidAmountError, parseMajor, type Money } from '../../shared/domain/money';

/** What the cashier has typed so far, kept as text so "12." and "12,0" display as typed. */
export type AmountKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | ',' | 'back' | 'clear';

const MAX_WHOLE_DIGITS = 9;

/**
 * Applies one keypad key. Keys that can never make a valid entry (a second point, a separator after
 * a separator, more digits than an amount can have) are ignored. A comma is kept as typed: whether
 * it groups thousands or is a decimal comma is decided when the amount is read (parseAmount.ts),
 * never by turning it into a point as it is typed ("1,234.56" must not become 1.23).
 */
export function pressKey(text: string, key: AmountKey, currency: string): string {
  const exp = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  if (key === 'clear') return '';
  if (key === 'back') return text.slice(0, -1);
  if (key === '.' || key === ',') {
    if (/[.,]$/.test(text)) return text;
    if (text.includes('.')) return text; // nothing may follow the decimal point but digits
    if (key === '.' && exp === 0) return text;
    if (key === ',' && text === '') return text;
    return text === '' ? '0.' : `${text}${key}`;
  }
  for (const d of key) {
    // Whole digits: before the point; with a comma (maybe a decimal comma) its digits may be decimals.
    const whole = text.split('.')[0]!.replace(/\D/g, '').replace(/^0+/, '').length;
    if (!text.includes('.') && whole >= MAX_WHOLE_DIGITS + (text.includes(',') ? exp : 0)) return text;
    // The cashier's locales (zh-CN, en) read "." as the decimal point: no more decimals than the currency has.
    if (text.includes('.') && text.length - text.lastIndexOf('.') - 1 >= exp) return text;
    // After a comma at most three digits: a thousands group, or (1–2 digits) a decimal comma.
    const lastComma = text.lastIndexOf(',');
    if (lastComma >= 0 && !text.includes('.') && text.length - lastComma - 1 >= 3) return text;
    text = text === '0' ? d : text + d;
  }
  return text;
}

export type AmountCheck = { ok: true; money: Money } | { ok: false; reason: 'empty' | 'zero' | 'invalid' | 'ambiguous' | 'tooManyDecimals'; message: string };

/** `locale`: the cashier's (zh-CN / en) — it decides what a lone "1,234" or "1.234" means. */
export function checkAmount(text: string, currency: string, locale = 'en'): AmountCheck {
  if (text === '' || text === '.' || text === '0.') return { ok: false, reason: 'empty', message: '' };
  try {
    return { ok: true, money: parseMajor(text, currency, { locale }) };
  } catch (e) {
    if (!(e instanceof InvalidAmountError)) return { ok: false, reason: 'invalid', message: String(e) };
    switch (e.problem) {
      case 'zero': return { ok: false, reason: 'zero', message: e.message };
      case 'ambiguous': return { ok: false, reason: 'ambiguous', message: e.message };
      case 'tooManyDecimals': return { ok: false, reason: 'tooManyDecimals', message: e.message };
      case 'empty': return { ok: false, reason: 'empty', message: e.message };
      default: return { ok: false, reason: 'invalid', message: e.message };
    }
  }
}

/** Maps a keyboard event key to a keypad key; anything else is not ours. */
export function keyFromKeyboard(key: string): AmountKey | null {
  if (/^[0-9]$/.test(key)) return key as AmountKey;
  if (key === '.' || key === 'Decimal') return '.';
  if (key === ',') return ',';
  if (key === 'Backspace') return 'back';
  if (key === 'Escape' || key === 'Delete') return 'clear';
  return null;
}

/**
 * The keypad's text plus what it was before the keys of a burst that may still turn out to be a
 * keyboard-wedge scan. Keys are shown at once (a person sees the digit on the next frame); a burst
 * that ends as a scan is taken back to `beforeBurst`, so a scan never lands in the amount.
 */
export interface AmountEntry {
  readonly text: string;
  readonly beforeBurst: string | null;
}

export const EMPTY_ENTRY: AmountEntry = { text: '', beforeBurst: null };

export function entryOf(text: string): AmountEntry {
  return { text, beforeBurst: null };
}

/** A key: `tentative` when the wedge detector cannot tell yet whether a person or a scanner typed it. */
export function entryKey(e: AmountEntry, key: AmountKey, currency: string, tentative: boolean): AmountEntry {
  const text = pressKey(e.text, key, currency);
  if (tentative) return { text, beforeBurst: e.beforeBurst ?? e.text };
  // A settled key (Backspace, Escape …) ends any burst: the keys before it were a person's.
  return { text, beforeBurst: null };
}

/** The tentative keys were a person's: they stand. */
export function entryKept(e: AmountEntry): AmountEntry {
  return e.beforeBurst === null ? e : { text: e.text, beforeBurst: null };
}

/** The tentative keys were a scanner's: the amount goes back to what the person had typed. */
export function entryRetract(e: AmountEntry): AmountEntry {
  return e.beforeBurst === null ? e : { text: e.beforeBurst, beforeBurst: null };
}

import { currencyExponent, isCurrencyCode } from '../../shared/domain/currency';
import { parseMajor, type Money } from '../../shared/domain/money';

/** What the cashier has typed so far, kept as text so "12." and "12.0" display as typed. */
export type AmountKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'back' | 'clear';

const MAX_WHOLE_DIGITS = 9;

/**
 * Applies one keypad key. Keys that would make the entry invalid (a second point, more decimals than
 * the currency has, a tenth leading digit) are ignored rather than accepted and rejected later.
 */
export function pressKey(text: string, key: AmountKey, currency: string): string {
  const exp = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  if (key === 'clear') return '';
  if (key === 'back') return text.slice(0, -1);
  if (key === '.') {
    if (exp === 0 || text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  for (const d of key) {
    const cur = text.split('.');
    if (cur.length === 2) {
      if ((cur[1] ?? '').length >= exp) return text;
    } else if ((cur[0] ?? '').replace(/^0+/, '').length >= MAX_WHOLE_DIGITS) return text;
    text = text === '0' ? d : text + d;
  }
  return text;
}

export type AmountCheck = { ok: true; money: Money } | { ok: false; reason: 'empty' | 'zero' | 'invalid' };

export function checkAmount(text: string, currency: string): AmountCheck {
  if (text === '' || text === '.') return { ok: false, reason: 'empty' };
  try {
    return { ok: true, money: parseMajor(text, currency) };
  } catch (e) {
    return { ok: false, reason: /greater than zero/.test((e as Error).message) ? 'zero' : 'invalid' };
  }
}

/** Maps a keyboard event key to a keypad key; anything else is not ours. */
export function keyFromKeyboard(key: string): AmountKey | null {
  if (/^[0-9]$/.test(key)) return key as AmountKey;
  if (key === '.' || key === ',' || key === 'Decimal') return '.';
  if (key === 'Backspace') return 'back';
  if (key === 'Escape' || key === 'Delete') return 'clear';
  return null;
}

import { currencyExponent, type CurrencyCode } from './currency';

/**
 * What a person typed → minor units, by the rules of their locale, never through a float.
 *
 * The rules (issue 11 item 10). "12,50" typed on a phone whose keypad has a decimal comma must never
 * become 1,250.00, and a terminal must never guess between two readings:
 * - Full-width digits and punctuation (Chinese IMEs) are folded to ASCII first; zh-CN also takes
 *   the ideographic full stop "。" as a decimal point.
 * - Both "." and "," present: the last one is the decimal mark (once), the other groups thousands
 *   ("1,234.50" and "1.234,50" are both 1234.50).
 * - One separator, followed by 1–2 digits (or none): a decimal mark, whatever the locale — grouping
 *   always has three digits, so "12,50" is 12.50 and "0,5" is 0.50.
 * - One separator followed by exactly three digits ("1,234", "1.234") can be either. The locale
 *   decides: its group mark groups, its decimal mark is a decimal. When the reading that results is
 *   impossible or the other is equally possible (three decimals), the input is refused as ambiguous.
 * - Repeated separators, spaces or apostrophes only ever group, and groups must be 3 digits
 *   ("1,23,456" is refused rather than guessed).
 */
export type AmountTextProblem = 'empty' | 'notAnAmount' | 'negative' | 'ambiguous' | 'tooManyDecimals' | 'badGrouping' | 'tooLarge';

export type AmountTextResult =
  | { readonly ok: true; readonly minor: number }
  | { readonly ok: false; readonly problem: AmountTextProblem; readonly message: string };

export interface SeparatorRules {
  readonly decimal: '.' | ',';
  readonly group: ',' | '.' | ' ' | "'";
}

const cache = new Map<string, SeparatorRules>();

/** The locale's own marks, from ICU (Intl): en/zh-CN "." and ","; de, fr, ru … ","; and "." / space. */
export function separatorsOf(locale: string): SeparatorRules {
  const hit = cache.get(locale);
  if (hit) return hit;
  let decimal: SeparatorRules['decimal'] = '.';
  let group: SeparatorRules['group'] = ',';
  try {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    const d = parts.find((p) => p.type === 'decimal')?.value;
    const g = parts.find((p) => p.type === 'group')?.value.normalize('NFKC');
    if (d === ',') decimal = ',';
    if (g === '.' || g === ',' || g === "'") group = g;
    else if (g !== undefined && /^\s$/.test(g)) group = ' ';
    if (group === decimal) group = decimal === ',' ? '.' : ',';
  } catch {
    // An unknown tag: the en rules.
  }
  const rules = { decimal, group };
  cache.set(locale, rules);
  return rules;
}

const fail = (problem: AmountTextProblem, message: string): AmountTextResult => ({ ok: false, problem, message });

function groupsValid(intPart: string, mark: string): boolean {
  const groups = intPart.split(mark);
  return /^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

export function parseAmountText(text: string, currency: CurrencyCode, locale: string): AmountTextResult {
  const exp = currencyExponent(currency);
  const rules = separatorsOf(locale);
  let s = text.normalize('NFKC').trim();
  if (locale.toLowerCase().startsWith('zh')) s = s.replace(/。/g, '.');
  s = s.replace(/[\u00a0\u2007\u2009\u202f]/g, ' ').replace(/[’‘]/g, "'");
  if (s === '') return fail('empty', 'no amount was entered: "" is not an amount');
  if (/^[-−]/.test(s)) return fail('negative', 'amount must not be negative');
  if (!/^[\d.,' ]+$/.test(s) || !/\d/.test(s)) return fail('notAnAmount', `"${text}" is not an amount`);
  if (/^[.,]/.test(s)) s = `0${s}`;

  const seps = s.replace(/\d/g, '');
  const kinds = new Set(seps);
  let intPart = s;
  let frac = '';
  let group: string | null = null;
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const decimalAt = (i: number): void => {
    intPart = s.slice(0, i);
    frac = s.slice(i + 1);
  };

  const dotComma = [...kinds].filter((k) => k === '.' || k === ',');
  if (dotComma.length === 2) {
    const mark = s[last]!;
    if (seps.split(mark).length - 1 !== 1) return fail('badGrouping', `"${text}": the decimal mark "${mark}" appears more than once`);
    decimalAt(last);
    group = mark === '.' ? ',' : '.';
  } else if (dotComma.length === 1) {
    const mark = dotComma[0]!;
    const count = seps.split(mark).length - 1;
    const after = s.length - last - 1;
    if (count > 1 || /[' ]/.test(s.slice(last))) {
      group = mark; // repeated: only grouping can repeat
    } else if (after !== 3) {
      decimalAt(last);
    } else if (mark === rules.group && exp < 3) {
      group = mark;
    } else if (mark === rules.decimal && exp >= 3) {
      decimalAt(last);
    } else {
      const digits = s.replace(/\D/g, '');
      return fail('ambiguous', `"${text}" is ambiguous: it may mean ${digits} or ${s.slice(0, last).replace(/\D/g, '')}.${s.slice(last + 1)}; type it without "${mark}" or with ${exp > 0 ? `at most ${exp} decimals` : 'no decimals'}`);
    }
  }
  // Spaces / apostrophes group too, never together with another group mark.
  const otherGroups = [...new Set(intPart.replace(/[\d.,]/g, ''))];
  if (otherGroups.length > 1 || (otherGroups.length === 1 && group !== null && intPart.includes(group))) {
    return fail('badGrouping', `"${text}": mixed thousands separators`);
  }
  if (otherGroups.length === 1) group = otherGroups[0]!;
  if (group !== null && !groupsValid(intPart, group)) return fail('badGrouping', `"${text}": thousands must be grouped by three digits`);
  if (/[^\d]/.test(frac)) return fail('notAnAmount', `"${text}" is not an amount`);
  const whole = group !== null ? intPart.split(group).join('') : intPart;
  if (!/^\d+$/.test(whole)) return fail('notAnAmount', `"${text}" is not an amount`);
  if (frac.length > exp) return fail('tooManyDecimals', `${currency} allows at most ${exp} decimal place${exp === 1 ? '' : 's'}`);
  if (whole.replace(/^0+/, '').length > 15) return fail('tooLarge', 'amount is too large');
  return { ok: true, minor: Number(whole) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0') };
}

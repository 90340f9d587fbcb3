/** Formatting shared by the admin screens (history, queue, devices, settings). */
import { formatMajor, type Money } from '../../shared/domain/money';

/** "CNY 12.50": code first, as on the receipt; minor units never go through a float. */
export function moneyText(m: Money): string {
  return `${m.currency} ${formatMajor(m)}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Date and time in the cashier's language, 24-hour, to the second. */
export function dateTimeText(at: number, locale: string): string {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(locale, f);
  }
  return f.format(at);
}

/**
 * History filters as the cashier types them (dates as YYYY-MM-DD, amounts as "12.50") turned into a
 * sale:search request. Amounts go through parseMajor, never a float; dates are whole local days.
 */
import { parseMajor } from '../../shared/domain/money';
import type { SaleStatus } from '../../shared/domain/payment';
import type { SaleSearch } from '../../shared/ipc/commands/sale';

export interface HistoryFilterForm {
  readonly fromDate: string;
  readonly toDate: string;
  readonly status: SaleStatus | 'all';
  readonly minAmount: string;
  readonly maxAmount: string;
  readonly codeTail: string;
}

export const EMPTY_FILTERS: HistoryFilterForm = { fromDate: '', toDate: '', status: 'all', minAmount: '', maxAmount: '', codeTail: '' };

/** i18n keys under history.filterError. */
export type FilterError = 'fromDate' | 'toDate' | 'dateOrder' | 'minAmount' | 'maxAmount' | 'amountOrder' | 'codeTail';

export type FilterResult = { readonly ok: true; readonly search: SaleSearch } | { readonly ok: false; readonly error: FilterError };

/** Local midnight of a YYYY-MM-DD date, or null when it is not a real date. */
export function localDayStart(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (d.getFullYear() !== Number(m[1]) || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) return null;
  return d.getTime();
}

function nextDay(start: number): number {
  const d = new Date(start);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
}

function amount(text: string, currency: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  try {
    return parseMajor(text, currency, { allowZero: true }).minor;
  } catch {
    return 'bad';
  }
}

export function toSaleSearch(f: HistoryFilterForm, currency: string, limit = 30): FilterResult {
  const search: { -readonly [K in keyof SaleSearch]: SaleSearch[K] } = { limit };
  if (f.fromDate !== '') {
    const from = localDayStart(f.fromDate);
    if (from === null) return { ok: false, error: 'fromDate' };
    search.from = from;
  }
  if (f.toDate !== '') {
    const to = localDayStart(f.toDate);
    if (to === null) return { ok: false, error: 'toDate' };
    search.to = nextDay(to); // the end date is included: up to its midnight
  }
  if (search.from !== undefined && search.to !== undefined && search.from >= search.to) return { ok: false, error: 'dateOrder' };
  if (f.status !== 'all') search.statuses = [f.status];
  const min = amount(f.minAmount, currency);
  if (min === 'bad') return { ok: false, error: 'minAmount' };
  const max = amount(f.maxAmount, currency);
  if (max === 'bad') return { ok: false, error: 'maxAmount' };
  if (min !== null) search.minAmountMinor = min;
  if (max !== null) search.maxAmountMinor = max;
  if (min !== null && max !== null && min > max) return { ok: false, error: 'amountOrder' };
  const tail = f.codeTail.trim();
  if (tail !== '') {
    if (!/^\d{4}$/.test(tail)) return { ok: false, error: 'codeTail' };
    search.codeTail = tail;
  }
  return { ok: true, search };
}

/** Largest amount a refund may take now, and whether the typed amount fits (minor units). */
export function checkRefundAmount(text: string, currency: string, refundableMinor: number): { ok: true; minor: number } | { ok: false; error: 'amount' | 'zero' | 'tooMuch' } {
  let minor: number;
  try {
    minor = parseMajor(text, currency, { allowZero: true }).minor;
  } catch {
    return { ok: false, error: 'amount' };
  }
  if (minor <= 0) return { ok: false, error: 'zero' };
  if (minor > refundableMinor) return { ok: false, error: 'tooMuch' };
  return { ok: true, minor };
}

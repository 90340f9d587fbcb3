/** Pure helpers for the dashboard's wording: ages and per-currency sums. */
import type { Money } from '../../shared/domain/money';
import type { HqTenderTotal } from '../../shared/hq/hqDashboard';

export type AgeUnit = 's' | 'm' | 'h' | 'd';

/** An age in its largest sensible unit (floored): 59 s, 12 min, 3 h, 2 d. */
export function ageIn(seconds: number): { readonly unit: AgeUnit; readonly n: number } {
  if (seconds < 60) return { unit: 's', n: seconds };
  if (seconds < 3_600) return { unit: 'm', n: Math.floor(seconds / 60) };
  if (seconds < 86_400) return { unit: 'h', n: Math.floor(seconds / 3_600) };
  return { unit: 'd', n: Math.floor(seconds / 86_400) };
}

/** One total per currency, in the order currencies first appear (never adds across currencies). */
export function totalsByCurrency(tenders: readonly HqTenderTotal[]): Money[] {
  const m = new Map<string, Money>();
  for (const x of tenders) m.set(x.amount.currency, { minor: (m.get(x.amount.currency)?.minor ?? 0) + x.amount.minor, currency: x.amount.currency });
  return [...m.values()];
}

import type { AttemptSnapshot, SaleSnapshot } from '../../shared/domain/payment';

/**
 * Which panel the sale screen shows, derived only from the station's snapshot of the current sale
 * and which results the cashier has already dismissed. No payment rule lives here.
 */
export type SalePhase =
  | { readonly kind: 'entry' }
  | { readonly kind: 'tender'; readonly sale: SaleSnapshot }
  | { readonly kind: 'paying'; readonly sale: SaleSnapshot; readonly attempt: AttemptSnapshot }
  | { readonly kind: 'result'; readonly sale: SaleSnapshot; readonly attempt: AttemptSnapshot };

export function salePhase(sale: SaleSnapshot | null, dismissed: ReadonlySet<string>): SalePhase {
  if (!sale) return { kind: 'entry' };
  if (sale.active) return { kind: 'paying', sale, attempt: sale.active };
  const latest = sale.attempts[0];
  if (latest && latest.final && !dismissed.has(latest.paymentRequestId)) return { kind: 'result', sale, attempt: latest };
  if (sale.status === 'open' || sale.status === 'paying') return { kind: 'tender', sale };
  return { kind: 'entry' };
}

import type { SaleSnapshot } from '../../shared/domain/payment';

/** What the customer sees, from the current sale alone. */
export type CustomerView =
  | { readonly kind: 'idle' }
  | { readonly kind: 'amountDue'; readonly sale: SaleSnapshot }
  | { readonly kind: 'scanQr'; readonly sale: SaleSnapshot; readonly codeValue: string; readonly expiresAt: number }
  | { readonly kind: 'confirm'; readonly sale: SaleSnapshot; readonly expiresAt: number }
  | { readonly kind: 'processing'; readonly sale: SaleSnapshot }
  | { readonly kind: 'paid'; readonly sale: SaleSnapshot }
  /** Cash settled the sale: the change the customer gets back, big (issue 14). */
  | { readonly kind: 'change'; readonly sale: SaleSnapshot; readonly changeMinor: number }
  | { readonly kind: 'declined'; readonly sale: SaleSnapshot; readonly paymentRequestId: string }
  | { readonly kind: 'cancelled'; readonly sale: SaleSnapshot };

/** Results stay up this long, then the display goes back to idle (paid) or the amount (declined). */
export const RESULT_SHOW_MS = 8_000;

/**
 * `shownSince` is when this window first saw the attempt in its current status, by the window's own
 * clock: the station's timestamps may come from another clock (or a time-scaled demo).
 */
export function customerView(sale: SaleSnapshot | null, now: number, shownSince: (paymentRequestId: string, status: string) => number): CustomerView {
  if (!sale || sale.status === 'voided') return { kind: 'idle' };
  const last = sale.tenders[sale.tenders.length - 1];
  if (last && last.kind === 'cash' && sale.dueMinor === 0 && sale.status === 'paid') {
    return now - shownSince(last.tenderId, 'change') < RESULT_SHOW_MS ? { kind: 'change', sale, changeMinor: last.changeMinor } : { kind: 'idle' };
  }
  const a = sale.active ?? sale.attempts[0] ?? null;
  if (!a) return sale.status === 'open' ? { kind: 'amountDue', sale } : { kind: 'idle' };
  const recent = now - shownSince(a.paymentRequestId, a.status) < RESULT_SHOW_MS;
  switch (a.status) {
    case 'created':
    case 'unknown':
    case 'cancelling':
    case 'reversing':
      return { kind: 'processing', sale };
    case 'awaitingCustomer':
      return a.qr ? { kind: 'scanQr', sale, codeValue: a.qr.codeValue, expiresAt: a.qr.expiresAt } : { kind: 'confirm', sale, expiresAt: a.expiresAt };
    case 'succeeded':
      return recent ? { kind: 'paid', sale } : { kind: 'idle' };
    case 'failed':
      return recent ? { kind: 'declined', sale, paymentRequestId: a.paymentRequestId } : sale.status === 'open' ? { kind: 'amountDue', sale } : { kind: 'idle' };
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      return recent ? { kind: 'cancelled', sale } : sale.status === 'open' ? { kind: 'amountDue', sale } : { kind: 'idle' };
  }
}

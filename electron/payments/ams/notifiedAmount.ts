import { sameMoney, type Money } from '../../../shared/domain/money';
import { fromAmsAmount } from './amsRequests';
import type { PaymentNotification } from './amsWire';

export type NotifiedAmountVerdict =
  | { readonly kind: 'ok'; readonly amount: Money | null }
  /** `amount`: what the notice says, when it parses (a mismatch); null when it cannot be read at all. */
  | { readonly kind: 'refused'; readonly outcome: 'amountMismatch' | 'amountUnreadable'; readonly reason: string; readonly amount: Money | null };

/**
 * AMS.md §6: a success notice is compared with our record before it can pay the sale. A success
 * without a readable amount (missing, "12.50", an unknown currency) proves nothing about *our*
 * payment, so it is refused like a mismatch; a failure notice moves no money, its amount is not read.
 */
export function notifiedAmountVerdict(expected: Money, n: PaymentNotification): NotifiedAmountVerdict {
  if (n.result.resultStatus !== 'S') return { kind: 'ok', amount: null };
  if (!n.paymentAmount) return { kind: 'refused', outcome: 'amountUnreadable', reason: 'success notification without paymentAmount', amount: null };
  let amount: Money;
  try {
    amount = fromAmsAmount(n.paymentAmount);
  } catch {
    return { kind: 'refused', outcome: 'amountUnreadable', reason: `paymentAmount ${JSON.stringify(n.paymentAmount)} is not integer minor units of an ISO 4217 currency`, amount: null };
  }
  if (!sameMoney(amount, expected)) {
    return { kind: 'refused', outcome: 'amountMismatch', reason: `paymentAmount ${amount.minor} ${amount.currency} differs from ours (${expected.minor} ${expected.currency})`, amount };
  }
  return { kind: 'ok', amount };
}

/**
 * The payment attempt as plain JSON: exactly what is stored in payment_attempts.state_json and
 * resumed as is after a restart. It never holds the customer's code (a one-time credential): only
 * its hash and last four digits.
 */
import type { Money } from '../../../shared/domain/money';
import type { AttemptFlag, CancelReason, CashierText, PaymentScenario } from '../../../shared/domain/payment';

export const ATTEMPT_STATE_VERSION = 1;

interface AttemptBase {
  readonly v: typeof ATTEMPT_STATE_VERSION;
  readonly paymentRequestId: string; // = paymentRequestId
  readonly saleId: string;
  readonly scenario: PaymentScenario;
  readonly amount: Money;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** paymentExpiryTime we sent; nothing may succeed after it. */
  readonly expiresAt: number;
  readonly codeHash: string | null;
  readonly codeTail: string | null;
  readonly paymentId: string | null;
  /**
   * The payer as a receipt may show it, always masked (customerId.ts): Alipay's displayCustomerId from
   * the answer that proved the payment. Older stored states lack it: read back as null.
   */
  readonly customerIdMasked: string | null;
  /** inquiryPayment calls made while polling (bounded by the policy). */
  readonly polls: number;
  readonly resultCode: string | null;
  readonly message: CashierText | null;
  readonly flags: readonly AttemptFlag[];
}

export interface OrderCodeQr {
  readonly codeValue: string;
  readonly expiresAt: number;
}

export type AttemptState =
  /** Written before pay leaves. `pendingCancel`: the cashier pressed Cancel while pay was in flight. */
  | (AttemptBase & { readonly status: 'created'; readonly payRepeats: number; readonly pendingCancel: CancelReason | null })
  /** `redirectUrl`: entry code only, Alipay's cashier page the merchant's H5 page sends the wallet to. */
  | (AttemptBase & { readonly status: 'awaitingCustomer'; readonly qr: OrderCodeQr | null; readonly redirectUrl?: string })
  | (AttemptBase & { readonly status: 'unknown'; readonly reason: string })
  | (AttemptBase & {
      readonly status: 'cancelling';
      readonly reason: CancelReason;
      /** Once a cancel may have reached Alipay it is repeated until S/F: no success may overtake it. */
      readonly cancelSent: boolean;
      readonly cancelTries: number;
      /** F answers to our cancel so far (none is final while the pay may still be recorded); older states lack it. */
      readonly cancelRefusals?: number;
    })
  | (AttemptBase & { readonly status: 'reversing'; readonly refundRequestId: string; readonly reason: CancelReason })
  | (AttemptBase & { readonly status: 'succeeded'; readonly paidAt: number })
  | (AttemptBase & { readonly status: 'failed' })
  | (AttemptBase & { readonly status: 'cancelled'; readonly reason: CancelReason | null })
  | (AttemptBase & { readonly status: 'reversed'; readonly refundRequestId: string; readonly refundId: string | null; readonly reason: CancelReason })
  /**
   * The reversal refund was refused (verified F): nothing proves the money was taken or given back.
   * Nothing more is automatic: an operator checks with Alipay (the day report lists it apart).
   */
  | (AttemptBase & { readonly status: 'unproven'; readonly refundRequestId: string; readonly reason: CancelReason });

export type AttemptStatusOf<S extends AttemptState['status']> = Extract<AttemptState, { status: S }>;

/** Answers from Alipay, reduced to what the state machine needs (built by each acquirer's port adapter). */
export type PayResult =
  | {
      readonly kind: 'S';
      readonly paymentId: string | null;
      readonly qr: OrderCodeQr | null;
      readonly amount: Money | null;
      readonly redirectUrl?: string | null;
      /** Already masked (customerIdMaskedOf); absent or null when Alipay named no customer. */
      readonly customerIdMasked?: string | null;
    }
  | { readonly kind: 'F'; readonly resultCode: string; readonly resultMessage: string }
  | { readonly kind: 'U'; readonly reason: string; readonly resultCode: string | null; readonly sent: boolean };

export type InquiryResult =
  | {
      readonly kind: 'status';
      readonly status: 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED';
      readonly paymentId: string | null;
      readonly resultCode: string | null;
      readonly amount: Money | null;
      /** Already masked (customerIdMaskedOf); absent or null when Alipay named no customer. */
      readonly customerIdMasked?: string | null;
    }
  | { readonly kind: 'F'; readonly resultCode: string; readonly resultMessage: string }
  | { readonly kind: 'U'; readonly reason: string; readonly resultCode: string | null };

export type CallResult =
  /** `action`: what the acquirer says it did (当面付 cancel: close / refund), for the journal. */
  | { readonly kind: 'S'; readonly id: string | null; readonly action?: string }
  | { readonly kind: 'F'; readonly resultCode: string; readonly resultMessage: string }
  | { readonly kind: 'U'; readonly reason: string; readonly resultCode: string | null };

export type TimerName = 'poll' | 'expiry' | 'payRepeat';

/** Everything that can happen to an attempt. `at` comes from the injected clock. */
export type AttemptEvent =
  | { readonly type: 'payAnswered'; readonly at: number; readonly result: PayResult }
  | { readonly type: 'inquiryAnswered'; readonly at: number; readonly result: InquiryResult }
  | { readonly type: 'timerFired'; readonly at: number; readonly timer: TimerName }
  | { readonly type: 'cancelRequested'; readonly at: number; readonly reason: CancelReason }
  | { readonly type: 'cancelSending'; readonly at: number }
  | { readonly type: 'cancelAnswered'; readonly at: number; readonly result: CallResult; readonly reversalRefundRequestId: string }
  | { readonly type: 'reversalAnswered'; readonly at: number; readonly result: CallResult }
  | {
      readonly type: 'notified';
      readonly at: number;
      readonly status: 'SUCCESS' | 'FAIL';
      readonly paymentId: string | null;
      readonly amount: Money | null;
      readonly resultCode: string;
      /** Already masked (customerIdMaskedOf); absent or null when Alipay named no customer. */
      readonly customerIdMasked?: string | null;
    }
  | { readonly type: 'recovered'; readonly at: number };

export type QueueJobRequest = { readonly kind: 'cancel' | 'void' | 'reverse'; readonly key: string; readonly subject: string };

/** Effects the runner carries out. The code travels in callPay only, from memory, never stored. */
export type AttemptCommand =
  | { readonly type: 'callPay' }
  | { readonly type: 'callInquiry' }
  | { readonly type: 'startTimer'; readonly timer: TimerName; readonly at: number }
  | { readonly type: 'stopTimers' }
  | { readonly type: 'enqueue'; readonly job: QueueJobRequest }
  | { readonly type: 'alert'; readonly message: string };

export interface Transition {
  readonly state: AttemptState;
  readonly commands: readonly AttemptCommand[];
}

export const isFinal = (s: AttemptState): boolean =>
  s.status === 'succeeded' || s.status === 'failed' || s.status === 'cancelled' || s.status === 'reversed' || s.status === 'unproven';

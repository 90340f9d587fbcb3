import type { AmsAmount } from '../payments/ams/amsWire';

/** Plain JSON records: what the simulator knows, persisted as is. */
export type SimPaymentStatus = 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';
export type SimScenarioKind = 'PaymentCode' | 'OrderCode' | 'EntryCode';

export type SimPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'auto'; readonly at: number; readonly outcome: 'SUCCESS' | 'FAIL'; readonly failCode?: string }
  /** The wallet tries to pay at `at`, which is after expiry: it must be refused. */
  | { readonly kind: 'late'; readonly at: number };

export interface SimPayment {
  paymentId: string;
  paymentRequestId: string;
  clientId: string;
  inStoreScenario: SimScenarioKind;
  scenarioId: string | undefined;
  amount: AmsAmount;
  /** sha of the fields that must match on a repeated request (amount, currency, code, scenario). */
  fingerprint: string;
  paymentCode: string | undefined;
  notifyUrl: string;
  redirectUrl: string | undefined;
  /** EntryCode: the merchant page the wallet returns to after paying (absent in older records). */
  paymentRedirectUrl?: string;
  orderCodeValue: string | undefined;
  referenceMerchantId: string;
  referenceStoreId: string;
  orderDescription: string;
  createdAt: number;
  expiresAt: number;
  /** Business day (YYYYMMDD, Beijing) the payment belongs to, for cancel windows and files. */
  businessDay: string;
  status: SimPaymentStatus;
  /** Result code of the payment itself (SUCCESS, a decline code, ORDER_IS_CLOSED on expiry …). */
  resultCode: string;
  resultMessage: string;
  /** For OrderCode/EntryCode declines: the code the wallet's payment fails with. */
  declineOnPay: { code: string; message: string } | undefined;
  plan: SimPlan;
  walletScanned: boolean;
  paidAt: number | undefined;
  finishedAt: number | undefined;
  cancelledAt: number | undefined;
  refundedMinor: number;
  refundCount: number;
  flags: {
    refundWindowClosed?: boolean; singleRefundOnly?: boolean; noNotification?: boolean;
    /** Still being processed (slow pay): invisible to inquiry, cancel and refund until recorded. */
    unrecorded?: boolean;
    /** Refunds are answered REFUND_IN_PROCESS and decided after `afterMs`. */
    asyncRefund?: { afterMs: number; outcome: 'SUCCESS' | 'FAIL' };
  };
}

export interface SimRefund {
  refundId: string;
  refundRequestId: string;
  paymentId: string;
  amount: AmsAmount;
  fingerprint: string;
  status: 'SUCCESS' | 'FAIL' | 'PROCESSING';
  resultCode: string;
  resultMessage: string;
  createdAt: number;
  businessDay: string;
  /** PROCESSING (asynchronous refund): when it is decided, and how. */
  decideAt?: number;
  decideAs?: 'SUCCESS' | 'FAIL';
}

export interface SimRegistration {
  registrationRequestId: string;
  referenceMerchantId: string;
  referenceStoreId: string | undefined;
  merchantInfo: Record<string, unknown>;
  productCodes: string[];
  notifyUrl: string;
  fingerprint: string;
  status: 'PROCESSING' | 'APPROVED' | 'REJECTED';
  rejectReasons: string | undefined;
  createdAt: number;
  decideAt: number;
}

export interface SimNotificationAttempt {
  at: number;
  httpStatus: number | undefined;
  acknowledged: boolean;
  error: string | undefined;
}

export interface SimNotification {
  id: string;
  kind: 'PAYMENT_RESULT' | 'REGISTRATION_STATUS';
  url: string;
  clientId: string;
  /** Serialised once; every retry signs and sends these same bytes with a fresh request-time. */
  body: string;
  /** Index into the retry schedule of the next attempt. */
  attempt: number;
  nextAt: number;
  status: 'pending' | 'delivered' | 'gave-up';
  attempts: SimNotificationAttempt[];
  /** e.g. the paymentRequestId it is about. */
  subject: string;
}

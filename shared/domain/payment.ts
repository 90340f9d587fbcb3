/**
 * What the UI sees of sales, payment attempts, refunds and the offline queue. Events carry these
 * whole (never deltas) so a reloaded window is right again after the next one.
 */
import type { Money } from './money';
import type { NetworkState } from './station';

export type PaymentScenario = 'PaymentCode' | 'OrderCode' | 'EntryCode';

/**
 * Attempt lifecycle (DESIGN §5.1, §5.5). Final: succeeded, failed, cancelled, reversed.
 *  created          committed to the journal; pay is being sent
 *  awaitingCustomer Alipay has the payment; the customer is confirming (or the QR is shown)
 *  unknown          no usable answer yet (timeout, 5xx, unsigned): resolving by inquiry, never by rescanning
 *  cancelling       a last inquiry then cancel, retried from the offline queue until Alipay answers
 *  reversing        paid but must not stand (cancel window exceeded): a full refund is on its way
 *  reversed         paid and fully refunded by the reversal
 *  unproven         the reversal refund was refused: whether money was taken is unproven; an operator checks
 */
export type AttemptStatus =
  | 'created'
  | 'awaitingCustomer'
  | 'unknown'
  | 'cancelling'
  | 'reversing'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'reversed'
  | 'unproven';

export const FINAL_ATTEMPT_STATUSES: readonly AttemptStatus[] = ['succeeded', 'failed', 'cancelled', 'reversed', 'unproven'];
export const isFinalAttemptStatus = (s: AttemptStatus): boolean => FINAL_ATTEMPT_STATUSES.includes(s);

/**
 * superseded: an entry-code order whose pay never gave a redirect; its request id is abandoned for a new one.
 * notFound: Alipay still had no record of the pay long after it was sent; cancelled to make sure.
 */
export type CancelReason = 'cashier' | 'expiry' | 'amountChanged' | 'void' | 'superseded' | 'notFound';

/** A cashier-facing message in both UI languages (from the AMS result-code table). */
export interface CashierText {
  readonly 'zh-CN': string;
  readonly en: string;
}

/** Things a human should know about an attempt that its status alone does not say. */
export type AttemptFlag =
  | 'lateSuccessAfterCancel' // Alipay notified success for a payment we had already cancelled
  | 'paidWhileCancelling' // success reported after the cancel was sent: the cancel decides
  | 'amountMismatch' // Alipay reported a different amount than we asked for
  | 'reversalFailed' // paid, cancel window passed and the refund was refused: money stays taken
  | 'needsAttention'; // a configuration or system error: an operator must look

export interface AttemptSnapshot {
  readonly paymentRequestId: string; // our paymentRequestId
  readonly saleId: string;
  readonly scenario: PaymentScenario;
  readonly status: AttemptStatus;
  readonly final: boolean;
  /** True until the money is known to be taken or known not to be: the UI shows "do not hand over goods". */
  readonly doNotHandOver: boolean;
  readonly amount: Money;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** paymentExpiryTime sent to Alipay (epoch ms); the customer display counts down to it. */
  readonly expiresAt: number;
  readonly codeTail: string | null; // last 4 digits of the customer's code, never more
  readonly paymentId: string | null;
  /** The payer as Alipay masked it (displayCustomerId), or our own mask of its id; never an unmasked id. */
  readonly customerIdMasked: string | null;
  readonly paidAt: number | null;
  readonly resultCode: string | null;
  readonly message: CashierText | null;
  /** Order-code flow: the text to render as a QR, while it may still be paid. */
  readonly qr: { readonly codeValue: string; readonly expiresAt: number } | null;
  readonly cancelReason: CancelReason | null;
  readonly flags: readonly AttemptFlag[];
  readonly refundedMinor: number;
  readonly refundableMinor: number;
  /** Which acquirer took it: AMS (paymentId / paymentRequestId) or 当面付 (trade_no / out_trade_no = paymentRequestId). */
  readonly acquirer?: 'ams' | 'alipay-cn';
}

export type SaleStatus = 'open' | 'paying' | 'paid' | 'voided' | 'refunded' | 'partially_refunded';

export interface SaleSnapshot {
  readonly saleId: string;
  readonly status: SaleStatus;
  readonly amount: Money;
  readonly description: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Newest first. */
  readonly attempts: readonly AttemptSnapshot[];
  /** The attempt still in progress, if any (at most one per sale). */
  readonly active: AttemptSnapshot | null;
  /** The attempt that took the money, if any (at most one per sale). */
  readonly paid: AttemptSnapshot | null;
  readonly refunds: readonly RefundSnapshot[];
  /** Every tender that took money, oldest first: cash rows and succeeded Alipay parts (issue 14). */
  readonly tenders: readonly TenderSnapshot[];
  /** What the tenders have taken towards the amount (cash rounding counted as taken). */
  readonly takenMinor: number;
  /** What is still to pay: 0 once the tenders cover the sale. */
  readonly dueMinor: number;
  readonly cashRefunds: readonly CashRefundSnapshot[];
}

/** One tender of a sale: cash handed over, or an Alipay attempt that took money. */
export type TenderSnapshot =
  | {
    readonly kind: 'cash';
    readonly tenderId: string;
    /** Into the drawer: tendered − change. */
    readonly amount: Money;
    readonly tenderedMinor: number;
    readonly changeMinor: number;
    /** cash due − amount due when the currency rounds cash (negative: rounded down). */
    readonly roundingMinor: number;
    readonly at: number;
  }
  | { readonly kind: 'alipay'; readonly paymentRequestId: string; readonly scenario: PaymentScenario; readonly amount: Money; readonly at: number; readonly codeTail: string | null };

export interface CashRefundSnapshot {
  readonly cashRefundId: string;
  readonly saleId: string;
  readonly amount: Money;
  readonly reason: string | null;
  readonly createdAt: number;
}

/** pending: persisted, waiting to be sent or retried (offline); dead: gave up, see lastError. */
export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

export interface RefundSnapshot {
  readonly refundRequestId: string;
  readonly paymentRequestId: string;
  readonly saleId: string;
  readonly amount: Money;
  readonly status: RefundStatus;
  readonly reason: string | null;
  readonly refundId: string | null;
  readonly resultCode: string | null;
  readonly message: CashierText | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** `upload`: the head office upload (issue 16), run by the HQ link's own loop, never the payments loop. */
export type QueueJobKind = 'cancel' | 'void' | 'reverse' | 'refund' | 'upload';
export type QueueJobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface QueueJobSnapshot {
  readonly id: number;
  readonly kind: QueueJobKind;
  readonly key: string;
  readonly status: QueueJobStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  /** paymentRequestId for cancel/void/reverse, refundRequestId for refund. */
  readonly subject: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface QueueSnapshot {
  readonly network: NetworkState;
  readonly pending: number;
  readonly running: number;
  readonly dead: number;
  /** Jobs not done, oldest first (pending, running and dead). */
  readonly jobs: readonly QueueJobSnapshot[];
}

/** payment:stateChanged — the whole sale, with the attempt that changed. */
export interface PaymentStateChanged {
  readonly sale: SaleSnapshot;
  readonly attempt: AttemptSnapshot | null;
}

/** payment:unresolvedListed — every attempt not final (DESIGN §5.6: none may stay unresolved silently). */
export interface UnresolvedAttempts {
  /** True while start-up recovery is still running (no scans accepted yet). */
  readonly recovering: boolean;
  readonly attempts: readonly AttemptSnapshot[];
}

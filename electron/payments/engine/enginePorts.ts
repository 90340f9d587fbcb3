/**
 * The engine's I/O, injected: the acquirer port (AMS in payments/ams, 当面付 in payments/cn), the
 * journal and the outbox. The SQLite implementation lives in payments/store; tests may pass their own.
 */
import type { JobOutcome, OutboxJob as QueueOutboxJob, OutboxStore as QueueOutboxStore } from '../../../shared/domain/outboxJob';
import type { CurrencyCode, Money } from '../../../shared/domain/money';
import type { CashierText, PaymentScenario, QueueJobKind } from '../../../shared/domain/payment';
import type { AttemptState, CallResult, InquiryResult, PayResult, QueueJobRequest } from './attemptState';
import type { PaymentId, PaymentRequestId, RefundRequestId, SaleId } from '../../../shared/domain/ids';

/** Which acquiring API this terminal speaks (config `alipay.acquirer`). */
export type AcquirerName = 'ams' | 'alipay-cn';

/** Store-level facts the pay request needs and the engine does not own. */
export interface PayContext {
  readonly merchant: {
    readonly referenceMerchantId: string;
    readonly merchantName: string;
    readonly merchantMCC?: string;
    readonly store: { readonly referenceStoreId: string; readonly storeName: string; readonly storeMCC?: string };
  };
  readonly paymentNotifyUrl: string;
  /** settlementStrategy.settlementCurrency (config); absent → the payment currency. */
  readonly settlementCurrency?: CurrencyCode;
  readonly storeTerminalId: string;
  readonly orderDescription: string;
  /** The signed-in cashier, where the acquirer records one (当面付 operator_id). */
  readonly operatorId?: string;
}

/** Facts about one exchange, for the journal: digests, not bodies (a payment code is a credential). */
export interface CallTrace {
  readonly api: string;
  readonly path: string;
  readonly requestTime: string;
  readonly durationMs: number;
  readonly requestSha256: string;
  readonly httpStatus?: number;
  readonly responseSha256?: string;
}

/**
 * One call's answer reduced for the engine. `link`: `answered` (any answer, even a refusal: Alipay is
 * reachable), `no-answer` (connect failure or timeout), `server-error` (the gateway is up but failing).
 */
export interface AcquirerAnswer<R> {
  readonly result: R;
  readonly link: 'answered' | 'no-answer' | 'server-error';
  /** For the queue's last_error when the result is U. */
  readonly detail: string;
  readonly trace?: CallTrace;
  /**
   * The acquirer refused the request itself, unsigned (AMS INVALID_SIGNATURE, KEY_NOT_FOUND …): it
   * was not processed. The code, so the station can tell an operator that our credentials are wrong.
   */
  readonly rejectedCode?: string;
  /** A verified answer (signed S or F): our credentials work. */
  readonly verified?: boolean;
}

/** How the flow reads an acquirer's result codes (its table, as data, lives with its client). */
export type ResultAction = 'final' | 'poll' | 'repeat-same-request' | 'new-request-id' | 'alert-operator';
export type CodeApi = 'pay' | 'inquiryPayment' | 'cancel' | 'refund';
export interface ResultCodeBook {
  lookup(code: string, ctx: { readonly api: CodeApi; readonly scenario?: PaymentScenario }): { readonly action: ResultAction; readonly message: CashierText };
  /** Pay answered "the customer is confirming": the attempt waits for them (AMS PAYMENT_IN_PROCESS, 当面付 10003). */
  readonly inProcess: readonly string[];
  /** The acquirer has no such order: for an inquiry maybe not yet, for a cancel nothing to cancel. */
  readonly notFound: readonly string[];
  /** A cancel refused as too late: the money comes back by a full refund instead. */
  readonly cancelTooLate: readonly string[];
}

export interface PortPayRequest {
  readonly paymentRequestId: PaymentRequestId;
  readonly saleId: SaleId;
  readonly scenario: PaymentScenario;
  readonly amount: Money;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly context: PayContext;
  /** PaymentCode: the customer's one-time code (memory only). */
  readonly paymentCode?: string;
  /** EntryCode: what the H5 page learnt from the wallet. */
  readonly entry?: { readonly userAgent: string; readonly paymentRedirectUrl: string };
}

/** Our id (paymentRequestId / out_trade_no) and the acquirer's, once known. */
export interface PortPaymentRef {
  readonly paymentRequestId: PaymentRequestId;
  readonly paymentId: PaymentId | null;
}

export interface PortRefundRequest {
  readonly refundRequestId: RefundRequestId;
  readonly paymentRequestId: PaymentRequestId;
  readonly paymentId: PaymentId;
  readonly amount: Money;
  readonly reason?: string;
}

/** What the engine needs from an acquirer. Every call resolves (never rejects); unverifiable → U. */
export interface AcquirerPort {
  readonly name: AcquirerName;
  readonly codes: ResultCodeBook;
  pay(req: PortPayRequest): Promise<AcquirerAnswer<PayResult>>;
  inquiryPayment(ref: PortPaymentRef): Promise<AcquirerAnswer<InquiryResult>>;
  cancel(ref: PortPaymentRef): Promise<AcquirerAnswer<CallResult>>;
  refund(req: PortRefundRequest): Promise<AcquirerAnswer<CallResult>>;
  /** A refund whose answer was lost: S refunded, F not (and never will be under this id), U still unknown. */
  inquiryRefund?(req: PortRefundRequest): Promise<AcquirerAnswer<CallResult>>;
  /** One cheap signed call, for reachability while offline. */
  probe(): Promise<AcquirerAnswer<unknown>>;
  close?(): void;
}

/** network/timeout (and a gateway that answers 5xx) mean "cannot reach Alipay"; any answer means reachable. */
export const reachableOf = (a: AcquirerAnswer<unknown>): boolean => a.link === 'answered';

/** One journal entry: appended to the hash chain in the same transaction as the state it records. */
export interface JournalEntry {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly trace?: CallTrace;
}

export interface AttemptStore {
  /** Write-ahead: the attempt row, its first event and the sale's status, in one transaction. */
  insertAttempt(state: AttemptState, entry: JournalEntry): void;
  /** The new state, its event and any queue jobs, in one transaction. */
  saveAttempt(next: AttemptState, entry: JournalEntry, jobs: readonly QueueJobRequest[]): void;
  enqueueJobs(jobs: readonly QueueJobRequest[]): void;
  getAttempt(paymentRequestId: PaymentRequestId): AttemptState | null;
  listUnresolved(): AttemptState[];
}

/** The payments lane's view of the one durable queue (shared/domain/outboxJob): its kinds only. */
export type OutboxJob = QueueOutboxJob<QueueJobKind>;
export type OutboxStore = QueueOutboxStore<QueueJobKind>;
export type { JobOutcome };

export interface RefundRecord {
  readonly refundRequestId: RefundRequestId;
  readonly paymentRequestId: PaymentRequestId;
  readonly saleId: SaleId;
  readonly paymentId: PaymentId;
  readonly amount: Money;
  readonly reason: string | null;
  readonly status: 'pending' | 'succeeded' | 'failed';
}

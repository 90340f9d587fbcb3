/**
 * The engine's I/O, injected: the AMS client (or anything with its shape), the journal and the
 * outbox. The SQLite implementation lives in payments/store; tests may pass their own.
 */
import type { CurrencyCode, Money } from '../../../shared/domain/money';
import type { QueueJobKind, QueueJobStatus } from '../../../shared/domain/payment';
import type { AmsClient, AmsTrace } from '../ams/amsClient';
import type { MerchantRef } from '../ams/amsRequests';
import type { AttemptState, QueueJobRequest } from './attemptState';

export type EngineGateway = Pick<AmsClient, 'pay' | 'inquiryPayment' | 'cancel' | 'refund' | 'inquiryRefund'>;

/** Store-level facts the pay request needs and the engine does not own. */
export interface PayContext {
  readonly merchant: MerchantRef;
  readonly paymentNotifyUrl: string;
  /** settlementStrategy.settlementCurrency (config); absent → the payment currency. */
  readonly settlementCurrency?: CurrencyCode;
  readonly storeTerminalId: string;
  readonly orderDescription: string;
}

/** One journal entry: appended to the hash chain in the same transaction as the state it records. */
export interface JournalEntry {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly trace?: AmsTrace;
}

export interface AttemptStore {
  /** Write-ahead: the attempt row, its first event and the sale's status, in one transaction. */
  insertAttempt(state: AttemptState, entry: JournalEntry): void;
  /** The new state, its event and any queue jobs, in one transaction. */
  saveAttempt(next: AttemptState, entry: JournalEntry, jobs: readonly QueueJobRequest[]): void;
  enqueueJobs(jobs: readonly QueueJobRequest[]): void;
  getAttempt(attemptId: string): AttemptState | null;
  listUnresolved(): AttemptState[];
}

export interface OutboxJob {
  readonly id: number;
  readonly kind: QueueJobKind;
  readonly key: string;
  readonly subject: string;
  readonly status: QueueJobStatus;
  readonly attempts: number;
  readonly failures: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

export interface OutboxStore {
  /** Oldest pending job due at `now`. */
  nextDue(now: number): OutboxJob | null;
  /** When the next pending job falls due (null: nothing pending). */
  nextWakeAt(): number | null;
  markRunning(id: number, now: number): void;
  markDone(id: number, now: number): void;
  markRetry(id: number, now: number, nextAt: number, error: string, countsAsFailure: boolean): void;
  markDead(id: number, now: number, reason: string): void;
  /** After a crash: jobs left `running` run again (their keys make that safe). */
  resetRunning(now: number): number;
  /** The link is back: everything pending is due now. */
  wakeAllPending(now: number): number;
}

/**
 * What a queue job handler reports. `network` failures do not count toward the dead letter. `wait`:
 * not a failure, Alipay's answer says "not yet" (a refused cancel, a refund still processing): run
 * again at `until`, on the handler's own bounded schedule.
 */
export type JobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly error: string; readonly network: boolean }
  /** `counts`: this wait is one step of the handler's bounded schedule (kept in the job's `failures`). */
  | { readonly kind: 'wait'; readonly until: number; readonly note: string; readonly counts?: boolean }
  | { readonly kind: 'dead'; readonly reason: string };

export interface RefundRecord {
  readonly refundRequestId: string;
  readonly attemptId: string;
  readonly saleId: string;
  readonly paymentId: string;
  readonly amount: Money;
  readonly reason: string | null;
  readonly status: 'pending' | 'succeeded' | 'failed';
}

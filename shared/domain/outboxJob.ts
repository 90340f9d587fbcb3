/**
 * The one durable job queue's terms (DESIGN §6): a job (one `outbox` row), the store port a lane
 * gives the loop, what a handler reports, and the registry that gives every kind exactly one handler.
 * Generic over the kind so each lane's loop sees only its own kinds. In shared/ because both the
 * queue (journal/outbox) and the pure payments engine (which may not import journal/) speak them.
 */
import type { QueueJobKind, QueueJobStatus } from './payment';

/** Every kind the outbox carries: the payments jobs and `upload` (shared/domain/payment), and `print`. */
export type OutboxKind = QueueJobKind | 'print';

export interface OutboxJob<K extends string = OutboxKind> {
  readonly id: number;
  readonly kind: K;
  readonly key: string;
  readonly subject: string;
  readonly status: QueueJobStatus;
  readonly attempts: number;
  readonly failures: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

export interface OutboxStore<K extends string = OutboxKind> {
  /** Oldest pending job due at `now`. */
  nextDue(now: number): OutboxJob<K> | null;
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
 * What a job handler reports. `network` failures do not count toward the dead letter. `wait`: not a
 * failure but "not now" — Alipay says "not yet" (a refused cancel, a refund still processing), the
 * printer is out of paper: run again at `until` (or sooner, on a wake).
 */
export type JobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly error: string; readonly network: boolean }
  /** `counts`: this wait is one step of the handler's bounded schedule (kept in the job's `failures`). */
  | { readonly kind: 'wait'; readonly until: number; readonly note: string; readonly counts?: boolean }
  | { readonly kind: 'dead'; readonly reason: string };

/** The one handler of one job kind. */
export interface OutboxHandler<K extends string = OutboxKind> {
  run(job: OutboxJob<K>): Promise<JobOutcome>;
}

/**
 * A lane's handlers, exactly one per kind (the type refuses a missing or an extra kind), as the one
 * `run` the loop calls.
 */
export function dispatchJobs<K extends string>(handlers: { readonly [P in K]: OutboxHandler<P> }): (job: OutboxJob<K>) => Promise<JobOutcome> {
  return (job) => (handlers[job.kind] as OutboxHandler<K>).run(job);
}

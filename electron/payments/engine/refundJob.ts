/**
 * Refunds (DESIGN §5.4): the rules for a new refund and the queue job that sends it. The
 * refundRequestId is persisted before the first send and reused on every retry, so Alipay refunds at
 * most once however often the job runs.
 */
import type { Clock } from '../../../shared/domain/clock';
import type { Money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import type { AmsOutcome } from '../ams/amsClient';
import type { AttemptState } from './attemptState';
import type { EngineGateway, JobOutcome, JournalEntry, RefundRecord } from './enginePorts';

export interface RefundStorePort {
  getRefund(refundRequestId: string): RefundRecord | null;
  finishRefund(refundRequestId: string, status: 'succeeded' | 'failed', refundId: string | null, resultCode: string | null, now: number, entry: JournalEntry): void;
}

/** Throws a typed error when this refund may not be made; `alreadyMinor` counts pending refunds too. */
export function checkRefund(attempt: AttemptState | null, amount: Money, alreadyMinor: number): asserts attempt is AttemptState & { status: 'succeeded' } {
  if (!attempt) throw new PosError('NOT_FOUND', 'no such payment');
  if (attempt.status !== 'succeeded') throw new PosError('INVALID_STATE', `only a succeeded payment can be refunded (this one is ${attempt.status})`);
  if (!attempt.paymentId) throw new PosError('INVALID_STATE', 'the payment has no Alipay paymentId yet; try again in a moment', { retryable: true });
  if (amount.currency !== attempt.amount.currency) throw new PosError('INVALID_AMOUNT', `refund currency ${amount.currency} differs from the payment's ${attempt.amount.currency}`);
  const left = attempt.amount.minor - alreadyMinor;
  if (amount.minor <= 0) throw new PosError('INVALID_AMOUNT', 'refund amount must be greater than zero');
  if (amount.minor > left) throw new PosError('INVALID_AMOUNT', `at most ${left} minor units remain refundable`, { details: { refundableMinor: left } });
}

/**
 * When the outcome of a refund is unknown (REFUND_IN_PROCESS, a lost answer, any U), inquiryRefund
 * is asked after these delays — not the refund resent forever. Past the last, the job is dead: the
 * refund shows `dead` (never `pending` without a live job) and an operator is told.
 */
export const REFUND_CHECK_SCHEDULE_MS: readonly number[] = [2_000, 5_000, 10_000, 30_000, 60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

export interface RefundJobDeps {
  readonly gateway: EngineGateway;
  readonly store: RefundStorePort;
  readonly clock: Clock;
  readonly checkScheduleMs?: readonly number[];
  onOutcome?(o: AmsOutcome<unknown>): void;
  onChange?(refund: RefundRecord): void;
  onAlert?(message: string, refund: RefundRecord): void;
}

/** The queue job's own counters: `attempts` runs so far, `failures` (here: inquiry steps used). */
export interface RefundJobRun {
  readonly subject: string;
  readonly attempts: number;
  readonly failures: number;
}

const unreachable = (o: AmsOutcome<unknown>): boolean => o.outcome === 'U' && (o.reason === 'network' || o.reason === 'timeout');

export async function runRefundJob(deps: RefundJobDeps, job: RefundJobRun | string): Promise<JobOutcome> {
  const run: RefundJobRun = typeof job === 'string' ? { subject: job, attempts: 0, failures: 0 } : job;
  const r = deps.store.getRefund(run.subject);
  if (!r) return { kind: 'dead', reason: `no refund ${run.subject}` };
  if (r.status !== 'pending') return { kind: 'done' };
  const schedule = deps.checkScheduleMs ?? REFUND_CHECK_SCHEDULE_MS;
  const finish = (status: 'succeeded' | 'failed', refundId: string | null, resultCode: string, o: AmsOutcome<unknown>, via: 'refund' | 'inquiryRefund'): JobOutcome => {
    const type = status === 'succeeded' ? 'refund.succeeded' : 'refund.failed';
    deps.store.finishRefund(r.refundRequestId, status, refundId, resultCode, deps.clock.now(), { type, data: { refundRequestId: r.refundRequestId, refundId, resultCode, via }, trace: o.trace });
    deps.onChange?.(r);
    return { kind: 'done' };
  };
  /** Not known yet: ask again on the bounded schedule; past it, a human. */
  const later = (why: string): JobOutcome => {
    if (run.failures >= schedule.length) {
      deps.onAlert?.(`refund ${r.refundRequestId} still unknown after ${run.failures} checks: ${why}`, r);
      return { kind: 'dead', reason: `outcome unknown after ${run.failures} checks (${why}): check with Alipay` };
    }
    return { kind: 'wait', until: deps.clock.now() + schedule[run.failures]!, note: `outcome unknown (${why}): inquiryRefund next`, counts: true };
  };

  // An earlier run may have sent it: ask what Alipay has before sending anything again.
  if (run.attempts > 0) {
    const q = await deps.gateway.inquiryRefund({ refundRequestId: r.refundRequestId });
    deps.onOutcome?.(q);
    if (q.outcome === 'S') {
      const status = (q.body.refundStatus ?? '').toUpperCase();
      if (status === 'SUCCESS') return finish('succeeded', q.body.refundId ?? null, 'SUCCESS', q, 'inquiryRefund');
      if (status === 'FAIL') return finish('failed', q.body.refundId ?? null, 'REFUND_FAIL', q, 'inquiryRefund');
      return later(`refundStatus ${status || 'missing'}`);
    }
    if (q.outcome === 'U' && unreachable(q)) return { kind: 'retry', error: `${q.reason}: ${q.detail}`.slice(0, 300), network: true };
    // ORDER_NOT_EXIST: Alipay never got it — send it (same refundRequestId). Any other answer: the
    // refund's own answer decides, and repeating it with the same id is safe.
  }

  const o = await deps.gateway.refund({ refundRequestId: r.refundRequestId, paymentId: r.paymentId, refundAmount: r.amount, ...(r.reason ? { refundReason: r.reason.slice(0, 256) } : {}) });
  deps.onOutcome?.(o);
  switch (o.outcome) {
    case 'S':
      return finish('succeeded', o.body.refundId ?? null, 'SUCCESS', o, 'refund');
    case 'F':
      // A verified refusal (REFUND_AMOUNT_EXCEED, REFUND_WINDOW_EXCEED …): retrying the same id cannot help.
      return finish('failed', null, o.resultCode, o, 'refund');
    case 'U':
      if (unreachable(o)) return { kind: 'retry', error: `${o.reason}: ${o.detail}`.slice(0, 300), network: true };
      // REFUND_IN_PROCESS, a 5xx, an unsigned answer …: it may be under way. inquiryRefund decides.
      return later(`${o.reason}${o.resultCode ? ` ${o.resultCode}` : ''}`);
  }
}

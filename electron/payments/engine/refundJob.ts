/**
 * Refunds (DESIGN §5.4): the rules for a new refund and the queue job that sends it. The
 * refundRequestId is persisted before the first send and reused on every retry, so Alipay refunds at
 * most once however often the job runs.
 */
import type { Clock } from '../../../shared/domain/clock';
import type { Money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import type { AttemptState } from './attemptState';
import type { AcquirerAnswer, AcquirerPort, JobOutcome, JournalEntry, PortRefundRequest, RefundRecord } from './enginePorts';

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
  readonly gateway: AcquirerPort;
  readonly store: RefundStorePort;
  readonly clock: Clock;
  readonly checkScheduleMs?: readonly number[];
  onOutcome?(o: AcquirerAnswer<unknown>): void;
  onChange?(refund: RefundRecord): void;
  onAlert?(message: string, refund: RefundRecord): void;
}

/** The queue job's own counters: `attempts` runs so far, `failures` (here: inquiry steps used). */
export interface RefundJobRun {
  readonly subject: string;
  readonly attempts: number;
  readonly failures: number;
}

/** No answer at all (connect failure, timeout, a failing gateway): the link decides, not the refund. */
const unreachable = (o: AcquirerAnswer<unknown>): boolean => o.link !== 'answered';

export async function runRefundJob(deps: RefundJobDeps, job: RefundJobRun | string): Promise<JobOutcome> {
  const run: RefundJobRun = typeof job === 'string' ? { subject: job, attempts: 0, failures: 0 } : job;
  const r = deps.store.getRefund(run.subject);
  if (!r) return { kind: 'dead', reason: `no refund ${run.subject}` };
  if (r.status !== 'pending') return { kind: 'done' };
  const schedule = deps.checkScheduleMs ?? REFUND_CHECK_SCHEDULE_MS;
  const finish = (status: 'succeeded' | 'failed', refundId: string | null, resultCode: string, o: AcquirerAnswer<unknown>, via: 'refund' | 'inquiryRefund'): JobOutcome => {
    const type = status === 'succeeded' ? 'refund.succeeded' : 'refund.failed';
    deps.store.finishRefund(r.refundRequestId, status, refundId, resultCode, deps.clock.now(), { type, data: { refundRequestId: r.refundRequestId, refundId, resultCode, via }, ...(o.trace ? { trace: o.trace } : {}) });
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
  const req: PortRefundRequest = { refundRequestId: r.refundRequestId, paymentRequestId: r.paymentRequestId, paymentId: r.paymentId, amount: r.amount, ...(r.reason ? { reason: r.reason } : {}) };

  // An earlier run may have sent it: ask what the acquirer has before sending anything again.
  // The port's inquiryRefund: S refunded, F refused for good, U `processing` still under way; any
  // other U (not found under this id, refused query, unsigned) → send it again with the same id.
  if (run.attempts > 0 && deps.gateway.inquiryRefund) {
    const q = await deps.gateway.inquiryRefund(req);
    deps.onOutcome?.(q);
    const qr = q.result;
    if (qr.kind === 'S') return finish('succeeded', qr.id, 'SUCCESS', q, 'inquiryRefund');
    if (qr.kind === 'F') return finish('failed', null, qr.resultCode, q, 'inquiryRefund');
    if (unreachable(q)) return { kind: 'retry', error: q.detail.slice(0, 300), network: true };
    if (qr.reason === 'processing') return later(`refundStatus ${qr.resultCode ?? 'PROCESSING'}`);
  }

  const o = await deps.gateway.refund(req);
  deps.onOutcome?.(o);
  const res = o.result;
  switch (res.kind) {
    case 'S':
      return finish('succeeded', res.id, 'SUCCESS', o, 'refund');
    case 'F':
      // A verified refusal (REFUND_AMOUNT_EXCEED, REFUND_WINDOW_EXCEED …): retrying the same id cannot help.
      return finish('failed', null, res.resultCode, o, 'refund');
    case 'U':
      if (unreachable(o)) return { kind: 'retry', error: o.detail.slice(0, 300), network: true };
      // REFUND_IN_PROCESS, a 5xx, an unsigned answer …: it may be under way. inquiryRefund decides.
      return later(o.detail);
  }
}

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

export interface RefundJobDeps {
  readonly gateway: AcquirerPort;
  readonly store: RefundStorePort;
  readonly clock: Clock;
  onOutcome?(o: AcquirerAnswer<unknown>): void;
  onChange?(refund: RefundRecord): void;
}

export async function runRefundJob(deps: RefundJobDeps, refundRequestId: string): Promise<JobOutcome> {
  const r = deps.store.getRefund(refundRequestId);
  if (!r) return { kind: 'dead', reason: `no refund ${refundRequestId}` };
  if (r.status !== 'pending') return { kind: 'done' };
  const req: PortRefundRequest = { refundRequestId: r.refundRequestId, attemptId: r.attemptId, paymentId: r.paymentId, amount: r.amount, ...(r.reason ? { reason: r.reason } : {}) };
  let o = await deps.gateway.refund(req);
  deps.onOutcome?.(o);
  // The answer is lost: where the acquirer has a refund query (当面付 fastpay.refund.query) it may
  // already know; F there only means "not under this id yet", so the refund is sent again later.
  if (o.result.kind === 'U' && deps.gateway.inquiryRefund) {
    const q = await deps.gateway.inquiryRefund(req);
    deps.onOutcome?.(q);
    if (q.result.kind === 'S') o = q;
  }
  const now = deps.clock.now();
  const res = o.result;
  switch (res.kind) {
    case 'S':
      deps.store.finishRefund(r.refundRequestId, 'succeeded', res.id, 'SUCCESS', now, { type: 'refund.succeeded', data: { refundRequestId: r.refundRequestId, refundId: res.id }, ...(o.trace ? { trace: o.trace } : {}) });
      deps.onChange?.(r);
      return { kind: 'done' };
    case 'F':
      // A verified refusal (REFUND_AMOUNT_EXCEED, REFUND_WINDOW_EXCEED …): retrying the same id cannot help.
      deps.store.finishRefund(r.refundRequestId, 'failed', null, res.resultCode, now, { type: 'refund.failed', data: { refundRequestId: r.refundRequestId, resultCode: res.resultCode }, ...(o.trace ? { trace: o.trace } : {}) });
      deps.onChange?.(r);
      return { kind: 'done' };
    case 'U':
      return { kind: 'retry', error: o.detail.slice(0, 300), network: o.link === 'no-answer' };
  }
}

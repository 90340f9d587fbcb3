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

export interface RefundJobDeps {
  readonly gateway: EngineGateway;
  readonly store: RefundStorePort;
  readonly clock: Clock;
  onOutcome?(o: AmsOutcome<unknown>): void;
  onChange?(refund: RefundRecord): void;
}

export async function runRefundJob(deps: RefundJobDeps, refundRequestId: string): Promise<JobOutcome> {
  const r = deps.store.getRefund(refundRequestId);
  if (!r) return { kind: 'dead', reason: `no refund ${refundRequestId}` };
  if (r.status !== 'pending') return { kind: 'done' };
  const o = await deps.gateway.refund({ refundRequestId: r.refundRequestId, paymentId: r.paymentId, refundAmount: r.amount, ...(r.reason ? { refundReason: r.reason.slice(0, 256) } : {}) });
  deps.onOutcome?.(o);
  const now = deps.clock.now();
  switch (o.outcome) {
    case 'S':
      deps.store.finishRefund(r.refundRequestId, 'succeeded', o.body.refundId ?? null, 'SUCCESS', now, { type: 'refund.succeeded', data: { refundRequestId: r.refundRequestId, refundId: o.body.refundId ?? null }, trace: o.trace });
      deps.onChange?.(r);
      return { kind: 'done' };
    case 'F':
      // A verified refusal (REFUND_AMOUNT_EXCEED, REFUND_WINDOW_EXCEED …): retrying the same id cannot help.
      deps.store.finishRefund(r.refundRequestId, 'failed', null, o.resultCode, now, { type: 'refund.failed', data: { refundRequestId: r.refundRequestId, resultCode: o.resultCode }, trace: o.trace });
      deps.onChange?.(r);
      return { kind: 'done' };
    case 'U': {
      const network = o.reason === 'network' || o.reason === 'timeout';
      return { kind: 'retry', error: `${o.reason}${o.resultCode ? ` ${o.resultCode}` : ''}: ${o.detail}`.slice(0, 300), network };
    }
  }
}

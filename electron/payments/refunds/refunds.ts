/**
 * Refunds in one place (DESIGN §5.4): a supervisor's refund is checked, persisted with its
 * refundRequestId, event and queue job in one transaction, and sent by the queue (refundJob.ts),
 * which asks before it resends. Every change is told on the bus as `refundChanged`.
 */
import type { Clock } from '../../../shared/domain/clock';
import { newRefundRequestId } from '../../../shared/domain/ids';
import { money, type Money } from '../../../shared/domain/money';
import type { RefundSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { PosError } from '../../../shared/errors/posError';
import type { AcquirerAnswer, AcquirerPort, JobOutcome, RefundRecord } from '../engine/enginePorts';
import type { PaymentEvents } from '../paymentEvents';
import type { PaymentsLog } from '../paymentsLog';
import type { PaymentStore } from '../store/paymentStore';
import { checkRefund, runRefundJob, type RefundJobRun } from './refundJob';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';

export interface RefundsDeps {
  readonly clock: Clock;
  readonly store: PaymentStore;
  readonly gateway: AcquirerPort;
  readonly events: PaymentEvents;
  readonly log: PaymentsLog;
  getSale(saleId: SaleId): SaleSnapshot;
  /** Every acquirer answer (reachability, credentials). */
  observe(answer: AcquirerAnswer<unknown>): void;
  /** A refund job was queued: wake the queue and tell the windows. */
  onQueued(): void;
  moneyGate?(): void;
}

export type Refunds = ReturnType<typeof createRefunds>;

export function createRefunds(d: RefundsDeps) {
  const { clock, store, events, log } = d;

  /** `paymentRequestId` null: the sale alone changed (a new refund); set: the refunded payment too (a refund finished). */
  function changed(saleId: SaleId, paymentRequestId: PaymentRequestId | null, refund: RefundSnapshot | null): void {
    const sale = store.saleSnapshot(saleId);
    if (!sale) return;
    const attempt = paymentRequestId === null ? null : store.attempts.getAttempt(paymentRequestId);
    events.emit('refundChanged', { sale, attempt: attempt ? store.attemptSnapshot(attempt) : null, refund });
  }

  const refunds = {
    /** DESIGN §5.4: persisted (with its idempotency key) and queued before anything is sent. */
    createRefund(paymentRequestId: PaymentRequestId, amount: Money, reason: string | null, actor: string): RefundSnapshot {
      d.moneyGate?.();
      const attempt = store.attempts.getAttempt(paymentRequestId);
      const already = store.refundedMinor(paymentRequestId);
      checkRefund(attempt, amount, already);
      const refundRequestId = newRefundRequestId(clock.now());
      store.insertRefund({ refundRequestId, paymentRequestId, saleId: attempt.saleId, paymentId: attempt.paymentId!, amount, reason, status: 'pending', actor }, clock.now());
      store.audit(actor, 'refund.create', { paymentRequestId, refundRequestId, amount, reason });
      d.onQueued();
      const refund = store.getRefund(refundRequestId)!.snapshot;
      changed(attempt.saleId, null, refund);
      return refund;
    },

    /** The refund for a payment of ours, in its currency (the contract gives minor units only). */
    refundPayment(paymentRequestId: PaymentRequestId, amountMinor: number, reason: string | null, actor: string): RefundSnapshot {
      const attempt = store.attempts.getAttempt(paymentRequestId);
      if (!attempt) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      return refunds.createRefund(paymentRequestId, money(amountMinor, attempt.amount.currency), reason, actor);
    },

    listRefunds: (saleId: SaleId): readonly RefundSnapshot[] => d.getSale(saleId).refunds,

    /** The queue's `refund` job. */
    runJob(job: RefundJobRun): Promise<JobOutcome> {
      return runRefundJob({
        gateway: d.gateway, clock, store,
        onOutcome: d.observe,
        onAlert: (message, r) => {
          log.warn({ refundRequestId: r.refundRequestId }, `refund alert: ${message}`);
          store.audit('engine', 'refund.alert', { refundRequestId: r.refundRequestId, message });
        },
        onChange: (r: RefundRecord) => changed(r.saleId, r.paymentRequestId, store.getRefund(r.refundRequestId)?.snapshot ?? null),
      }, job);
    },
  };
  return refunds;
}

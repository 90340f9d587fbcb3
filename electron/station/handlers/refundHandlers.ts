import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import { actorOf, paymentsOf } from './saleHandlers';

export function refundHandlers(ctx: StationContext): HandlerGroup {
  return {
    // Approved by a supervisor: the dispatcher checked it before this runs.
    'refund:create': ({ paymentRequestId, amountMinor, reason }, call) => {
      const rt = paymentsOf(ctx).requireRuntime();
      const attempt = rt.store.attempts.getAttempt(paymentRequestId);
      if (!attempt) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      return rt.createRefund(paymentRequestId, money(amountMinor, attempt.amount.currency), reason ?? null, actorOf(call));
    },
    'refund:list': ({ saleId }) => paymentsOf(ctx).requireRuntime().getSale(saleId).refunds,
  };
}

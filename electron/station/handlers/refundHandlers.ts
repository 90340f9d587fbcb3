import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { requirePayments } from '../paymentsService';
import { actorOf } from './saleHandlers';

export function refundHandlers(ctx: StationContext): HandlerGroup {
  const refunds = () => requirePayments(ctx).refunds();
  return {
    // Approved by a supervisor: the dispatcher checked it before this runs.
    'refund:create': ({ paymentRequestId, amountMinor, reason }, call) => refunds().refundPayment(paymentRequestId, amountMinor, reason ?? null, actorOf(call)),
    'refund:list': ({ saleId }) => refunds().listRefunds(saleId),
  };
}

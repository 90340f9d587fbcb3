import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import { requirePayments } from '../paymentsService';
import { actorOf } from './saleHandlers';

export function paymentHandlers(ctx: StationContext): HandlerGroup {
  const checkout = () => requirePayments(ctx).checkout();
  return {
    'payment:scan': ({ saleId, code, amountMinor }) => {
      const p = requirePayments(ctx);
      const target = saleId ?? p.currentSaleId;
      if (!target) throw new PosError('INVALID_STATE', 'no open sale: enter the amount first');
      return p.checkout().startWithCode(target, code, amountMinor);
    },
    'payment:showOrderCode': ({ saleId, amountMinor }) => checkout().showOrderCode(saleId, amountMinor),
    'payment:cancel': ({ paymentRequestId }) => checkout().cancel(paymentRequestId),
    // The dispatcher has verified the supervisor's approval (contract access: approval).
    'payment:void': ({ paymentRequestId }, call) => checkout().voidPayment(paymentRequestId, actorOf(call)),
    'payment:get': ({ paymentRequestId }) => checkout().getPayment(paymentRequestId),
    'payment:events': ({ paymentRequestId }) => checkout().paymentJournal(paymentRequestId),
    'payment:unresolved': () => requirePayments(ctx).queueJobs().unresolved(),
  };
}

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
    'payment:cancel': ({ attemptId }) => checkout().cancel(attemptId),
    // The dispatcher has verified the supervisor's approval (contract access: approval).
    'payment:void': ({ attemptId }, call) => checkout().voidPayment(attemptId, actorOf(call)),
    'payment:get': ({ attemptId }) => checkout().getPayment(attemptId),
    'payment:events': ({ attemptId }) => checkout().paymentJournal(attemptId),
    'payment:unresolved': () => requirePayments(ctx).queueJobs().unresolved(),
  };
}

import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import { actorOf, paymentsOf } from './saleHandlers';

export function paymentHandlers(ctx: StationContext): HandlerGroup {
  return {
    'payment:scan': ({ saleId, code, amountMinor }) => {
      const p = paymentsOf(ctx);
      const target = saleId ?? p.currentSaleId;
      if (!target) throw new PosError('INVALID_STATE', 'no open sale: enter the amount first');
      return p.requireRuntime().startWithCode(target, code, amountMinor);
    },
    'payment:showOrderCode': ({ saleId, amountMinor }) => paymentsOf(ctx).requireRuntime().showOrderCode(saleId, amountMinor),
    'payment:cancel': ({ attemptId }) => paymentsOf(ctx).requireRuntime().cancel(attemptId),
    // The dispatcher has verified the supervisor's approval (contract access: approval).
    'payment:void': ({ attemptId }, call) => paymentsOf(ctx).requireRuntime().voidPayment(attemptId, actorOf(call)),
    'payment:get': ({ attemptId }) => {
      const rt = paymentsOf(ctx).requireRuntime();
      const s = rt.store.attempts.getAttempt(attemptId);
      if (!s) throw new PosError('NOT_FOUND', `no payment ${attemptId}`);
      return rt.store.attemptSnapshot(s);
    },
    'payment:events': ({ attemptId }) => {
      const rt = paymentsOf(ctx).requireRuntime();
      if (!rt.store.attempts.getAttempt(attemptId)) throw new PosError('NOT_FOUND', `no payment ${attemptId}`);
      return rt.store.attemptJournal(attemptId);
    },
    'payment:unresolved': () => paymentsOf(ctx).requireRuntime().unresolved(),
  };
}

import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import { actorOf, paymentsOf } from './saleHandlers';
import { attemptJournal } from '../../payments/store/attemptJournal';

export function paymentHandlers(ctx: StationContext): HandlerGroup {
  return {
    'payment:scan': ({ saleId, code, amountMinor }) => {
      const p = paymentsOf(ctx);
      const target = saleId ?? p.currentSaleId;
      if (!target) throw new PosError('INVALID_STATE', 'no open sale: enter the amount first');
      return p.requireRuntime().startWithCode(target, code, amountMinor);
    },
    'payment:showOrderCode': ({ saleId, amountMinor }) => paymentsOf(ctx).requireRuntime().showOrderCode(saleId, amountMinor),
    'payment:cancel': ({ paymentRequestId }) => paymentsOf(ctx).requireRuntime().cancel(paymentRequestId),
    // The dispatcher has verified the supervisor's approval (contract access: approval).
    'payment:void': ({ paymentRequestId }, call) => paymentsOf(ctx).requireRuntime().voidPayment(paymentRequestId, actorOf(call)),
    'payment:get': ({ paymentRequestId }) => {
      const rt = paymentsOf(ctx).requireRuntime();
      const s = rt.store.attempts.getAttempt(paymentRequestId);
      if (!s) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      return rt.store.attemptSnapshot(s);
    },
    'payment:events': ({ paymentRequestId }) => {
      const rt = paymentsOf(ctx).requireRuntime();
      if (!rt.store.attempts.getAttempt(paymentRequestId)) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      return attemptJournal(rt.store.db, paymentRequestId);
    },
    'payment:unresolved': () => paymentsOf(ctx).requireRuntime().unresolved(),
  };
}

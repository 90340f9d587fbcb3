import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import { paymentsOf } from './saleHandlers';

export function refundHandlers(ctx: StationContext): HandlerGroup {
  return {
    'refund:create': ({ attemptId, amountMinor, reason, pin }) => {
      const p = paymentsOf(ctx);
      p.checkPin(pin, 'supervisor', 'refund.create');
      const rt = p.requireRuntime();
      const attempt = rt.store.attempts.getAttempt(attemptId);
      if (!attempt) throw new PosError('NOT_FOUND', `no payment ${attemptId}`);
      return rt.createRefund(attemptId, money(amountMinor, attempt.amount.currency), reason ?? null, 'supervisor');
    },
    'refund:list': ({ saleId }) => paymentsOf(ctx).requireRuntime().getSale(saleId).refunds,
    'refund:setPin': ({ newPin, currentPin }) => {
      paymentsOf(ctx).setPin(newPin, currentPin);
      return { ok: true } as const;
    },
  };
}

import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import type { ShiftService } from '../shiftService';
import { toCashCount } from '../shiftService';
import { actorOf } from './saleHandlers';
import type { CashCountInput } from '../../../shared/ipc/commands/shift';
import type { Approval } from '../../../shared/ipc/commands/account';

export function shiftsOf(ctx: StationContext): ShiftService {
  if (!ctx.shifts) throw new PosError('NOT_READY', 'shifts are not available in setup mode');
  return ctx.shifts;
}

/** Shifts and cash (issue 14); approvals come verified by the dispatcher (access: approval). */
export function shiftHandlers(ctx: StationContext): HandlerGroup {
  const signedIn = (call: { account?: { accountId: string } }): string => {
    if (!call.account) throw new PosError('SIGNED_OUT', 'sign in first');
    return call.account.accountId;
  };
  /** 交班: the next cashier signs in only once the count is accepted; a wrong PIN changes nothing. */
  const handOver = (count: CashCountInput, next: Approval, call: { account?: { accountId: string } }, approvedBy: string | null) => {
    const accounts = ctx.accounts;
    if (!accounts) throw new PosError('NOT_READY', 'accounts need the journal');
    const by = signedIn(call);
    return shiftsOf(ctx).handOver(toCashCount(count), by, async () => {
      const s = await accounts.signIn(next);
      if (s.accountId === by) throw new PosError('CONFLICT', 'hand the shift over to another cashier');
      return s.accountId;
    }, approvedBy);
  };
  return {
    'shift:current': () => ctx.shifts?.current() ?? null,
    'shift:open': ({ float }, call) => shiftsOf(ctx).open(signedIn(call), toCashCount(float)),
    'shift:cashMovement': ({ kind, amountMinor, reason }, call) => shiftsOf(ctx).cashMovement(kind, amountMinor, reason, actorOf(call)),
    'shift:noSale': ({ reason }, call) => shiftsOf(ctx).noSale(reason, actorOf(call)),
    'shift:close': ({ count }, call) => shiftsOf(ctx).close(toCashCount(count), signedIn(call), null),
    'shift:closeApproved': ({ count }, call) => shiftsOf(ctx).close(toCashCount(count), signedIn(call), call.approver?.accountId ?? null),
    'shift:handOver': ({ count, next }, call) => handOver(count, next, call, null),
    'shift:handOverApproved': ({ count, next }, call) => handOver(count, next, call, call.approver?.accountId ?? null),
    'shift:report': ({ shiftId }) => shiftsOf(ctx).report(shiftId),
    'shift:print': ({ shiftId, locale }) => shiftsOf(ctx).print(shiftId, locale ?? ctx.status.locale),
    'shift:list': ({ limit }) => shiftsOf(ctx).list(limit),
    'sale:tenderCash': ({ saleId, tenderedMinor, mode }, call) => shiftsOf(ctx).tenderCash(saleId, tenderedMinor, mode, actorOf(call)),
    'refund:cash': ({ saleId, amountMinor, reason }, call) => shiftsOf(ctx).refundCash(saleId, amountMinor, reason ?? null, actorOf(call), call.approver?.accountId ?? null),
  };
}

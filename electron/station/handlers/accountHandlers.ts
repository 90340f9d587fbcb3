import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import type { AccountsService } from '../../accounts/accountsService';

export function accountsOf(ctx: StationContext): AccountsService {
  if (!ctx.accounts) throw new PosError('NOT_READY', 'accounts are not available: the journal is not open');
  return ctx.accounts;
}

export function accountHandlers(ctx: StationContext): HandlerGroup {
  return {
    'account:setup': (a) => accountsOf(ctx).setup(a),
    'account:signIn': (cred) => accountsOf(ctx).signIn(cred),
    'account:signOut': () => {
      accountsOf(ctx).signOut();
      return { signedOut: true } as const;
    },
    'account:changePin': async ({ currentPin, newPin }, call) => {
      await accountsOf(ctx).changePin(call.account!.accountId, currentPin, newPin);
      return { ok: true } as const;
    },
    'account:list': () => accountsOf(ctx).list(),
    'account:create': (a) => accountsOf(ctx).create(a),
    'account:update': (p) => accountsOf(ctx).update(p),
  };
}

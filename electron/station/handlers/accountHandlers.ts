import type { HandlerGroup } from '../dispatcher';
import { PosError } from '../../../shared/errors/posError';
import type { AccountsService } from '../../accounts/accountsService';

/** Null only without a journal (setup mode): every account command then says NOT_READY. */
export function accountHandlers(deps: { readonly accounts: AccountsService | null }): HandlerGroup {
  const accounts = (): AccountsService => {
    if (!deps.accounts) throw new PosError('NOT_READY', 'accounts are not available: the journal is not open');
    return deps.accounts;
  };
  return {
    'account:setup': (a) => accounts().setup(a),
    'account:signIn': (cred) => accounts().signIn(cred),
    'account:signOut': () => {
      accounts().signOut();
      return { signedOut: true } as const;
    },
    'account:changePin': async ({ currentPin, newPin }, call) => {
      await accounts().changePin(call.account!.accountId, currentPin, newPin);
      return { ok: true } as const;
    },
    'account:list': () => accounts().list(),
    'account:create': (a) => accounts().create(a),
    'account:update': (p) => accounts().update(p),
  };
}

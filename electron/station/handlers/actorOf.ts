import type { CallContext } from '../dispatcher';

/** The audit's actor for a command: the signed-in account (the window only for account-less calls). */
export function actorOf(call: CallContext): string {
  return call.account ? `account:${call.account.accountId}` : call.window;
}

/**
 * The approvals the till API needs, both through the accounts model (issue 12): a refund needs a
 * supervisor's say-so (accountsService.verifyApproval, the one approval check, with that account's
 * lockout and audit); creating or revoking an API client is the signed-in manager re-entering their PIN.
 */
import type { AccountsService, Session } from '../accounts/accountsService';
import { PosError } from '../../shared/errors/posError';

/** The accounts service, or null without a journal. */
export interface TillApprovalDeps {
  readonly accounts: AccountsService | null;
}

function accountsOf(deps: TillApprovalDeps): AccountsService {
  if (!deps.accounts) throw new PosError('NOT_READY', 'accounts are not available: the journal is not open');
  return deps.accounts;
}

/** A refund asked for by a till: the approval the terminal's rules require for any refund. */
export async function approveTillRefund(deps: TillApprovalDeps, approval: { readonly supervisorId: string; readonly supervisorPin: string }): Promise<string> {
  const who = await accountsOf(deps).verifyApproval({ shortId: approval.supervisorId, pin: approval.supervisorPin }, null, 'till.refund');
  return who.accountId;
}

/** Creating or revoking an API client: the signed-in manager confirms with their own PIN. */
export async function approveTillAdmin(deps: TillApprovalDeps, signedIn: Session | undefined, pin: string, action: string): Promise<void> {
  const accounts = accountsOf(deps);
  const me = signedIn ? accounts.list().find((a) => a.accountId === signedIn.accountId) : undefined;
  if (!me || me.role !== 'manager') throw new PosError('FORBIDDEN', `${action} needs a signed-in manager`);
  await accounts.verifyApproval({ shortId: me.shortId, pin }, signedIn ?? null, action);
}

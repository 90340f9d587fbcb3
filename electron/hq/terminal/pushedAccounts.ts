/**
 * HQ's cashier accounts document as the terminal takes it: checked as a whole against this terminal's
 * rules before anything changes (one bad entry refuses the document, the old accounts stay), then
 * prepared as one batch of the accounts service (PINs hashed up front) whose writes pushApply runs in
 * one journal transaction.
 */
import { minPinLength } from '../../../shared/domain/account';
import { accountsDocSchema } from '../../../shared/domain/hqPush';
import { PosError } from '../../../shared/errors/posError';
import type { AccountsService } from '../../accounts/accountsService';

export function badDocument(kind: string, issue: { path: PropertyKey[]; message: string } | undefined): PosError {
  return new PosError('BAD_DOCUMENT', `${kind}: ${issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(document)'}: ${issue?.message ?? 'invalid'}`);
}

export async function prepareAccountsPush(accounts: Pick<AccountsService, 'list' | 'prepareBatch'>, body: unknown): Promise<() => void> {
  const r = accountsDocSchema.safeParse(body);
  if (!r.success) throw badDocument('accounts', r.error.issues[0]);
  const existing = new Map(accounts.list().map((a) => [a.shortId.toLowerCase(), a]));
  for (const a of r.data.accounts) {
    const known = existing.get(a.shortId.toLowerCase());
    if (!known && a.pin === undefined) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId} is new to this terminal and needs a first PIN`);
    if (a.pin !== undefined && a.pin.length < minPinLength(a.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: a ${a.role} PIN is at least ${minPinLength(a.role)} digits`);
    if (known && a.pin === undefined && minPinLength(a.role) > minPinLength(known.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: promoted to ${a.role}, so a new PIN of ${minPinLength(a.role)} digits is needed`);
  }
  const managers = r.data.accounts.filter((a) => a.role === 'manager' && !a.disabled).length
    + [...existing.values()].filter((e) => e.role === 'manager' && !e.disabled && !r.data.accounts.some((a) => a.shortId.toLowerCase() === e.shortId.toLowerCase())).length;
  if (managers === 0) throw new PosError('BAD_DOCUMENT', 'accounts: the terminal would be left without a manager');
  return accounts.prepareBatch(r.data.accounts.map((a) => {
    const known = existing.get(a.shortId.toLowerCase());
    return known
      ? { op: 'update' as const, accountId: known.accountId, name: a.name, role: a.role, disabled: a.disabled, ...(a.pin !== undefined ? { pin: a.pin } : {}) }
      : { op: 'create' as const, name: a.name, shortId: a.shortId, role: a.role, pin: a.pin };
  }));
}

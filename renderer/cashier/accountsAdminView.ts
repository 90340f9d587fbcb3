import type { AccountView, Role } from '../../shared/domain/account';
import type { InputOf } from '../../shared/ipc/contract';

/** What the manager's list says about an account: disabled wins over a lockout (neither signs in). */
export type AccountState = 'active' | 'disabled' | 'locked';

export function accountState(a: AccountView, now: number): AccountState {
  if (a.disabled) return 'disabled';
  if (a.lockedUntil !== null && a.lockedUntil > now) return 'locked';
  return 'active';
}

/**
 * The `account:update` patch for the edit form: only what changed; null when nothing did. A new
 * role and a new PIN go together in one patch, so a cashier promoted with a short PIN can be given
 * the longer one the new role needs in the same step (the station checks the length).
 */
export function updateFrom(a: AccountView, name: string, role: Role, pin: string): Omit<InputOf<'account:update'>, 'accountId'> | null {
  const patch: { name?: string; role?: Role; pin?: string } = {};
  if (name.trim() !== a.name) patch.name = name;
  if (role !== a.role) patch.role = role;
  if (pin !== '') patch.pin = pin;
  return Object.keys(patch).length === 0 ? null : patch;
}

/** The form field a station refusal names (`details.field`), to mark it invalid; null when none. */
export function refusedField(details: Readonly<Record<string, unknown>> | undefined): 'name' | 'shortId' | 'pin' | 'badge' | null {
  const f = details?.['field'];
  return f === 'name' || f === 'shortId' || f === 'pin' || f === 'badge' ? f : null;
}

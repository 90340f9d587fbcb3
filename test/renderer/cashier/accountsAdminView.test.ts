import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../../shared/domain/account';
import { accountState, updateFrom } from '../../../renderer/cashier/accountsAdminView';

const base: AccountView = { accountId: 'a1', shortId: '101', name: 'Li', role: 'cashier', hasPin: true, hasBadge: false, disabled: false, lockedUntil: null };

describe('accounts panel view', () => {
  it('names the state: disabled before a lockout, a lockout only while it lasts', () => {
    expect(accountState(base, 1_000)).toBe('active');
    expect(accountState({ ...base, lockedUntil: 2_000 }, 1_000)).toBe('locked');
    expect(accountState({ ...base, lockedUntil: 2_000 }, 3_000)).toBe('active');
    expect(accountState({ ...base, disabled: true, lockedUntil: 2_000 }, 1_000)).toBe('disabled');
  });

  it('sends only what changed, a role and its PIN together, nothing when nothing changed', () => {
    expect(updateFrom(base, 'cashier', '')).toBeNull();
    expect(updateFrom(base, 'supervisor', '')).toEqual({ role: 'supervisor' });
    expect(updateFrom(base, 'cashier', '4321')).toEqual({ pin: '4321' });
    expect(updateFrom(base, 'supervisor', '246802')).toEqual({ role: 'supervisor', pin: '246802' });
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../../shared/domain/account';
import { accountState, refusedField, updateFrom } from '../../../renderer/cashier/accountsAdminView';

const base: AccountView = { accountId: 'a1', shortId: '101', name: 'Li', role: 'cashier', hasPin: true, hasBadge: false, disabled: false, lockedUntil: null };

describe('accounts panel view', () => {
  it('names the state: disabled before a lockout, a lockout only while it lasts', () => {
    expect(accountState(base, 1_000)).toBe('active');
    expect(accountState({ ...base, lockedUntil: 2_000 }, 1_000)).toBe('locked');
    expect(accountState({ ...base, lockedUntil: 2_000 }, 3_000)).toBe('active');
    expect(accountState({ ...base, disabled: true, lockedUntil: 2_000 }, 1_000)).toBe('disabled');
  });

  it('sends only what changed, a role and its PIN together, nothing when nothing changed', () => {
    expect(updateFrom(base, 'Li', 'cashier', '')).toBeNull();
    expect(updateFrom(base, ' Li ', 'cashier', '')).toBeNull();
    expect(updateFrom(base, 'Li Na', 'cashier', '')).toEqual({ name: 'Li Na' });
    expect(updateFrom(base, 'Li', 'supervisor', '')).toEqual({ role: 'supervisor' });
    expect(updateFrom(base, 'Li', 'cashier', '4321')).toEqual({ pin: '4321' });
    expect(updateFrom(base, 'Li', 'supervisor', '246802')).toEqual({ role: 'supervisor', pin: '246802' });
  });

  it('finds the field a refusal names, and nothing else', () => {
    expect(refusedField({ field: 'pin', min: 6 })).toBe('pin');
    expect(refusedField({ field: 'shortId' })).toBe('shortId');
    expect(refusedField({ field: 'store.name' })).toBeNull();
    expect(refusedField(undefined)).toBeNull();
  });
});

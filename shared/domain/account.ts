/** Account roles, lowest first: each includes what the ones before it may do. */
export type Role = 'cashier' | 'supervisor' | 'manager';
export const ROLES: readonly Role[] = ['cashier', 'supervisor', 'manager'];

/** A counter account as the manager's list shows it: never the PIN hash or the badge code. */
export interface AccountView {
  readonly accountId: string;
  /** What the cashier types at sign-in (and what reports and receipts show beside the name). */
  readonly shortId: string;
  readonly name: string;
  readonly role: Role;
  readonly hasPin: boolean;
  readonly hasBadge: boolean;
  readonly disabled: boolean;
  /** Set while this account's PIN entry is locked after too many wrong PINs. */
  readonly lockedUntil: number | null;
}

/** Who is signed in at the counter (in every snapshot; null: the cashier screen shows sign-in). */
export interface SessionView {
  readonly accountId: string;
  readonly shortId: string;
  readonly name: string;
  readonly role: Role;
  readonly signedInAt: number;
  /** The counter locks itself (signs out) when nothing happened for this long. */
  readonly idleLockMs: number;
}

/** Supervisors and managers approve refunds and own the settings: their PINs are longer. */
export function minPinLength(role: Role): number {
  return role === 'cashier' ? 4 : 6;
}

const RANK: Readonly<Record<Role, number>> = { cashier: 0, supervisor: 1, manager: 2 };

/** True when `have` includes what `need` may do (a manager may do what a supervisor may). */
export function roleAtLeast(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}

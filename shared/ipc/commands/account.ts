import { z } from 'zod';
import { command, MANAGER, SIGNED_OUT, CASHIER } from '../command';
import type { AccountView, SessionView } from '../../domain/account';

export const shortIdSchema = z.string().regex(/^[A-Za-z0-9]{1,8}$/, 'an account id is 1–8 letters or digits');
/** 4–12 digits here; supervisors and managers need 6 (minPinLength), checked where the role is known. */
export const pinSchema = z.string().regex(/^\d{4,12}$/, 'a PIN is 4–12 digits');
/** What the badge scanner reads (a code printed on the staff card). */
export const badgeSchema = z.string().min(6, 'a badge code is at least 6 characters').max(128);
const roleSchema = z.enum(['cashier', 'supervisor', 'manager']);

/** Another account's say-so: its id and PIN, or its badge. The dispatcher checks it (role, lockout). */
export const approvalSchema = z.union([z.object({ shortId: shortIdSchema, pin: pinSchema }).strict(), z.object({ badge: badgeSchema }).strict()]);
export type Approval = z.infer<typeof approvalSchema>;
export const credentialSchema = approvalSchema;

export const accountCommands = {
  /** First run only (no account yet): creates the manager and signs them in. */
  'account:setup': command<SessionView>()(z.object({ name: z.string().trim().min(1).max(64), shortId: shortIdSchema, pin: pinSchema }).strict(), SIGNED_OUT),
  /** Sign in, or switch cashier while someone is signed in. Wrong PINs count against that account only. */
  'account:signIn': command<SessionView>()(credentialSchema, SIGNED_OUT),
  'account:signOut': command<{ readonly signedOut: true }>()(z.object({}).strict(), SIGNED_OUT),
  /** Own PIN change: the current PIN is required. */
  'account:changePin': command<{ readonly ok: true }>()(z.object({ currentPin: pinSchema, newPin: pinSchema }).strict(), CASHIER),
  'account:list': command<readonly AccountView[]>()(z.object({}).strict(), MANAGER),
  'account:create': command<AccountView>()(
    z.object({ name: z.string().trim().min(1).max(64), shortId: shortIdSchema, role: roleSchema, pin: pinSchema.optional(), badge: badgeSchema.optional() }).strict(),
    MANAGER,
  ),
  /** Rename, change role, reset PIN or badge (null removes it), disable; also clears a lockout (`unlock`). */
  'account:update': command<AccountView>()(
    z.object({
      accountId: z.string().min(1).max(64),
      name: z.string().trim().min(1).max(64).optional(),
      role: roleSchema.optional(),
      pin: pinSchema.optional(),
      badge: badgeSchema.nullable().optional(),
      disabled: z.boolean().optional(),
      unlock: z.literal(true).optional(),
    }).strict(),
    MANAGER,
  ),
} as const;

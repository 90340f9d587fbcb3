import { createHash } from 'node:crypto';
import { accountsRepo, type AccountRow } from '../journal/repos/accountsRepo';
import { appendAudit } from '../journal/appendAudit';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import { newId } from '../../shared/domain/ids';
import { minPinLength, roleAtLeast, type AccountView, type Role, type SessionView } from '../../shared/domain/account';
import type { Approval } from '../../shared/ipc/commands/account';
import { assertNever, PosError } from '../../shared/errors/posError';
import { formatWait } from './formatWait';
import { hashPin, verifyPin } from './pinHash';

export const PIN_MAX_FAILURES = 5;
export const PIN_LOCKOUT_MS = 5 * 60_000;
export const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;

/** DEMO mode ships these (README "Accounts"): one of each role, so every screen can be tried. */
export const DEMO_ACCOUNTS = [
  { shortId: '100', name: 'Demo Cashier', role: 'cashier', pin: '1111', badge: 'DEMO-BADGE-CASHIER' },
  { shortId: '200', name: 'Demo Supervisor', role: 'supervisor', pin: '246810', badge: 'DEMO-BADGE-SUPERVISOR' },
  { shortId: '300', name: 'Demo Manager', role: 'manager', pin: '135790', badge: 'DEMO-BADGE-MANAGER' },
] as const;

export type Credential = Approval;

/** The signed-in account as the dispatcher needs it. */
export interface Session {
  readonly accountId: string;
  readonly role: Role;
}

const badgeHash = (badge: string): string => createHash('sha256').update(badge.trim()).digest('hex');

function view(r: AccountRow, now: number): AccountView {
  return {
    accountId: r.id,
    shortId: r.short_id,
    name: r.name,
    role: r.role,
    hasPin: r.pin_json !== null,
    hasBadge: r.badge_sha256 !== null,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until !== null && r.locked_until > now ? r.locked_until : null,
  };
}

function checkPinRule(pin: string, role: Role): void {
  const min = minPinLength(role);
  if (pin.length < min) throw new PosError('BAD_REQUEST', `a ${role} PIN is at least ${min} digits`, { details: { field: 'pin', min } });
}

/**
 * Counter accounts: sign-in, the one counter session, idle lock, per-account persisted PIN lockout and
 * supervisor approval. verifyApproval is the single check every approving caller uses (dispatcher,
 * and the till API).
 */
export function createAccountsService(deps: { db: Db; pepper: Buffer; clock: Pick<Clock, 'now'>; idleLockMs?: number; onSessionChanged?: () => void }) {
  const repo = accountsRepo(deps.db);
  const idleLockMs = deps.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  let session: { accountId: string; signedInAt: number; lastActivity: number } | null = null;
  // One PIN check per account at a time: parallel guesses cannot slip past the lockout count.
  const checking = new Set<string>();

  const now = (): number => deps.clock.now();
  const audit = (action: string, accountId: string | null, details: Record<string, unknown>): void =>
    appendAudit(deps.db, { at: now(), actor: accountId ? `account:${accountId}` : 'accounts', action, details });

  const changed = (): void => deps.onSessionChanged?.();

  /** Finds and checks the credential's account, counting a wrong PIN against it (persisted). */
  async function authenticate(cred: Credential, purpose: string): Promise<AccountRow> {
    if ('badge' in cred) {
      const row = repo.byBadge(badgeHash(cred.badge));
      if (!row || row.disabled) {
        audit(`${purpose}.badgeRejected`, null, {});
        throw new PosError('PIN_REJECTED', 'that badge is not known');
      }
      return row;
    }
    const row = repo.byShortId(cred.shortId);
    if (!row || row.disabled || !row.pin_json) {
      audit(`${purpose}.rejected`, null, { shortId: cred.shortId });
      throw new PosError('PIN_REJECTED', 'wrong account id or PIN', { details: { left: null } });
    }
    const t0 = now();
    if (row.locked_until !== null && t0 < row.locked_until) {
      // A clock set back must not stretch the lockout beyond its length.
      const until = Math.min(row.locked_until, t0 + PIN_LOCKOUT_MS);
      throw new PosError('PIN_LOCKED', `too many wrong PINs for ${row.short_id}: locked for ${formatWait(until - t0)} more`, {
        retryable: true,
        details: { lockedUntil: until, retryAfterMs: until - t0, shortId: row.short_id },
      });
    }
    if (checking.has(row.id)) throw new PosError('CONFLICT', 'a PIN check for this account is already running', { retryable: true });
    checking.add(row.id);
    let good: boolean;
    try {
      good = await verifyPin(cred.pin, row.pin_json, deps.pepper);
    } finally {
      checking.delete(row.id);
    }
    // Count in one IMMEDIATE transaction (re-read, then write); throw only after it committed.
    const verdict = repo.transaction((): { kind: 'ok'; row: AccountRow } | { kind: 'rejected'; left: number } | { kind: 'locked'; lockedUntil: number } => {
      const fresh = repo.get(row.id)!;
      const at = now();
      if (good) {
        if (fresh.failures !== 0 || fresh.locked_until !== null) repo.setAttempts(row.id, 0, null, at);
        return { kind: 'ok', row: fresh };
      }
      const failures = fresh.failures + 1;
      if (failures >= PIN_MAX_FAILURES) {
        const lockedUntil = at + PIN_LOCKOUT_MS;
        repo.setAttempts(row.id, 0, lockedUntil, at);
        audit('pin.lockout', row.id, { purpose, lockedUntil });
        return { kind: 'locked', lockedUntil };
      }
      repo.setAttempts(row.id, failures, null, at);
      audit(`${purpose}.pinRejected`, row.id, { failures, left: PIN_MAX_FAILURES - failures });
      return { kind: 'rejected', left: PIN_MAX_FAILURES - failures };
    });
    switch (verdict.kind) {
      case 'ok':
        return verdict.row;
      case 'locked':
        throw new PosError('PIN_LOCKED', `too many wrong PINs for ${row.short_id}: locked for ${formatWait(PIN_LOCKOUT_MS)}`, {
          retryable: true,
          details: { lockedUntil: verdict.lockedUntil, retryAfterMs: PIN_LOCKOUT_MS, shortId: row.short_id },
        });
      case 'rejected':
        throw new PosError('PIN_REJECTED', `wrong PIN: ${verdict.left} tries left before ${row.short_id} is locked`, { details: { left: verdict.left } });
      default:
        return assertNever(verdict, 'PIN verdict');
    }
  }

  function current(): Session | null {
    if (!session) return null;
    if (now() - session.lastActivity >= idleLockMs) {
      audit('session.idleLock', session.accountId, {});
      session = null;
      changed();
      return null;
    }
    const row = repo.get(session.accountId);
    if (!row || row.disabled) {
      session = null;
      changed();
      return null;
    }
    return { accountId: row.id, role: row.role };
  }

  function sessionView(): SessionView | null {
    const s = current();
    if (!s || !session) return null;
    const row = repo.get(s.accountId)!;
    return { accountId: row.id, shortId: row.short_id, name: row.name, role: row.role, signedInAt: session.signedInAt, idleLockMs };
  }

  type CreateInput = { name: string; shortId: string; role: Role; pin?: string | undefined; badge?: string | undefined };
  type UpdateInput = { accountId: string; name?: string | undefined; role?: Role | undefined; pin?: string | undefined; badge?: string | null | undefined; disabled?: boolean | undefined; unlock?: true | undefined };

  function checkCreate(a: CreateInput): void {
    if (a.pin !== undefined) checkPinRule(a.pin, a.role);
    if (a.pin === undefined && a.badge === undefined) throw new PosError('BAD_REQUEST', 'an account needs a PIN or a badge', { details: { field: 'pin' } });
    if (repo.byShortId(a.shortId)) throw new PosError('CONFLICT', `account id ${a.shortId} is taken`, { details: { field: 'shortId' } });
    if (a.badge !== undefined && repo.byBadge(badgeHash(a.badge))) throw new PosError('CONFLICT', 'that badge belongs to another account', { details: { field: 'badge' } });
  }

  /** The synchronous part of a create, once the PIN is hashed (checked again: the hashing awaited). */
  function createRow(a: CreateInput, pinJson: string | null): string {
    checkCreate(a);
    const id = newId('ACC', now());
    repo.insert({ id, shortId: a.shortId, name: a.name, role: a.role, pinJson, badgeSha256: a.badge !== undefined ? badgeHash(a.badge) : null, at: now() });
    audit('account.create', id, { shortId: a.shortId, role: a.role });
    return id;
  }

  async function create(a: CreateInput): Promise<AccountView> {
    checkCreate(a);
    const pinJson = a.pin !== undefined ? await hashPin(a.pin, deps.pepper) : null;
    return view(repo.get(createRow(a, pinJson))!, now());
  }

  const enabledManagers = (): number => repo.list().filter((r) => r.role === 'manager' && !r.disabled).length;

  function checkUpdate(p: UpdateInput, lastManagerCheck: boolean): AccountRow {
    const row = repo.get(p.accountId);
    if (!row) throw new PosError('NOT_FOUND', `no account ${p.accountId}`);
    const role = p.role ?? row.role;
    if (p.pin !== undefined) checkPinRule(p.pin, role);
    else if (p.role !== undefined && row.pin_json !== null && minPinLength(role) > minPinLength(row.role)) {
      throw new PosError('BAD_REQUEST', `a ${role} PIN is at least ${minPinLength(role)} digits: set a new PIN with the role`, { details: { field: 'pin' } });
    }
    const demoting = (p.role !== undefined && p.role !== 'manager') || p.disabled === true;
    if (lastManagerCheck && row.role === 'manager' && demoting && enabledManagers() <= 1) {
      throw new PosError('CONFLICT', 'the last manager cannot be demoted or disabled');
    }
    if (p.badge && repo.byBadge(badgeHash(p.badge)) && repo.byBadge(badgeHash(p.badge))!.id !== row.id) {
      throw new PosError('CONFLICT', 'that badge belongs to another account', { details: { field: 'badge' } });
    }
    return row;
  }

  /** The synchronous part of an update, once a new PIN is hashed. */
  function updateRow(p: UpdateInput, pinJson: string | undefined, lastManagerCheck: boolean): string {
    const row = checkUpdate(p, lastManagerCheck);
    repo.update(row.id, {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.role !== undefined ? { role: p.role } : {}),
      ...(pinJson !== undefined ? { pinJson } : {}),
      ...(p.badge !== undefined ? { badgeSha256: p.badge === null ? null : badgeHash(p.badge) } : {}),
      ...(p.disabled !== undefined ? { disabled: p.disabled } : {}),
    }, now());
    if (p.unlock || p.pin !== undefined) repo.setAttempts(row.id, 0, null, now());
    audit('account.update', row.id, { fields: Object.keys(p).filter((k) => k !== 'accountId' && k !== 'pin' && k !== 'badge' && k !== 'op'), pinReset: p.pin !== undefined, badgeChanged: p.badge !== undefined });
    return row.id;
  }

  return {
    idleLockMs,
    /** True once any account exists; before that the cashier screen shows the first-run set-up. */
    isSetUp: (): boolean => repo.count() > 0,
    current,
    sessionView,
    /** Every cashier-window command keeps the counter awake. */
    touch(): void {
      if (session) session.lastActivity = now();
    },
    /** DEMO: the documented demo accounts, once, into an empty table. */
    async ensureDemoAccounts(): Promise<void> {
      if (repo.count() > 0) return;
      // Hashed side by side on libuv's pool: a fresh demo station is ready sooner.
      await Promise.all(DEMO_ACCOUNTS.map((a) => create(a)));
    },
    async setup(a: { name: string; shortId: string; pin: string }): Promise<SessionView> {
      if (repo.count() > 0) throw new PosError('CONFLICT', 'the first manager is already set up; sign in instead');
      const v = await create({ ...a, role: 'manager' });
      session = { accountId: v.accountId, signedInAt: now(), lastActivity: now() };
      changed();
      return sessionView()!;
    },
    /** Sign in, or switch: a new sign-in replaces whoever was signed in. */
    async signIn(cred: Credential): Promise<SessionView> {
      const row = await authenticate(cred, 'signIn');
      const before = session?.accountId ?? null;
      session = { accountId: row.id, signedInAt: now(), lastActivity: now() };
      audit(before && before !== row.id ? 'session.switch' : 'session.signIn', row.id, { from: before, by: 'badge' in cred ? 'badge' : 'pin' });
      changed();
      return sessionView()!;
    },
    signOut(): void {
      if (!session) return;
      audit('session.signOut', session.accountId, {});
      session = null;
      changed();
    },
    /**
     * The one approval check: the credential must be a supervisor's or manager's, counted against
     * that account's lockout. A cashier needs another account's say-so; a supervisor or manager
     * signed in confirms with their own PIN or badge. Returns the approving account.
     */
    async verifyApproval(cred: Credential, signedIn: Session | null, purpose: string): Promise<AccountView> {
      const row = await authenticate(cred, `approval.${purpose}`);
      if (!roleAtLeast(row.role, 'supervisor')) {
        audit(`approval.${purpose}.refused`, row.id, { reason: 'role' });
        throw new PosError('FORBIDDEN', `${row.short_id} is a ${row.role}: a supervisor or manager must approve`, { details: { need: 'supervisor', role: row.role } });
      }
      if (signedIn && signedIn.accountId === row.id && !roleAtLeast(signedIn.role, 'supervisor')) {
        throw new PosError('FORBIDDEN', 'a cashier cannot approve their own refund');
      }
      return view(row, now());
    },
    list: (): AccountView[] => repo.list().map((r) => view(r, now())),
    create,
    async update(p: UpdateInput): Promise<AccountView> {
      checkUpdate(p, true);
      const pinJson = p.pin !== undefined ? await hashPin(p.pin, deps.pepper) : undefined;
      const id = updateRow(p, pinJson, true);
      changed();
      return view(repo.get(id)!, now());
    },
    /**
     * Several creates and updates as one change (HQ's pushed accounts): every PIN is hashed first
     * (the slow, async part); the returned step does all the writes synchronously and throws on the
     * first that fails, so the caller runs it inside one journal transaction and a failure midway
     * leaves nothing of the batch. "The last manager" is judged on the batch's outcome, not per step
     * (a batch may demote one manager and promote another in either order).
     */
    async prepareBatch(ops: ReadonlyArray<({ op: 'create' } & CreateInput) | ({ op: 'update' } & UpdateInput)>): Promise<() => void> {
      for (const o of ops) if (o.pin !== undefined) checkPinRule(o.pin, o.op === 'create' ? o.role : (o.role ?? repo.get(o.accountId)?.role ?? 'cashier'));
      const pins = await Promise.all(ops.map((o) => (o.pin !== undefined ? hashPin(o.pin, deps.pepper) : Promise.resolve(null))));
      return () => {
        const hadManager = enabledManagers() > 0;
        ops.forEach((o, i) => (o.op === 'create' ? createRow(o, pins[i] ?? null) : updateRow(o, pins[i] ?? undefined, false)));
        if (hadManager && enabledManagers() === 0) throw new PosError('CONFLICT', 'the last manager cannot be demoted or disabled');
        changed();
      };
    },
    async changePin(accountId: string, currentPin: string, newPin: string): Promise<void> {
      const row = repo.get(accountId);
      if (!row) throw new PosError('NOT_FOUND', `no account ${accountId}`);
      await authenticate({ shortId: row.short_id, pin: currentPin }, 'pin.change');
      checkPinRule(newPin, row.role);
      repo.update(row.id, { pinJson: await hashPin(newPin, deps.pepper) }, now());
      audit('pin.change', row.id, {});
    },
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;

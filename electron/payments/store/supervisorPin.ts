import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../journal/openJournal';
import { PosError } from '../../../shared/errors/posError';

/**
 * The supervisor PIN (DESIGN §10): only an scrypt hash with its own salt and parameters is stored,
 * in the settings table, so a copied journal does not give the PIN away.
 */
const KEY = 'supervisor.pin';
const PARAMS = { N: 16_384, r: 8, p: 1, keylen: 32 } as const;
const storedSchema = z.object({ salt: z.string(), hash: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int(), keylen: z.number().int() });

export const PIN_PATTERN = /^\d{4,12}$/;

function derive(pin: string, salt: Buffer, p: { N: number; r: number; p: number; keylen: number }): Buffer {
  return scryptSync(pin.normalize('NFKC'), salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: 64 * 1024 * 1024 });
}

export function hasSupervisorPin(db: Db): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(KEY) !== undefined;
}

export function setSupervisorPin(db: Db, pin: string, now: number): void {
  if (!PIN_PATTERN.test(pin)) throw new PosError('BAD_REQUEST', 'a PIN is 4–12 digits');
  const salt = randomBytes(16);
  const value = { salt: salt.toString('base64'), hash: derive(pin, salt, PARAMS).toString('base64'), ...PARAMS };
  db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at')
    .run(KEY, JSON.stringify(value), now);
}

/** The bare hash comparison, uncounted: supervisor checks go through checkSupervisorPin (lockout). */
export function verifySupervisorPin(db: Db, pin: string): boolean {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as { value_json: string } | undefined;
  if (!row) return false;
  const parsed = storedSchema.safeParse(JSON.parse(row.value_json));
  if (!parsed.success) return false;
  const s = parsed.data;
  const want = Buffer.from(s.hash, 'base64');
  const got = derive(pin, Buffer.from(s.salt, 'base64'), s);
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Brute-force protection. A PIN is only 4–12 digits, so without a limit anyone at the counter could
 * walk through them: after PIN_MAX_FAILURES wrong PINs in a row every check is refused for
 * PIN_LOCKOUT_MS. The counter lives in the journal (settings), not in memory, so restarting the
 * terminal does not give a fresh set of guesses.
 */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCKOUT_MS = 5 * 60_000;
const ATTEMPTS_KEY = 'supervisor.pinAttempts';
const attemptsSchema = z.object({ failures: z.number().int().nonnegative(), lockedUntil: z.number().nullable() });
type PinAttempts = z.infer<typeof attemptsSchema>;

export type PinCheck =
  | { readonly kind: 'ok' }
  /** No PIN has been set yet: nothing to guess, nothing counted. */
  | { readonly kind: 'unset' }
  | { readonly kind: 'rejected'; readonly failures: number; readonly left: number }
  /** `startedNow`: this wrong PIN started the lockout (audit it once); otherwise the check was refused unseen. */
  | { readonly kind: 'locked'; readonly lockedUntil: number; readonly startedNow: boolean };

/** PIN entry is locked: retryable once `lockedUntil` has passed; the message says how long that is. */
export class PinLockedError extends PosError {
  readonly lockedUntil: number;
  constructor(lockedUntil: number, now: number) {
    const left = Math.max(0, lockedUntil - now);
    super('PIN_LOCKED', `too many wrong supervisor PINs: PIN entry is locked for ${formatWait(left)} more`, {
      retryable: true,
      details: { lockedUntil, retryAfterMs: left },
    });
    this.lockedUntil = lockedUntil;
  }
}

/** "4 min 59 s", "30 s": rounded up, so it never says 0 s while still locked. */
export function formatWait(ms: number): string {
  const total = Math.max(1, Math.ceil(ms / 1000));
  const min = Math.floor(total / 60);
  const sec = total % 60;
  if (min === 0) return `${sec} s`;
  return sec === 0 ? `${min} min` : `${min} min ${sec} s`;
}

function readAttempts(db: Db): PinAttempts {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(ATTEMPTS_KEY) as { value_json: string } | undefined;
  if (!row) return { failures: 0, lockedUntil: null };
  let raw: unknown;
  try {
    raw = JSON.parse(row.value_json);
  } catch {
    raw = null;
  }
  const parsed = attemptsSchema.safeParse(raw);
  return parsed.success ? parsed.data : { failures: 0, lockedUntil: null };
}

function writeAttempts(db: Db, a: PinAttempts, now: number): void {
  db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at')
    .run(ATTEMPTS_KEY, JSON.stringify(a), now);
}

/** Until when PIN entry is locked (null: not locked). For status displays and tests. */
export function pinLockedUntil(db: Db, now: number): number | null {
  const a = readAttempts(db);
  return a.lockedUntil !== null && now < a.lockedUntil ? Math.min(a.lockedUntil, now + PIN_LOCKOUT_MS) : null;
}

/**
 * Every supervisor PIN check goes through here: refused unseen while locked (not even hashed, so a
 * correct guess during the lockout tells nothing), counted when wrong, and a correct PIN clears the
 * count. Read and write happen in one transaction so two checks cannot both read the same count.
 */
export function checkSupervisorPin(db: Db, pin: string, now: number): PinCheck {
  return db.transaction((): PinCheck => {
    if (!hasSupervisorPin(db)) return { kind: 'unset' };
    const a = readAttempts(db);
    if (a.lockedUntil !== null && now < a.lockedUntil) {
      // A clock set back must not stretch the lockout beyond its length.
      const lockedUntil = Math.min(a.lockedUntil, now + PIN_LOCKOUT_MS);
      if (lockedUntil !== a.lockedUntil) writeAttempts(db, { ...a, lockedUntil }, now);
      return { kind: 'locked', lockedUntil, startedNow: false };
    }
    if (verifySupervisorPin(db, pin)) {
      if (a.failures !== 0 || a.lockedUntil !== null) writeAttempts(db, { failures: 0, lockedUntil: null }, now);
      return { kind: 'ok' };
    }
    const failures = a.failures + 1;
    if (failures >= PIN_MAX_FAILURES) {
      // The count starts again after the lockout: another run of wrong PINs locks again.
      const lockedUntil = now + PIN_LOCKOUT_MS;
      writeAttempts(db, { failures: 0, lockedUntil }, now);
      return { kind: 'locked', lockedUntil, startedNow: true };
    }
    writeAttempts(db, { failures, lockedUntil: null }, now);
    return { kind: 'rejected', failures, left: PIN_MAX_FAILURES - failures };
  }).immediate();
}

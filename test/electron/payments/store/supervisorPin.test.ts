import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import {
  checkSupervisorPin, formatWait, PIN_LOCKOUT_MS, PIN_MAX_FAILURES, pinLockedUntil, PinLockedError, setSupervisorPin,
} from '../../../../electron/payments/store/supervisorPin';
import { isPosError } from '../../../../shared/errors/posError';
import { tempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2026, 0, 15, 2, 0, 0);
const PIN = '2468';
const WRONG = '1111';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A real journal file (WAL, migrations) so reopening it is what a restart does. */
function journal(file: string): Db {
  const db = openJournal(file);
  open.push(db);
  return db;
}

function fresh(): { file: string; db: Db } {
  const file = path.join(tempDir('pos-pin-'), 'journal.sqlite');
  const db = journal(file);
  setSupervisorPin(db, PIN, T0);
  return { file, db };
}

describe('supervisor PIN lockout', () => {
  it('counts wrong PINs, locks on the fifth for 5 minutes and refuses even the right PIN meanwhile', () => {
    const { db } = fresh();
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      expect(checkSupervisorPin(db, WRONG, T0 + i)).toEqual({ kind: 'rejected', failures: i, left: PIN_MAX_FAILURES - i });
    }
    const lockedAt = T0 + 100;
    expect(checkSupervisorPin(db, WRONG, lockedAt)).toEqual({ kind: 'locked', lockedUntil: lockedAt + PIN_LOCKOUT_MS, startedNow: true });
    expect(PIN_LOCKOUT_MS).toBe(5 * 60_000);
    // Locked: the right PIN is refused too (not even hashed), and refusals do not extend the lock.
    expect(checkSupervisorPin(db, PIN, lockedAt + 1_000)).toEqual({ kind: 'locked', lockedUntil: lockedAt + PIN_LOCKOUT_MS, startedNow: false });
    expect(checkSupervisorPin(db, WRONG, lockedAt + PIN_LOCKOUT_MS - 1)).toEqual({ kind: 'locked', lockedUntil: lockedAt + PIN_LOCKOUT_MS, startedNow: false });
    expect(pinLockedUntil(db, lockedAt + 60_000)).toBe(lockedAt + PIN_LOCKOUT_MS);
    // Over: the right PIN works again and the count starts from zero.
    expect(pinLockedUntil(db, lockedAt + PIN_LOCKOUT_MS)).toBeNull();
    expect(checkSupervisorPin(db, PIN, lockedAt + PIN_LOCKOUT_MS)).toEqual({ kind: 'ok' });
    expect(checkSupervisorPin(db, WRONG, lockedAt + PIN_LOCKOUT_MS + 1)).toMatchObject({ kind: 'rejected', failures: 1 });
  });

  it('a correct PIN resets the count: only consecutive wrong PINs lock', () => {
    const { db } = fresh();
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(checkSupervisorPin(db, WRONG, T0 + round * 10 + i).kind).toBe('rejected');
      expect(checkSupervisorPin(db, PIN, T0 + round * 10 + 9)).toEqual({ kind: 'ok' });
    }
    expect(checkSupervisorPin(db, WRONG, T0 + 100)).toMatchObject({ kind: 'rejected', failures: 1 });
  });

  it('after the lockout, another run of wrong PINs locks again', () => {
    const { db } = fresh();
    for (let i = 0; i < PIN_MAX_FAILURES; i++) checkSupervisorPin(db, WRONG, T0);
    const later = T0 + PIN_LOCKOUT_MS;
    for (let i = 1; i < PIN_MAX_FAILURES; i++) expect(checkSupervisorPin(db, WRONG, later).kind).toBe('rejected');
    expect(checkSupervisorPin(db, WRONG, later)).toMatchObject({ kind: 'locked', startedNow: true, lockedUntil: later + PIN_LOCKOUT_MS });
  });

  it('survives a restart: the count and the lock are in the journal, not in memory', () => {
    const { file, db } = fresh();
    for (let i = 1; i <= 3; i++) checkSupervisorPin(db, WRONG, T0 + i);
    db.close();
    open.splice(open.indexOf(db), 1);
    const again = journal(file);
    expect(checkSupervisorPin(again, WRONG, T0 + 10)).toMatchObject({ kind: 'rejected', failures: 4, left: 1 });
    expect(checkSupervisorPin(again, WRONG, T0 + 11)).toMatchObject({ kind: 'locked', startedNow: true });
    again.close();
    open.splice(open.indexOf(again), 1);
    const third = journal(file);
    expect(checkSupervisorPin(third, PIN, T0 + 12 + 60_000)).toEqual({ kind: 'locked', lockedUntil: T0 + 11 + PIN_LOCKOUT_MS, startedNow: false });
    expect(checkSupervisorPin(third, PIN, T0 + 11 + PIN_LOCKOUT_MS)).toEqual({ kind: 'ok' });
  });

  it('a clock set back does not stretch the lock beyond 5 minutes from now', () => {
    const { db } = fresh();
    const lockedAt = T0 + 3_600_000;
    for (let i = 0; i < PIN_MAX_FAILURES; i++) checkSupervisorPin(db, WRONG, lockedAt);
    // The wall clock jumps back an hour: without the cap this would be a 65-minute lock.
    expect(checkSupervisorPin(db, PIN, T0)).toEqual({ kind: 'locked', lockedUntil: T0 + PIN_LOCKOUT_MS, startedNow: false });
    expect(checkSupervisorPin(db, PIN, T0 + PIN_LOCKOUT_MS)).toEqual({ kind: 'ok' });
  });

  it('no PIN set: nothing to guess, nothing counted; a damaged counter counts from zero', () => {
    const db = journal(path.join(tempDir('pos-pin-'), 'journal.sqlite'));
    for (let i = 0; i < PIN_MAX_FAILURES + 2; i++) expect(checkSupervisorPin(db, WRONG, T0)).toEqual({ kind: 'unset' });
    setSupervisorPin(db, PIN, T0);
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('supervisor.pinAttempts', 'not json', 0)").run();
    expect(checkSupervisorPin(db, WRONG, T0)).toMatchObject({ kind: 'rejected', failures: 1 });
  });

  it('PinLockedError: typed, retryable, says how long is left', () => {
    const e = new PinLockedError(T0 + PIN_LOCKOUT_MS, T0 + 1_000);
    expect(isPosError(e)).toBe(true);
    expect(e).toMatchObject({ code: 'PIN_LOCKED', retryable: true, details: { lockedUntil: T0 + PIN_LOCKOUT_MS, retryAfterMs: PIN_LOCKOUT_MS - 1_000 } });
    expect(e.message).toContain('4 min 59 s');
    expect(formatWait(PIN_LOCKOUT_MS)).toBe('5 min');
    expect(formatWait(30_000)).toBe('30 s');
    expect(formatWait(1)).toBe('1 s');
    expect(formatWait(0)).toBe('1 s');
  });
});

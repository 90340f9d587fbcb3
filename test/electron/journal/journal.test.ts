import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../electron/journal/openJournal';
import { migrate } from '../../../electron/journal/migrate';
import { MIGRATIONS } from '../../../electron/journal/migrations';
import { appendPaymentEvent, verifyChain } from '../../../electron/journal/hashChain';
import { tempDir } from '../../helpers/tempDir';

function seed(db: Database.Database, n: number): void {
  const now = 1_700_000_000_000;
  db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES ('S1', ?, ?, 'open', 100, 'CNY')").run(now, now);
  db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES ('P1', 'S1', 'PaymentCode', 'created', 100, 'CNY', ?, ?, ?, '{}')").run(now + 180_000, now, now);
  const tx = db.transaction(() => {
    for (let i = 0; i < n; i++) appendPaymentEvent(db, { paymentRequestId: 'P1', at: now + i, type: `e${i}`, status: 'created', data: { i } });
  });
  tx();
}

describe('journal', () => {
  it('opens with WAL, synchronous=FULL, foreign keys and the newest schema', () => {
    const file = path.join(tempDir(), 'j.sqlite');
    const db = openJournal(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['sales', 'payment_attempts', 'payment_events', 'outbox', 'audit_log', 'settings']));
    // foreign keys are enforced: an attempt for a sale that does not exist is refused
    expect(() => db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES ('P', 'nope', 'PaymentCode', 'created', 1, 'CNY', 0, 0, 0, '{}')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('migrates once and is idempotent on reopen', () => {
    const file = path.join(tempDir(), 'j.sqlite');
    openJournal(file).close();
    const db = new Database(file);
    expect(migrate(db, MIGRATIONS).from).toBe(MIGRATIONS.at(-1)!.version);
    db.close();
  });

  it('refuses a database newer than the code, with a clear message, and leaves it untouched', () => {
    const file = path.join(tempDir(), 'j.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.close();
    expect(() => openJournal(file)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW', message: expect.stringMatching(/newer version of this app/) }));
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(9990);
    again.close();
  });

  it('rolls back a failing migration whole', () => {
    const db = new Database(':memory:');
    const bad = [{ version: 10, name: 'half', up: (d: Database.Database) => d.exec('CREATE TABLE a (x); CREATE TABLE a (y);') }];
    expect(() => migrate(db, bad)).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }));
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });

  it('hash chain verifies an untouched journal', () => {
    const db = openJournal(':memory:');
    seed(db, 5);
    expect(verifyChain(db)).toEqual({ ok: true, events: 5, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('hash chain detects an edited row', () => {
    const db = openJournal(':memory:');
    seed(db, 5);
    db.prepare("UPDATE payment_events SET data_json = '{\"i\":99}' WHERE seq = 3").run();
    expect(verifyChain(db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'edited' });
  });

  it('hash chain detects a deleted row in the middle and at the end', () => {
    const db = openJournal(':memory:');
    seed(db, 5);
    db.prepare('DELETE FROM payment_events WHERE seq = 2').run();
    expect(verifyChain(db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'deleted' });

    const db2 = openJournal(':memory:');
    seed(db2, 5);
    db2.prepare('DELETE FROM payment_events WHERE seq = 5').run();
    expect(verifyChain(db2)).toMatchObject({ ok: false, reason: 'deleted' });
  });

  it('hash chain detects a row rewritten with a recomputed hash (the next link breaks)', () => {
    const db = openJournal(':memory:');
    seed(db, 4);
    db.prepare("UPDATE payment_events SET status = 'succeeded', hash = 'f' || substr(hash, 2) WHERE seq = 2").run();
    expect(verifyChain(db).ok).toBe(false);
  });
});

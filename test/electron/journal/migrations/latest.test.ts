/**
 * The journal at the newest schema: a full one survives open → migrate → close → open unchanged, a
 * journal of every shipped version upgrades to the newest with nothing lost, and a journal from a
 * newer app is refused untouched. Written without the request-id column's name (it changes in 0170),
 * so these tests run unchanged on both sides of that rename.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/journal/hashChain';
import { migrate } from '../../../../electron/journal/migrate';
import { MIGRATIONS } from '../../../../electron/journal/migrations';
import { openJournal } from '../../../../electron/journal/openJournal';
import { attemptTotals, attemptTotalsPlain } from '../../../../electron/journal/repos/reportReads';
import { D1, D3, DAY, TYPICAL_TABLES, countsOf, dumpTables, expectHealthy, expectRowsKept, journalAt, schemaOf } from '../../../helpers/journalAt';

const LATEST = MIGRATIONS.at(-1)!.version;
const fileSha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const sorted = <T>(rows: T[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

describe('journal at the newest schema', () => {
  it('holds rows in every table and survives open, migrate, close and open again unchanged', () => {
    const j = journalAt(LATEST);
    const counts = countsOf(dumpTables(j.db));
    expect(TYPICAL_TABLES.filter((t) => !(counts[t]! > 0)), 'tables without typical rows').toEqual([]);
    // The helper's chain is the app's chain: the production verifier accepts it.
    expect(verifyChain(j.db)).toMatchObject({ ok: true, events: counts.payment_events });
    const schema = schemaOf(j.db);
    const rows = dumpTables(j.db);
    j.db.close();

    for (let round = 0; round < 2; round++) {
      const db = openJournal(j.file);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(migrate(db, MIGRATIONS)).toEqual({ from: LATEST, to: LATEST });
      expect(schemaOf(db)).toEqual(schema);
      expect(dumpTables(db)).toEqual(rows);
      expectHealthy(db);
      db.close();
    }
  });

  it.each(MIGRATIONS.map((m) => m.version).filter((v) => v < LATEST))('upgrades a journal of version %i with its rows to the newest, losing nothing', (version) => {
    const j = journalAt(version);
    const before = dumpTables(j.db);
    j.db.close();
    const db = openJournal(j.file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expectRowsKept(before, dumpTables(db));
    expect(verifyChain(db)).toMatchObject({ ok: true, events: before.payment_events!.rows.length });
    expectHealthy(db);
    // The report totals are right whether they were back-filled (0040) or kept by the triggers since.
    expect(sorted(attemptTotals(db, D1 + 17 * 60_000 + 5, D3 + DAY))).toEqual(sorted(attemptTotalsPlain(db, D1 + 17 * 60_000 + 5, D3 + DAY)));
    expect(db.prepare('SELECT count(*) FROM acquirer_totals WHERE n < 0').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a full journal written by a newer app and leaves the file as it was', () => {
    const j = journalAt(LATEST);
    j.db.pragma(`user_version = ${LATEST + 10}`);
    j.db.close();
    const sha = fileSha(j.file);
    expect(() => openJournal(j.file)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW', details: { found: LATEST + 10, supported: LATEST } }));
    expect(fileSha(j.file)).toBe(sha);
    const raw = new Database(j.file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST + 10);
    raw.close();
  });
});

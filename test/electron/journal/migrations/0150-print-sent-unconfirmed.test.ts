/**
 * 0150: the print queue rebuilt to allow `sent`, on a 0140 journal with jobs in every state. A rebuild
 * copies rows: every job must come across with its id, state and flags, and the table must behave
 * as before (indexes, checks, ids that keep growing).
 */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, schemaOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0150 print sent unconfirmed', () => {
  it('copies every print job of a 0140 journal, ids and flags included, and accepts sent', () => {
    const { j, before } = upgradedFromPrevious(150);
    const db = j.db;
    // Checked whole (the rebuilt table included): same columns in the same order, same rows.
    expectRowsKept(before, dumpTables(db));
    expect(dumpTables(db).print_jobs).toEqual(before.print_jobs);
    expect(db.prepare('SELECT id, status, possibly_printed FROM print_jobs ORDER BY id').all()).toEqual([
      { id: 1, status: 'printed', possibly_printed: 0 },
      { id: 2, status: 'printed', possibly_printed: 0 },
      { id: 3, status: 'printing', possibly_printed: 1 },
      { id: 4, status: 'failed', possibly_printed: 0 },
      { id: 5, status: 'queued', possibly_printed: 0 },
    ]);
    expect(indexesOf(db, 'print_jobs')).toEqual(['print_jobs_reference', 'print_jobs_status']);
    expect(schemaOf(db).filter((r) => JSON.stringify(r).includes('print_jobs_0150'))).toEqual([]);
    expect(db.prepare("SELECT name, seq FROM sqlite_sequence WHERE name LIKE 'print_jobs%'").all()).toEqual([{ name: 'print_jobs', seq: 5 }]);
    expect(planOf(db, "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY id LIMIT 1")).toMatch(/print_jobs_status/);

    const enqueue = db.prepare("INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, 1, 1)");
    expect(Number(enqueue.run('receipt', 'receipt:P-0009', 'P-0009', 'sent').lastInsertRowid)).toBe(6);
    expect(() => enqueue.run('receipt', 'receipt:P-0002', 'P-0002', 'queued')).toThrow(/UNIQUE/);
    expect(() => enqueue.run('label', 'label:1', null, 'queued')).toThrow(/CHECK/);
    expect(() => enqueue.run('receipt', 'receipt:P-0003', 'P-0003', 'lost')).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE print_jobs SET possibly_printed = 2 WHERE id = 1').run()).toThrow(/CHECK/);

    expectHealthy(db);
    expectRerunIsNoop(j, 150);
    j.db.close();
  });
});

/** 0030: the durable print queue, on a 0020 journal with rows. */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0030 print jobs', () => {
  it('keeps a 0020 journal and queues receipts of its sales with the defaults and checks the printer loop relies on', () => {
    const { j, before } = upgradedFromPrevious(30);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(db.prepare('SELECT count(*) FROM print_jobs').pluck().get()).toBe(0);
    expect(indexesOf(db, 'print_jobs')).toEqual(['print_jobs_reference', 'print_jobs_status']);

    // As printQueue enqueues: kind, key, reference, document, 'queued'; the rest are defaults.
    const enqueue = db.prepare("INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, 1, 1)");
    const id = Number(enqueue.run('receipt', 'receipt:P-0002', 'P-0002', 'queued').lastInsertRowid);
    expect(db.prepare('SELECT attempts, possibly_printed, last_error, printed_at FROM print_jobs WHERE id = ?').get(id)).toEqual({ attempts: 0, possibly_printed: 0, last_error: null, printed_at: null });
    expect(() => enqueue.run('receipt', 'receipt:P-0002', 'P-0002', 'queued')).toThrow(/UNIQUE/); // a receipt is queued once
    expect(() => enqueue.run('label', 'label:1', null, 'queued')).toThrow(/CHECK/);
    // 'sent' (a write-only printer) only comes with 0150.
    expect(() => enqueue.run('receipt', 'receipt:P-0003', 'P-0003', 'sent')).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE print_jobs SET possibly_printed = 2 WHERE id = ?').run(id)).toThrow(/CHECK/);
    expect(planOf(db, "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY id LIMIT 1")).toMatch(/print_jobs_status/);
    expect(planOf(db, 'SELECT * FROM print_jobs WHERE reference = ?', 'P-0002')).toMatch(/print_jobs_reference/);

    expectHealthy(db);
    expectRerunIsNoop(j, 30);
    j.db.close();
  });
});

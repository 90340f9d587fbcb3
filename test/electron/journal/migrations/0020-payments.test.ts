/** 0020: refunds, the outbox's failures and subject, applied notifications — on a 0010 journal with rows. */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0020 payments', () => {
  it('keeps a 0010 journal, gives its queue jobs zero failures and no subject, and takes refunds and notifications', () => {
    const { j, before } = upgradedFromPrevious(20);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(db.prepare('SELECT idempotency_key, failures, subject FROM outbox ORDER BY id').all()).toEqual([
      { idempotency_key: 'cancel:P-0005', failures: 0, subject: null },
      { idempotency_key: 'void:P-0010', failures: 0, subject: null },
    ]);
    expect(indexesOf(db, 'refunds')).toEqual(['refunds_attempt', 'refunds_status']);
    expect(indexesOf(db, 'outbox')).toContain('outbox_subject');
    expect(planOf(db, 'SELECT id FROM outbox WHERE subject = ?', 'R-1')).toMatch(/outbox_subject/);
    expect(planOf(db, 'SELECT sum(amount_minor) FROM refunds WHERE attempt_id = ?', 'P-0004')).toMatch(/refunds_attempt/);

    // A refund of an attempt written before the upgrade, as paymentStore writes it.
    const refund = db.prepare(`INSERT INTO refunds (id, attempt_id, sale_id, amount_minor, currency, status, reason, actor, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, NULL, 'supervisor', 1, 1)`);
    refund.run('R-new', 'P-0004', 'S-0003', 3_000, 'CNY', 'pending');
    expect(db.prepare("SELECT refund_id, result_code FROM refunds WHERE id = 'R-new'").get()).toEqual({ refund_id: null, result_code: null });
    expect(() => refund.run('R-new', 'P-0004', 'S-0003', 1, 'CNY', 'pending')).toThrow(/UNIQUE|PRIMARY/); // the idempotency key is the id
    expect(() => refund.run('R-x1', 'P-none', 'S-0003', 1, 'CNY', 'pending')).toThrow(/FOREIGN KEY/);
    expect(() => refund.run('R-x2', 'P-0004', 'S-0003', 0, 'CNY', 'pending')).toThrow(/CHECK/);
    expect(() => refund.run('R-x3', 'P-0004', 'S-0003', 1, 'CNY', 'done')).toThrow(/CHECK/);
    expect(() => refund.run('R-x4', 'P-0004', 'S-0003', 1, 'CN', 'pending')).toThrow(/CHECK/);
    db.prepare("INSERT INTO outbox (kind, idempotency_key, payload_json, status, next_attempt_at, created_at, updated_at, subject) VALUES ('refund', 'refund:R-new', '{}', 'pending', 0, 0, 0, 'R-new')").run();
    expect(db.prepare("SELECT failures FROM outbox WHERE subject = 'R-new'").pluck().get()).toBe(0);

    // A resent notification changes nothing.
    const note = db.prepare("INSERT INTO payment_notifications (dedupe_key, attempt_id, body_sha256, received_at, outcome) VALUES (?, 'P-0002', 'x', 1, 'applied') ON CONFLICT (dedupe_key) DO NOTHING");
    expect(note.run('P-0002|S|SUCCESS').changes).toBe(1);
    expect(note.run('P-0002|S|SUCCESS').changes).toBe(0);

    expectHealthy(db);
    expectRerunIsNoop(j, 20);
    j.db.close();
  });
});

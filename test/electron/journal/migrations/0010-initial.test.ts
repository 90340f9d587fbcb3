/**
 * 0010: the first schema, on a new file (there is no earlier version to upgrade from). The typical
 * rows of a first-release journal go in as that release wrote them, and the constraints money
 * relies on refuse what they must.
 */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, journalAt, seedTypical, upgrade } from '../../../helpers/journalAt';

describe('migration 0010 initial', () => {
  it('creates the money tables on a new file, takes a first-release journal and refuses bad rows', () => {
    const j = journalAt(0, { empty: true });
    expect(j.db.pragma('user_version', { simple: true })).toBe(0);
    expect(upgrade(j.db, 10)).toEqual({ from: 0, to: 10 });
    expect(Object.keys(dumpTables(j.db))).toEqual(['audit_log', 'chain_head', 'outbox', 'payment_attempts', 'payment_events', 'sales', 'settings']);

    seedTypical(j.db);
    const db = j.db;
    expect(db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(11);
    expect(db.prepare('SELECT count(*) FROM payment_events').pluck().get()).toBe(22);
    // 'default' is the cashier of a sale written without one.
    db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES ('S-x', 1, 1, 'open', 1, 'CNY')").run();
    expect(db.prepare("SELECT cashier_id FROM sales WHERE id = 'S-x'").pluck().get()).toBe('default');
    expectHealthy(db);

    const sale = db.prepare('INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, 1, 1, ?, ?, ?)');
    expect(() => sale.run('S-bad1', 'shipped', 100, 'CNY')).toThrow(/CHECK/);
    expect(() => sale.run('S-bad2', 'open', 0, 'CNY')).toThrow(/CHECK/);
    expect(() => sale.run('S-bad3', 'open', -5, 'CNY')).toThrow(/CHECK/);
    expect(() => sale.run('S-bad4', 'open', 100, 'RMB ')).toThrow(/CHECK/);
    expect(() => sale.run('S-0001', 'open', 100, 'CNY')).toThrow(/UNIQUE|PRIMARY/);
    const attempt = db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json)
      VALUES (?, ?, ?, 'created', 100, 'CNY', 0, 0, 0, '{}')`);
    expect(() => attempt.run('P-x1', 'S-none', 'PaymentCode')).toThrow(/FOREIGN KEY/);
    expect(() => attempt.run('P-x2', 'S-0009', 'Barcode')).toThrow(/CHECK/);
    // The chain has one head and an event hash appears once.
    expect(() => db.prepare("INSERT INTO chain_head (id, seq, hash) VALUES (2, 1, 'x')").run()).toThrow(/CHECK/);
    const ev = db.prepare('SELECT * FROM payment_events WHERE seq = 1').get() as Record<string, unknown>;
    expect(() => db.prepare("INSERT INTO payment_events (attempt_id, at, type, status, data_json, prev_hash, hash) VALUES ('P-0001', 0, 't', 's', '{}', 'p', ?)").run(ev.hash)).toThrow(/UNIQUE/);
    // One queue job per idempotency key, and only the statuses the loop knows.
    expect(() => db.prepare("INSERT INTO outbox (kind, idempotency_key, payload_json, status, next_attempt_at, created_at, updated_at) VALUES ('cancel', 'cancel:P-0005', '{}', 'pending', 0, 0, 0)").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO outbox (kind, idempotency_key, payload_json, status, next_attempt_at, created_at, updated_at) VALUES ('cancel', 'cancel:new', '{}', 'later', 0, 0, 0)").run()).toThrow(/CHECK/);

    expectRerunIsNoop(j, 10);
    j.db.close();
  });
});

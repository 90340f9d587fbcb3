/** 0090: till clients, orders and refunds, on a 0060 journal with rows (the till's orders point at sales and refunds written before). */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, indexesOf, planOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0090 till api', () => {
  it('keeps a 0060 journal and makes a till order reference charge once', () => {
    const { j, before } = upgradedFromPrevious(90);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(indexesOf(db, 'till_orders')).toEqual(['till_orders_client_seq', 'till_orders_created', 'till_orders_seq']);

    const client = db.prepare('INSERT INTO till_clients (id, name, key_hash, scopes, rate_per_minute, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, 0, ?)');
    client.run('tc-1', 'Front till', 'h1', 'pay,refund,read', 60, null);
    expect(() => client.run('tc-2', 'Front till', 'h2', 'pay', 60, null)).toThrow(/UNIQUE/); // two live clients of one name
    db.prepare("UPDATE till_clients SET revoked_at = 5 WHERE id = 'tc-1'").run();
    client.run('tc-2', 'Front till', 'h2', 'pay', 60, null); // a revoked name is free again
    expect(() => client.run('tc-3', 'Back till', 'h2', 'pay', 60, null)).toThrow(/UNIQUE/); // a key is one client's
    expect(() => client.run('tc-4', 'Side till', 'h4', 'pay', 0, null)).toThrow(/CHECK/);

    const order = db.prepare("INSERT INTO till_orders (client_id, order_ref, sale_id, amount_minor, currency, created_at, updated_at, seq) VALUES (?, ?, ?, ?, 'USD', 0, 0, ?)");
    order.run('tc-2', 'ORD-1001', 'S-0005', 2_500, 1);
    expect(() => order.run('tc-2', 'ORD-1001', 'S-0004', 1_999, 2)).toThrow(/UNIQUE|PRIMARY/); // the same reference never makes a second sale
    expect(() => order.run('tc-2', 'ORD-1003', 'S-0005', 2_500, 2)).toThrow(/UNIQUE/); // nor does one sale serve two orders
    expect(() => order.run('tc-2', 'ORD-1004', 'S-none', 100, 2)).toThrow(/FOREIGN KEY/);
    expect(() => order.run('tc-9', 'ORD-1005', 'S-0004', 100, 2)).toThrow(/FOREIGN KEY/);
    expect(planOf(db, 'SELECT * FROM till_orders WHERE client_id = ? AND seq > ? ORDER BY seq', 'tc-2', 0)).toMatch(/till_orders_client_seq/);

    // A till refund points at a refund written before the upgrade and at its own order.
    const refund = db.prepare('INSERT INTO till_refunds (client_id, refund_ref, order_ref, refund_request_id, amount_minor, created_at) VALUES (?, ?, ?, ?, ?, 0)');
    refund.run('tc-2', 'RF-1', 'ORD-1001', 'R-0002', 500);
    expect(() => refund.run('tc-2', 'RF-1', 'ORD-1001', 'R-0003', 100)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => refund.run('tc-2', 'RF-2', 'ORD-9', 'R-0003', 100)).toThrow(/FOREIGN KEY/);
    expect(() => refund.run('tc-2', 'RF-3', 'ORD-1001', 'R-none', 100)).toThrow(/FOREIGN KEY/);

    expectHealthy(db);
    expectRerunIsNoop(j, 90);
    j.db.close();
  });
});

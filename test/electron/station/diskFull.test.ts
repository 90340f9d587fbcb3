import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { verifyChain } from '../../../electron/journal/hashChain';
import { bootDemoStation, until } from '../../helpers/demoStation';

/**
 * A full disk, made real by capping the journal file's size (PRAGMA max_page_count): SQLite then
 * fails writes with SQLITE_FULL exactly as it does when the device is full.
 */
describe('full disk', () => {
  it('refuses new sales and payments with DISK_FULL, sends nothing to Alipay, and loses nothing', async () => {
    const demo = await bootDemoStation();
    const db = demo.station.ctx.db!;
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_000 });
    const paid = await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await until(async () => (await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status === 'succeeded');
    const sim = demo.station.ctx.payments!.simulator!;
    const open = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 700 }); // opened before the disk fills
    const simPaymentsBefore = sim.store.payments.size;

    // Fill the journal: no page can be added any more, and no table's pages have room left.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let n = 0;
    const fill = (insert: (pad: string) => void): void => {
      for (const size of [2_000, 400, 60, 1]) {
        expect(() => {
          for (let i = 0; i < 100_000; i++) insert('x'.repeat(size));
        }).toThrow(/full/);
      }
    };
    fill((pad) => db.prepare('INSERT INTO audit_log (at, actor, action, details_json) VALUES (0, ?, ?, ?)').run('test', 'fill', pad));
    fill((pad) => db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, description) VALUES (?, 0, 0, 'voided', 1, 'CNY', ?)").run(`FILL${n++}`, pad));
    fill((pad) =>
      db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES (?, 'FILL0', 'PaymentCode', 'failed', 1, 'CNY', 0, 0, 0, ?)").run(`FILLP${n++}`, pad),
    );

    await expect(demo.call('sale:create', { amountMinor: 500 })).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full/) });
    await expect(demo.call('payment:scan', { saleId: open.saleId, code: '280000000000000011' })).rejects.toMatchObject({ code: 'DISK_FULL' });
    // Write-ahead: nothing went to Alipay that the journal does not know about.
    expect(sim.store.payments.size).toBe(simPaymentsBefore);

    // Space comes back: everything that was there is still there and work goes on.
    db.pragma('max_page_count = 1073741823');
    db.prepare("DELETE FROM payment_attempts WHERE id LIKE 'FILLP%'").run();
    db.prepare("DELETE FROM sales WHERE id LIKE 'FILL%'").run();
    db.prepare("DELETE FROM audit_log WHERE action = 'fill'").run();
    expect((await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status).toBe('succeeded');
    expect((await demo.call<SaleSnapshot>('sale:get', { saleId: open.saleId })).status).toBe('open');
    const a = await demo.call<AttemptSnapshot>('payment:scan', { saleId: open.saleId, code: '281111222233334444' });
    await until(async () => (await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
    expect(verifyChain(db).ok).toBe(true);
  });
});

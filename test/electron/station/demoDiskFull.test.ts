import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { bootDemoStation, until } from '../../helpers/demoStation';

/**
 * Issue 12 item 6: in DEMO the simulator runs inside the station and its timers write its own SQLite
 * file. With that disk full (PRAGMA max_page_count, as diskFull.test.ts does for the journal) a
 * timer's write used to throw out of the timer and take the whole process — this test's worker with
 * it. Now the failure is logged, the timer retries, and the station keeps taking payments.
 */
describe('full disk in DEMO (the in-process simulator)', () => {
  it('a simulator timer failing to write does not kill the station; the payment still completes', async () => {
    // Scenario 20 (amount 99.20): PAYMENT_IN_PROCESS, the customer confirms 5 s later (real time: filling the file takes a moment).
    const demo = await bootDemoStation();
    const sim = demo.station.ctx.payments!.simulator!;
    const db = sim.store.db!;
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 9_920 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281234567890123456' });
    const found = () => [...sim.store.payments.values()].find((p) => p.amount.value === '9920');
    await until(() => found() !== undefined);

    // The simulator's file is full before its confirm-after timer fires.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Every table's pages full too, so even an update in place that grows a row finds no room.
    const fill = (insert: (id: string, pad: string) => void): void => {
      for (const size of [2_000, 400, 60, 1]) {
        expect(() => {
          for (let i = 0; i < 100_000; i++) insert(`fill-${size}-${i}`, 'x'.repeat(size));
        }).toThrow(/full/);
      }
    };
    fill((id, pad) => db.prepare('INSERT INTO sim_meta (key, value) VALUES (?, ?)').run(id, pad));
    fill((id, pad) => db.prepare("INSERT INTO sim_entity (kind, id, json) VALUES ('fill', ?, ?)").run(id, pad));
    const payment = found()!;
    expect(payment.status).toBe('PROCESSING');
    // The timer fires and fails to save; the process lives on and the payment settles in memory.
    await until(() => sim.store.payments.get(payment.paymentId)!.status === 'SUCCESS', 15_000);
    await until(async () => (await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded', 15_000);
    // And the counter goes on selling.
    const next = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    expect(next.status).toBe('open');
  });
});

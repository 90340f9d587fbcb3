import { describe, expect, it } from 'vitest';
import type { SaleSnapshot } from '../../../shared/domain/payment';
import { bootDemoStation } from '../../helpers/demoStation';

/** Amounts and codes as a confused cashier, a broken keyboard or a hostile page could send them. */
describe('bad input at the contract', () => {
  it('refuses amounts that are zero, negative, fractional, too large or of an unknown currency, and keeps nothing', async () => {
    const demo = await bootDemoStation();
    const bad: Array<[unknown, string]> = [
      [{ amountMinor: 0 }, 'BAD_REQUEST'],
      [{ amountMinor: -100 }, 'BAD_REQUEST'],
      [{ amountMinor: 12.5 }, 'BAD_REQUEST'],
      [{ amountMinor: 1e15 }, 'BAD_REQUEST'],
      [{ amountMinor: '100' }, 'BAD_REQUEST'],
      [{ amountMinor: 100, currency: 'XYZ' }, 'UNKNOWN_CURRENCY'],
      [{ amountMinor: 100, currency: 'cny' }, 'BAD_REQUEST'],
      [{ amountMinor: Number.NaN }, 'BAD_REQUEST'],
    ];
    for (const [input, code] of bad) await expect(demo.call('sale:create', input), JSON.stringify(input)).rejects.toMatchObject({ code });
    expect((demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n).toBe(0);
    // A 0-decimal currency takes whole units only, as minor units: JPY 599 is 599.
    expect((await demo.call<SaleSnapshot>('sale:create', { amountMinor: 599, currency: 'JPY' })).amount).toEqual({ minor: 599, currency: 'JPY' });
  });

  it('refuses codes that are not Alipay payment codes before anything is sent', async () => {
    const demo = await bootDemoStation();
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 100 });
    const sim = demo.station.ctx.payments!.simulator!;
    for (const code of ['4006381333931', '1234', 'ABCDEFGHIJKLMNOPQR', '28000000000000000x', '13' + '0'.repeat(16), '28'.padEnd(30, '1')]) {
      await expect(demo.call('payment:scan', { saleId: sale.saleId, code }), code).rejects.toMatchObject({ code: 'SCAN_REJECTED' });
    }
    expect(sim.store.payments.size).toBe(0);
    expect((demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM payment_attempts').get() as { n: number }).n).toBe(0);
  });
});

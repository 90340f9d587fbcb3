import { describe, expect, it } from 'vitest';
import { bootDemoStation, until } from '../../helpers/demoStation';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';

describe('the sale on the counter', () => {
  it('a paid sale stays on the counter (a reload shows PAID) until the cashier moves on, while scans no longer go to it', async () => {
    const demo = await bootDemoStation();
    const { call } = demo;
    const events = demo.eventsOf('payment:stateChanged');
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 990 });
    const a = await call<AttemptSnapshot>('payment:scan', { code: '281234567890123457' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'succeeded'));
    // What a freshly loaded cashier page asks first.
    expect(await call<SaleSnapshot | null>('sale:current', {})).toMatchObject({ saleId: sale.saleId, status: 'paid' });
    // The paid sale takes no further scans: a code now is refused as "no open sale".
    await expect(call('payment:scan', { code: '281234567890123458' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await call('sale:dismiss', { saleId: sale.saleId });
    expect(await call<SaleSnapshot | null>('sale:current', {})).toBeNull();
  });

  it('dismissing is harmless for a sale that is not the one shown, and a new sale replaces the shown one', async () => {
    const { call } = await bootDemoStation();
    const first = await call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    await call('sale:dismiss', { saleId: 'S-not-this-one' });
    await call('sale:dismiss', { saleId: first.saleId }); // still open: it stays the current sale
    expect((await call<SaleSnapshot | null>('sale:current', {}))?.saleId).toBe(first.saleId);
    await call('sale:void', { saleId: first.saleId });
    expect(await call<SaleSnapshot | null>('sale:current', {})).toBeNull();
    const second = await call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    expect((await call<SaleSnapshot | null>('sale:current', {}))?.saleId).toBe(second.saleId);
  });
});

import { describe, expect, it } from 'vitest';
import { bootDemoStation, until } from '../../helpers/demoStation';
import type { SaleSnapshot } from '../../../shared/domain/payment';

/** Amount keyed, then the customer's code scanned at once (issue 14 item 4): one step at the station. */
describe('sale:createWithCode', () => {
  it('opens the sale with the keyed amount and starts the payment with the code; the customer display sees that amount', async () => {
    const demo = await bootDemoStation({ signInAs: 'cashier' });
    const { call } = demo;
    const events = demo.eventsOf('payment:stateChanged');
    const sale = await call<SaleSnapshot>('sale:createWithCode', { amountMinor: 1250, code: '281234567890123457' });
    expect(sale.amount.minor).toBe(1250);
    expect(sale.attempts[0]?.amount.minor).toBe(1250);
    expect(sale.active?.scenario).toBe('PaymentCode');
    await until(() => events.some((e) => e.sale.saleId === sale.saleId && e.sale.status === 'paid'));
    // Every snapshot the customer display was sent for this sale carries the amount charged, and no other.
    const mine = events.filter((e) => e.sale.saleId === sale.saleId);
    expect(new Set(mine.map((e) => e.sale.amount.minor))).toEqual(new Set([1250]));
    expect(mine.filter((e) => e.attempt).every((e) => e.attempt!.amount.minor === 1250)).toBe(true);
    expect((await call<SaleSnapshot | null>('sale:current', {}))?.status).toBe('paid');
  });

  it('a code refused up front leaves no sale open; a sale already open at the counter is never bypassed', async () => {
    const { call } = await bootDemoStation({ signInAs: 'cashier' });
    await expect(call('sale:createWithCode', { amountMinor: 800, code: '6912345678901' })).rejects.toMatchObject({ code: 'SCAN_REJECTED' });
    expect(await call<SaleSnapshot | null>('sale:current', {})).toBeNull();
    const sales = await call<SaleSnapshot[]>('sale:list', { limit: 5 });
    expect(sales.every((s) => s.status === 'voided')).toBe(true);

    const open = await call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    await expect(call('sale:createWithCode', { amountMinor: 900, code: '281234567890123458' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const current = await call<SaleSnapshot | null>('sale:current', {});
    expect(current).toMatchObject({ saleId: open.saleId, status: 'open', amount: { minor: 500 } });
    expect(current?.attempts).toEqual([]);
  });

  it('bad input is refused by the contract: a zero or fractional amount', async () => {
    const { call } = await bootDemoStation({ signInAs: 'cashier' });
    await expect(call('sale:createWithCode', { amountMinor: 0, code: '281234567890123457' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(call('sale:createWithCode', { amountMinor: 12.5, code: '281234567890123457' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await call<SaleSnapshot | null>('sale:current', {})).toBeNull();
  });
});

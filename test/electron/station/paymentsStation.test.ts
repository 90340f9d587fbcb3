import { describe, expect, it } from 'vitest';
import type { Station } from '../../../electron/station/createStation';
import { bootDemoStation, until, type Call, DEMO_APPROVAL } from '../../helpers/demoStation';
import { scenarioAmount } from '../../../electron/simulator';
import { COMMAND_NAMES, EVENT_NAMES } from '../../../shared/ipc/channels';
import { contract } from '../../../shared/ipc/contract';
import type { AttemptSnapshot, PaymentStateChanged, RefundSnapshot, SaleSnapshot } from '../../../shared/domain/payment';

async function boot(): Promise<{ station: Station; call: Call; events: PaymentStateChanged[] }> {
  const demo = await bootDemoStation();
  return { station: demo.station, call: demo.call, events: demo.eventsOf('payment:stateChanged') };
}


describe('payments in the station (DEMO: in-process simulator)', () => {
  it('contract lists stay equal to the contract', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect(EVENT_NAMES).toContain('payment:stateChanged');
    expect(EVENT_NAMES).toContain('queue:changed');
  });

  it('sale → scan → paid, pushed as whole snapshots; partial refund with the supervisor PIN', async () => {
    const { station, call, events } = await boot();
    expect(station.snapshot().ready).toBe(true);
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 1_250 });
    expect((await call<SaleSnapshot | null>('sale:current', {}))?.saleId).toBe(sale.saleId);
    const a = await call<AttemptSnapshot>('payment:scan', { code: '281234567890123456' });
    expect(a.codeTail).toBe('3456');
    await until(() => events.some((e) => e.attempt?.status === 'succeeded'));
    const paid = await call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(paid).toMatchObject({ status: 'paid', paid: { paymentRequestId: a.paymentRequestId, refundableMinor: 1_250 } });
    await expect(call('refund:create', { paymentRequestId: a.paymentRequestId, amountMinor: 250, approval: { ...DEMO_APPROVAL, pin: '999999' } })).rejects.toMatchObject({ code: 'PIN_REJECTED' });
    const r = await call<RefundSnapshot>('refund:create', { paymentRequestId: a.paymentRequestId, amountMinor: 250, approval: DEMO_APPROVAL, reason: 'one item' });
    expect(r.status).toBe('pending');
    await until(() => station.ctx.payments!.runtime!.store.getRefund(r.refundRequestId)?.status === 'succeeded');
    expect(await call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).toMatchObject({ status: 'partially_refunded', paid: { refundableMinor: 1_000 } });
    expect((await call<{ ok: boolean }>('settings:verifyJournal', {})).ok).toBe(true);
  });

  it('declines, replays and non-Alipay codes come back as typed errors', async () => {
    const { call, events } = await boot();
    await call<SaleSnapshot>('sale:create', { amountMinor: scenarioAmount('05') });
    const a = await call<AttemptSnapshot>('payment:scan', { code: '281234567890999999' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.final));
    expect((await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId }))).toMatchObject({ status: 'failed', resultCode: 'RISK_REJECT' });
    await expect(call('payment:scan', { code: '281234567890999999' })).rejects.toMatchObject({ code: 'DUPLICATE_SCAN' });
    await expect(call('payment:scan', { code: '134567890123456789' })).rejects.toMatchObject({ code: 'SCAN_REJECTED' });
    await expect(call('payment:scan', { code: 'not-a-code' })).rejects.toMatchObject({ code: 'SCAN_REJECTED' });
  });

  it('notifications reach the station notify route; cashier cancel works; unresolved and queue are listed', async () => {
    const { station, call, events } = await boot();
    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: scenarioAmount('22') });
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281234567890888888' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'awaitingCustomer'));
    expect((await call<{ attempts: AttemptSnapshot[] }>('payment:unresolved', {})).attempts.map((x) => x.paymentRequestId)).toEqual([a.paymentRequestId]);
    const cancelled = await call<AttemptSnapshot>('payment:cancel', { paymentRequestId: a.paymentRequestId });
    expect(cancelled).toMatchObject({ status: 'cancelling', doNotHandOver: true });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'cancelled'));
    expect((await call<{ attempts: AttemptSnapshot[] }>('payment:unresolved', {})).attempts).toEqual([]);
    expect((await call<{ jobs: unknown[] }>('queue:get', {})).jobs).toEqual([]);

    // An order QR paid from the virtual wallet: success arrives by notification over the station's HTTP route.
    const sale2 = await call<SaleSnapshot>('sale:create', { amountMinor: 800 });
    await call<AttemptSnapshot>('payment:showOrderCode', { saleId: sale2.saleId });
    await until(() => events.some((e) => e.sale.saleId === sale2.saleId && e.attempt?.qr !== null && e.attempt?.qr !== undefined));
    const qr = events.find((e) => e.sale.saleId === sale2.saleId && e.attempt?.qr)!.attempt!.qr!;
    const res = await fetch(`${qr.codeValue.replace(/\/__sim\/qr\/.*/, '')}/__sim/wallet/pay-order-code`, { method: 'POST', body: JSON.stringify({ codeValue: qr.codeValue }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    await until(() => events.some((e) => e.sale.saleId === sale2.saleId && e.sale.status === 'paid'));
    const seen = station.ctx.db!.prepare('SELECT outcome FROM payment_notifications').all() as Array<{ outcome: string }>;
    expect(seen.map((s) => s.outcome)).toContain('applied');
  });
});

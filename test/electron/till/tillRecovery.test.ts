import { describe, expect, it } from 'vitest';
import { scenarioAmount } from '../../../electron/simulator';
import type { SaleSnapshot } from '../../../shared/domain/payment';
import { until } from '../../helpers/demoStation';
import { bootTillStation } from '../../helpers/tillStation';
import { tempDir } from '../../helpers/tempDir';
import { TillClient } from '../../till/sampleTill';

const CNY = (minor: number) => ({ minor, currency: 'CNY' });

describe('till API: nothing lost across a restart, nothing started while offline', () => {
  it('the station restarts mid-payment: the payment resolves after recovery and the till hears it from where it left off', async () => {
    const dataDir = tempDir();
    const a = await bootTillStation({ env: { POS_TILL_PORT: '0' }, dataDir });
    const { key } = await a.client('Till 1', ['pay']);
    const till = new TillClient(a.url, key);
    const events = till.events();
    await events.ready;
    await till.pay('ORD-RS', CNY(scenarioAmount('22')));
    await a.demo.call('payment:scan', { code: '281234567890424242' });
    const waiting = await events.next((p) => p.orderReference === 'ORD-RS' && p.status === 'inProgress' && p.paymentRequestId !== null);
    const resumeFrom = events.lastEventId!;
    events.close();
    await a.demo.stop();

    // The customer confirms while the terminal is down.
    const b = await bootTillStation({ env: { POS_TILL_PORT: '0' }, dataDir });
    const r = await fetch(`${b.simUrl}/__sim/wallet/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentRequestId: waiting.paymentRequestId }) });
    expect(r.ok).toBe(true);
    const again = new TillClient(b.url, key); // the same key: clients live in the journal
    const back = again.events(resumeFrom);
    await back.ready;
    const paid = await back.next((p) => p.orderReference === 'ORD-RS' && p.final, 20_000);
    back.close();
    expect(paid).toMatchObject({ status: 'paid', paymentRequestId: waiting.paymentRequestId });
    // And a repeat of the original request still finds that one payment.
    expect((await b.req(key, 'POST', '/payments', { orderReference: 'ORD-RS', amount: CNY(scenarioAmount('22')) })).json).toMatchObject({ status: 'paid', saleId: waiting.saleId });
  });

  it('Alipay unreachable: a till request is refused up front with OFFLINE (retryable) and nothing is made', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const manual = await rig.demo.call<SaleSnapshot>('sale:create', { amountMinor: scenarioAmount('20') });
    await fetch(`${rig.simUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'drop-before', api: 'inquiryPayment', times: 1000 }) });
    await rig.demo.call('payment:scan', { saleId: manual.saleId, code: '281234567890434343' });
    await until(() => rig.demo.station.ctx.payments!.runtime!.network === 'offline', 15_000);
    const r = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-OFF', amount: CNY(100) });
    expect(r.status).toBe(503);
    expect(r.json.error).toMatchObject({ code: 'OFFLINE', retryable: true });
    expect(r.headers.get('retry-after')).toBe('5');
    expect((rig.demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM till_orders').get() as { n: number }).n).toBe(0);
  });

  it('bad keys from one address are slowed down after 30 a minute (429), without touching real clients', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['read']);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await rig.req('tk_guess', 'GET', '/payments')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await rig.req(key, 'GET', '/payments')).status).toBe(200);
  });
});

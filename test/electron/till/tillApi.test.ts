import { describe, expect, it } from 'vitest';
import { DEMO_MANAGER_PIN, DEMO_SUPERVISOR_ID, DEMO_SUPERVISOR_PIN } from '../../../electron/station/paymentsService';
import { scenarioAmount } from '../../../electron/simulator';
import type { SaleSnapshot } from '../../../shared/domain/payment';
import { until } from '../../helpers/demoStation';
import { bootTillStation } from '../../helpers/tillStation';
import { TillClient, type TillPayment } from '../../till/sampleTill';

const CNY = (minor: number) => ({ minor, currency: 'CNY' });
let codeSeq = 0;
const freshCode = (): string => `28${String(Date.now() % 1e9).padStart(9, '0')}${String(++codeSeq).padStart(7, '0')}`;

async function simPayments(simUrl: string): Promise<unknown[]> {
  return (await (await fetch(`${simUrl}/__sim/payments`)).json()) as unknown[];
}
const salesCount = (rig: Awaited<ReturnType<typeof bootTillStation>>): number =>
  (rig.demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;

describe('till API: the counter flow', () => {
  it('a till hands an amount over, the cashier scans, the till hears "paid" with its receipt ids', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay', 'read']);
    const till = new TillClient(rig.url, key);
    const events = till.events();
    await events.ready;
    const created = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-1', amount: CNY(1234) });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ orderReference: 'ORD-1', status: 'waitingForCustomer', till: 'Till 1', doNotHandOver: true });
    // The counter now has the till's amount: the cashier screen is told which till it came from.
    const opened = rig.demo.eventsOf('till:saleOpened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ tillName: 'Till 1', orderReference: 'ORD-1', sale: { amount: CNY(1234) } });
    expect((await rig.demo.call<SaleSnapshot | null>('sale:current', {}))?.saleId).toBe(created.json.saleId);
    await rig.demo.call('payment:scan', { code: freshCode() });
    const paid = await events.next((p) => p.orderReference === 'ORD-1' && p.final);
    events.close();
    expect(paid).toMatchObject({ status: 'paid', doNotHandOver: false, amount: CNY(1234) });
    expect(paid.paymentId).toBeTruthy();
    expect(paid.paymentRequestId).toMatch(/^P/);
    expect(paid.paidAt).toBeTruthy();
    expect(await till.get('ORD-1')).toMatchObject({ status: 'paid', paymentId: paid.paymentId });
    // Every call audited with the client's name.
    const audits = rig.demo.station.ctx.db!.prepare("SELECT actor, action FROM audit_log WHERE actor = 'till:Till 1' ORDER BY id").all() as Array<{ actor: string; action: string }>;
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['till.api.events', 'till.payment.create', 'till.api.createPayment', 'till.api.getPayment']));
  });

  it('declined: the till gets the result code and the sale leaves the counter (no later scan can pay it)', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const till = new TillClient(rig.url, key);
    const p = await till.pay('ORD-D', CNY(scenarioAmount('05')));
    await rig.demo.call('payment:scan', { code: freshCode() });
    await until(async () => (await till.get('ORD-D')).final);
    expect(await till.get('ORD-D')).toMatchObject({ status: 'declined', resultCode: 'RISK_REJECT' });
    await until(async () => (await rig.demo.call<SaleSnapshot>('sale:get', { saleId: p.saleId })).status === 'voided');
    expect(await rig.demo.call('sale:current', {})).toBeNull();
    await expect(rig.demo.call('payment:scan', { code: freshCode() })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('a manual sale open at the counter: the till is refused with COUNTER_BUSY and nothing is mixed; once free it goes through', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const manual = await rig.demo.call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    const before = salesCount(rig);
    const busy = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-B', amount: CNY(999) });
    expect(busy.status).toBe(409);
    expect(busy.json.error).toMatchObject({ code: 'COUNTER_BUSY', retryable: true });
    expect(busy.headers.get('retry-after')).toBe('5');
    expect(salesCount(rig)).toBe(before);
    expect((await rig.demo.call<SaleSnapshot>('sale:get', { saleId: manual.saleId })).amount).toEqual(CNY(500));
    await rig.demo.call('sale:void', { saleId: manual.saleId });
    expect((await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-B', amount: CNY(999) })).status).toBe(201);
  });

  it('and the other way round: a till\'s amount on the counter refuses a manual sale until it is paid or sent back', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const till = new TillClient(rig.url, key);
    const p = await till.pay('ORD-M', CNY(800));
    await expect(rig.demo.call('sale:create', { amountMinor: 100 })).rejects.toMatchObject({ code: 'COUNTER_BUSY' });
    expect((await rig.demo.call<SaleSnapshot | null>('sale:current', {}))?.saleId).toBe(p.saleId);
    await rig.demo.call('sale:void', { saleId: p.saleId }); // the cashier sends it back
    expect(await till.get('ORD-M')).toMatchObject({ status: 'cancelled' });
    expect((await rig.demo.call<SaleSnapshot>('sale:create', { amountMinor: 100 })).amount).toEqual(CNY(100));
  });

  it('cancel before the scan voids the sale; cancel during a payment ends only on Alipay\'s answer', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const till = new TillClient(rig.url, key);
    await till.pay('ORD-C1', CNY(700));
    expect(await till.cancel('ORD-C1')).toMatchObject({ status: 'cancelled', final: true });
    expect(await rig.demo.call('sale:current', {})).toBeNull();
    await till.pay('ORD-C2', CNY(scenarioAmount('22')));
    await rig.demo.call('payment:scan', { code: freshCode() });
    await until(async () => (await till.get('ORD-C2')).status === 'inProgress');
    const asked = await till.cancel('ORD-C2');
    expect(['inProgress', 'cancelled']).toContain(asked.status);
    await until(async () => (await till.get('ORD-C2')).status === 'cancelled');
    expect((await rig.req(key, 'POST', '/payments/ORD-C2/cancel')).json).toMatchObject({ status: 'cancelled' });
  });

  it('a till that disconnects mid-payment: the payment still resolves and the result waits for it (Last-Event-ID)', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const till = new TillClient(rig.url, key);
    const events = till.events();
    await events.ready;
    await till.pay('ORD-X', CNY(scenarioAmount('22')));
    await rig.demo.call('payment:scan', { code: freshCode() });
    const waiting = await events.next((p) => p.orderReference === 'ORD-X' && p.status === 'inProgress');
    const resumeFrom = events.lastEventId!;
    events.close(); // the till goes away (crash, network) while the customer confirms on the phone
    const r = await fetch(`${rig.simUrl}/__sim/wallet/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentRequestId: waiting.paymentRequestId }) });
    expect(r.ok).toBe(true);
    await until(() => rig.demo.eventsOf('payment:stateChanged').some((e) => e.attempt?.paymentRequestId === waiting.paymentRequestId && e.attempt.status === 'succeeded'));
    const back = till.events(resumeFrom);
    await back.ready;
    expect(await back.next((p) => p.orderReference === 'ORD-X' && p.final, 1_000)).toMatchObject({ status: 'paid' });
    back.close();
  });

  it('a till that drops the connection right after sending: a retry with the same reference finds the one sale', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const { request } = await import('node:http');
    const u = new URL(`${rig.url}/payments`);
    const body = JSON.stringify({ orderReference: 'ORD-DROP', amount: CNY(321) });
    await new Promise<void>((resolve) => {
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      req.on('error', () => resolve());
      req.end(body, () => {
        req.destroy();
        resolve();
      });
    });
    const retry = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-DROP', amount: CNY(321) });
    expect([200, 201]).toContain(retry.status);
    const again = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-DROP', amount: CNY(321) });
    expect(again.status).toBe(200);
    expect(again.json.saleId).toBe(retry.json.saleId);
    expect((rig.demo.station.ctx.db!.prepare("SELECT count(*) AS n FROM till_orders WHERE order_ref = 'ORD-DROP'").get() as { n: number }).n).toBe(1);
  });
});

describe('till API: idempotency', () => {
  it('concurrent duplicates of one order (order QR) make one sale and one Alipay payment; all answers agree', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const body = { orderReference: 'ORD-DUP', amount: CNY(4321), presentation: 'orderCode' };
    const before = (await simPayments(rig.simUrl)).length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => rig.req(key, 'POST', '/payments', body)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(new Set(answers.map((a) => a.json.saleId)).size).toBe(1);
    await until(async () => (await simPayments(rig.simUrl)).length > before);
    await rig.demo.station.ctx.payments!.runtime!.idle();
    expect((await simPayments(rig.simUrl)).length).toBe(before + 1);
    const sale = await rig.demo.call<SaleSnapshot>('sale:get', { saleId: answers[0]!.json.saleId });
    expect(sale.attempts).toHaveLength(1);
  });

  it('the same reference with another amount is refused (REFERENCE_REUSED) and nothing is charged; a paid reference returns the same result', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const till = new TillClient(rig.url, key);
    await till.pay('ORD-R', CNY(1000));
    await rig.demo.call('payment:scan', { code: freshCode() });
    await until(async () => (await till.get('ORD-R')).status === 'paid');
    const sims = (await simPayments(rig.simUrl)).length;
    const sales = salesCount(rig);
    const other = await rig.req(key, 'POST', '/payments', { orderReference: 'ORD-R', amount: CNY(1001) });
    expect(other.status).toBe(409);
    expect(other.json.error).toMatchObject({ code: 'REFERENCE_REUSED', details: { amount: CNY(1000) } });
    const dupes = await Promise.all([1, 2, 3].map(() => rig.req(key, 'POST', '/payments', { orderReference: 'ORD-R', amount: CNY(1000) })));
    for (const d of dupes) expect(d).toMatchObject({ status: 200, json: { status: 'paid' } });
    expect(salesCount(rig)).toBe(sales);
    expect((await simPayments(rig.simUrl)).length).toBe(sims);
    // Two clients may use the same reference: each has its own.
    const { key: key2 } = await rig.client('Till 2', ['pay', 'read']);
    expect((await rig.req(key2, 'GET', '/payments/ORD-R')).status).toBe(404);
  });
});

describe('till API: refunds with the approval the terminal requires', () => {
  it('wrong PIN refuses and refunds nothing; the right PIN refunds once however often the till repeats it', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay', 'refund']);
    const { key: payOnly } = await rig.client('Till 2', ['pay']);
    const till = new TillClient(rig.url, key);
    const events = till.events();
    await events.ready;
    await till.pay('ORD-F', CNY(2000));
    await rig.demo.call('payment:scan', { code: freshCode() });
    await events.next((p) => p.orderReference === 'ORD-F' && p.status === 'paid');
    const refund = (pin: string, k = key) => rig.req(k, 'POST', '/payments/ORD-F/refunds', { refundReference: 'RF-1', amount: CNY(500), approval: { supervisorId: DEMO_SUPERVISOR_ID, supervisorPin: pin } });
    const wrong = await refund('9999');
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatchObject({ code: 'PIN_REJECTED' });
    expect((await refund(DEMO_SUPERVISOR_PIN, payOnly)).status).toBe(403); // no refund scope (and its order is not Till 2's)
    const ok = await refund(DEMO_SUPERVISOR_PIN);
    expect(ok.status).toBe(201);
    const again = await refund(DEMO_SUPERVISOR_PIN);
    expect(again.status).toBe(200);
    expect(again.json.refundRequestId).toBe(ok.json.refundRequestId);
    const other = await rig.req(key, 'POST', '/payments/ORD-F/refunds', { refundReference: 'RF-1', amount: CNY(600), approval: { supervisorId: DEMO_SUPERVISOR_ID, supervisorPin: DEMO_SUPERVISOR_PIN } });
    expect(other.json.error).toMatchObject({ code: 'REFERENCE_REUSED' });
    const done = await events.next((p) => p.orderReference === 'ORD-F' && p.refunds.some((r) => r.status === 'succeeded'));
    expect(done).toMatchObject({ refundedMinor: 500, refundableMinor: 1500 });
    const tooMuch = await rig.req(key, 'POST', '/payments/ORD-F/refunds', { refundReference: 'RF-2', amount: CNY(1501), approval: { supervisorId: DEMO_SUPERVISOR_ID, supervisorPin: DEMO_SUPERVISOR_PIN } });
    expect(tooMuch).toMatchObject({ status: 422, json: { error: { code: 'INVALID_AMOUNT' } } });
    events.close();
    const rows = rig.demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM refunds').get() as { n: number };
    expect(rows.n).toBe(1);
  });
});

describe('till API: bad input gets a clear error and loses nothing', () => {
  it('keys, scopes, amounts, currencies, bodies', async () => {
    const rig = await bootTillStation();
    const { key, client } = await rig.client('Till 1', ['pay']);
    const { key: readOnly } = await rig.client('ERP', ['read']);
    const { key: revoked, client: gone } = await rig.client('Old till', ['pay']);
    await rig.demo.call('till:revokeClient', { clientId: gone.clientId, pin: DEMO_MANAGER_PIN });
    const good = { orderReference: 'ORD-OK', amount: CNY(100) };
    const sales = salesCount(rig);
    const cases: Array<[string, string | null, unknown, number, string]> = [
      ['no key', null, good, 401, 'UNAUTHORIZED'],
      ['unknown key', 'tk_not-a-real-key', good, 401, 'UNAUTHORIZED'],
      ['revoked key', revoked, good, 401, 'UNAUTHORIZED'],
      ['wrong scope', readOnly, good, 403, 'FORBIDDEN'],
      ['a currency the terminal does not take', key, { ...good, amount: { minor: 100, currency: 'USD' } }, 422, 'CURRENCY_REFUSED'],
      ['not a currency', key, { ...good, amount: { minor: 100, currency: 'XQQ' } }, 422, 'UNKNOWN_CURRENCY'],
      ['above the terminal\'s limit', key, { ...good, amount: CNY(5_000_001) }, 422, 'AMOUNT_REFUSED'],
      ['zero', key, { ...good, amount: CNY(0) }, 400, 'BAD_REQUEST'],
      ['fractional minor units', key, { ...good, amount: CNY(12.5) }, 400, 'BAD_REQUEST'],
      ['amount as a string', key, { ...good, amount: { minor: '100', currency: 'CNY' } }, 400, 'BAD_REQUEST'],
      ['bad reference', key, { ...good, orderReference: 'has spaces' }, 400, 'BAD_REQUEST'],
      ['unknown field', key, { ...good, tip: 5 }, 400, 'BAD_REQUEST'],
      ['not JSON', key, '{"orderReference":', 400, 'BAD_REQUEST'],
      ['body too large', key, JSON.stringify({ ...good, description: 'x'.repeat(20_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, k, body, status, code] of cases) {
      const r = await rig.req(k, 'POST', '/payments', body);
      expect({ what, status: r.status, code: (r.json.error as { code: string }).code }).toEqual({ what, status, code });
      expect(typeof (r.json.error as { message: string }).message).toBe('string');
    }
    expect(salesCount(rig)).toBe(sales);
    expect((await rig.req(key, 'GET', '/payments')).status).toBe(403); // listing needs read
    expect((await rig.req(readOnly, 'GET', '/payments?date=2026-13-45x')).status).toBe(400);
    expect((await rig.req(key, 'GET', '/nope')).status).toBe(404);
    // A revoked client's calls are audited under its name too; unknown keys as "(unknown key)".
    const actors = (rig.demo.station.ctx.db!.prepare("SELECT DISTINCT actor FROM audit_log WHERE action LIKE 'till.api.%'").all() as Array<{ actor: string }>).map((a) => a.actor);
    expect(actors).toEqual(expect.arrayContaining(['till:(unknown key)', 'till:ERP', 'till:Till 1', 'till:Old till']));
    // Then the good request still works: nothing was half-made by the refusals.
    expect((await rig.req(key, 'POST', '/payments', good)).status).toBe(201);
    expect(client.scopes).toEqual(['pay']);
  });

  it('per-client rate limits answer 429 with Retry-After, and other clients are not slowed', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Fast till', ['read'], 3);
    const { key: other } = await rig.client('Other', ['read']);
    for (let i = 0; i < 3; i++) expect((await rig.req(key, 'GET', '/payments')).status).toBe(200);
    const limited = await rig.req(key, 'GET', '/payments');
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await rig.req(other, 'GET', '/payments')).status).toBe(200);
  });

  it('the day\'s list holds only this client\'s payments of that business day', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay', 'read']);
    const till = new TillClient(rig.url, key);
    await till.pay('ORD-L1', CNY(100));
    await till.cancel('ORD-L1');
    await till.pay('ORD-L2', CNY(200));
    const day = await till.day();
    expect(day.payments.map((p: TillPayment) => p.orderReference)).toEqual(['ORD-L1', 'ORD-L2']);
    expect((await till.day('2001-01-01')).payments).toEqual([]);
  });
});

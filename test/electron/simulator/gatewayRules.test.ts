import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAmsClient } from '../../../electron/payments/ams/amsClient';
import { buildPayBody } from '../../../electron/payments/ams/amsRequests';
import { formatAmsTime } from '../../../electron/payments/ams/amsTime';
import { envelopeSchema } from '../../../electron/payments/ams/amsWire';
import { loadPrivateKey, loadPublicKey } from '../../../electron/payments/ams/keys';
import { signMessage, verifyMessage } from '../../../electron/payments/ams/signature';
import { scenarioCode } from '../../../electron/simulator/scenarios';
import { codePay, freshCode, orderCodePay, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const body = (): Record<string, unknown> => buildPayBody(codePay(freshCode()), Date.now());
const DELETE = Symbol('delete');
/** A valid pay body with one field (dotted path) replaced or deleted. */
const mutate = (path: string, value: unknown): Record<string, unknown> => {
  const b = body();
  const keys = path.split('.');
  let node = b;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return b;
};

async function rawPay(b: unknown): Promise<{ code: string | undefined; outcome: string }> {
  const r = await h.client.call('pay', b, envelopeSchema);
  return { outcome: r.outcome, code: r.outcome === 'S' ? 'SUCCESS' : r.resultCode };
}

describe('malformed pay requests → PARAM_ILLEGAL (signed F)', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['missing paymentRequestId', mutate('paymentRequestId', DELETE)],
    ['paymentRequestId over 64 chars', mutate('paymentRequestId', 'x'.repeat(65))],
    ['amount with decimals', mutate('paymentAmount.value', '5.99')],
    ['negative amount', mutate('paymentAmount.value', '-1')],
    ['amount as a fractional number', mutate('paymentAmount.value', 5.99)],
    ['amount as a negative number', mutate('paymentAmount.value', -599)],
    ['amount with leading zero', mutate('paymentAmount.value', '0599')],
    ['unknown currency', mutate('paymentAmount.currency', 'XXY')],
    ['wrong productCode', mutate('productCode', 'CASHIER_PAYMENT')],
    ['wrong paymentMethodType', mutate('paymentMethod.paymentMethodType', 'ALIPAY_CN')],
    ['missing notify url', mutate('paymentNotifyUrl', DELETE)],
    ['missing payment code for PaymentCode', mutate('paymentMethod.paymentMethodId', DELETE)],
    ['bad expiry time', mutate('paymentExpiryTime', 'tomorrow')],
    ['expiry in the past', mutate('paymentExpiryTime', '2001-01-01T00:00:00+08:00')],
    ['unknown scenario', mutate('paymentFactor.inStorePaymentScenario', 'Magic')],
    ['merchant id over 64', mutate('order.merchant.referenceMerchantId', 'm'.repeat(65))],
    ['JSON array body', []  as unknown as Record<string, unknown>],
  ];
  for (const [name, b] of cases) {
    it(name, async () => {
      expect(await rawPay(b)).toEqual({ outcome: 'F', code: 'PARAM_ILLEGAL' });
    });
  }

  it('malformed JSON bytes (signed) → PARAM_ILLEGAL', async () => {
    const path = '/ams/api/v1/payments/pay';
    const raw = '{"paymentRequestId": ';
    const now = String(Date.now());
    const sig = signMessage({ path, clientId: h.sim.clientId, time: now, body: raw, privateKey: loadPrivateKey(h.sim.merchantPrivateKey!) });
    const res = await fetch(h.sim.url + path, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'client-id': h.sim.clientId, 'request-time': now, signature: sig } });
    expect(((await res.json()) as { result: { resultCode: string } }).result.resultCode).toBe('PARAM_ILLEGAL');
    expect(res.headers.get('signature')).toBeTruthy();
  });

  it('refund with a fractional amount, inquiry without any id → PARAM_ILLEGAL', async () => {
    expect((await h.client.call('refund', { refundRequestId: 'r', paymentId: 'p', refundAmount: { currency: 'CNY', value: '1.5' } }, envelopeSchema))).toMatchObject({ outcome: 'F', resultCode: 'PARAM_ILLEGAL' });
    expect((await h.client.call('inquiryPayment', {}, envelopeSchema))).toMatchObject({ outcome: 'F', resultCode: 'PARAM_ILLEGAL' });
  });
});

describe('headers, signatures, routing', () => {
  const path = '/ams/api/v1/payments/inquiryPayment';
  const raw = '{"paymentRequestId":"x"}';
  const post = (headers: Record<string, string>, p = path, method = 'POST'): Promise<Response> =>
    fetch(h.sim.url + p, { method, body: method === 'POST' ? raw : undefined, headers: { 'content-type': 'application/json', ...headers } });
  const now = String(Date.now());
  const code = async (r: Response): Promise<string> => ((await r.json()) as { result: { resultCode: string } }).result.resultCode;

  it('a forged request signature → INVALID_SIGNATURE, unsigned', async () => {
    const r = await post({ 'content-type': 'application/json', 'client-id': h.sim.clientId, 'request-time': now, signature: 'algorithm=RSA256,keyVersion=1,signature=AAAA' });
    expect(await code(r)).toBe('INVALID_SIGNATURE');
    expect(r.headers.get('signature')).toBeNull();
  });

  it('no signature → INVALID_SIGNATURE; unknown client → CLIENT_INVALID; no request-time → PARAM_ILLEGAL', async () => {
    expect(await code(await post({ 'client-id': h.sim.clientId, 'request-time': now }))).toBe('INVALID_SIGNATURE');
    expect(await code(await post({ 'client-id': 'SOMEONE_ELSE', 'request-time': now }))).toBe('CLIENT_INVALID');
    expect(await code(await post({ 'client-id': h.sim.clientId }))).toBe('PARAM_ILLEGAL');
  });

  it('header names are case-insensitive and ISO request-time is accepted', async () => {
    const time = formatAmsTime(Date.now());
    const sig = signMessage({ path, clientId: h.sim.clientId, time, body: raw, privateKey: loadPrivateKey(h.sim.merchantPrivateKey!) });
    expect(await code(await post({ 'Content-Type': 'application/json; charset=UTF-8', 'Client-Id': h.sim.clientId, 'Request-Time': time, Signature: sig }))).toBe('ORDER_NOT_EXIST');
  });

  it('an absolute-form request target (POST https://host/ams/api/...), as the official Python SDK sends, is routed and signed by its path', async () => {
    const time = formatAmsTime(Date.now(), 0);
    const sig = signMessage({ path, clientId: h.sim.clientId, time, body: raw, privateKey: loadPrivateKey(h.sim.merchantPrivateKey!) });
    const { port } = new URL(h.sim.url);
    const res = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `https://open-sea-global.alipay.com${path}`, headers: { 'Content-type': 'application/json; charset=UTF-8', 'client-id': h.sim.clientId, 'Request-Time': time, Signature: sig } }, (r) => {
        let b = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => { b += c; });
        r.on('end', () => resolve({ headers: r.headers, body: b }));
      });
      req.on('error', reject);
      req.end(raw);
    });
    expect((JSON.parse(res.body) as { result: { resultCode: string } }).result.resultCode).toBe('ORDER_NOT_EXIST');
    const verified = verifyMessage({ path, clientId: String(res.headers['client-id']), time: String(res.headers['response-time']), body: res.body, signatureHeader: String(res.headers.signature), publicKey: loadPublicKey(h.sim.alipayPublicKey) });
    expect(verified.ok).toBe(true);
  });

  it('unknown API → NO_INTERFACE_DEF; GET → METHOD_NOT_SUPPORTED; text/plain → MEDIA_TYPE_NOT_ACCEPTABLE', async () => {
    expect(await code(await post({}, '/ams/api/v1/payments/teleport'))).toBe('NO_INTERFACE_DEF');
    expect(await code(await post({}, path, 'GET'))).toBe('METHOD_NOT_SUPPORTED');
    expect(await code(await post({ 'content-type': 'text/plain' }))).toBe('MEDIA_TYPE_NOT_ACCEPTABLE');
  });
});

describe('idempotency, codes, expiry, cancel', () => {
  it('same paymentRequestId → same result; different amount or code → REPEAT_REQ_INCONSISTENT', async () => {
    const req = codePay(freshCode(), 700);
    const a = await h.client.pay(req);
    const b = await h.client.pay(req);
    expect(a.outcome === 'S' && b.outcome === 'S' && a.body.paymentId === b.body.paymentId).toBe(true);
    expect(await h.client.pay({ ...req, amount: { minor: 701, currency: 'CNY' } })).toMatchObject({ outcome: 'F', resultCode: 'REPEAT_REQ_INCONSISTENT' });
    expect(await h.client.pay({ ...req, paymentCode: freshCode() })).toMatchObject({ outcome: 'F', resultCode: 'REPEAT_REQ_INCONSISTENT' });
    const declined = codePay(scenarioCode('05'));
    await h.client.pay(declined);
    expect(await h.client.pay(declined)).toMatchObject({ outcome: 'F', resultCode: 'RISK_REJECT' });
  });

  it('payment codes must be Alipay codes (16–24 digits, 25–30) and are one-time', async () => {
    for (const bad of ['123456789012345678', '2412345678901234', '28123', '2812345678901234567890123', '28abcdefghijklmnop']) {
      expect(await h.client.pay(codePay(bad)), bad).toMatchObject({ outcome: 'F', resultCode: 'INVALID_PAYMENT_CODE' });
    }
    expect((await h.client.pay(codePay('3012345678901234'))).outcome).toBe('S');
    const used = freshCode();
    expect((await h.client.pay(codePay(used))).outcome).toBe('S');
    expect(await h.client.pay(codePay(used))).toMatchObject({ outcome: 'F', resultCode: 'INVALID_PAYMENT_CODE' });
  });

  it('default expiry is 3 minutes when the request omits it', async () => {
    const req = codePay(scenarioCode('22'));
    const raw = buildPayBody(req, Date.now());
    delete raw.paymentExpiryTime;
    const r = await h.client.call('pay', raw, z.looseObject({ result: z.looseObject({ resultCode: z.string() }), paymentId: z.string().optional() }));
    expect(r.outcome).toBe('U');
    const p = h.sim.core.findPayment({ paymentRequestId: req.paymentRequestId })!;
    expect(p.expiresAt - p.createdAt).toBe(180_000);
  });

  it('a cancelled payment stays cancelled when the wallet pays later, and a repeat pay says ORDER_IS_CANCELED', async () => {
    const req = codePay(scenarioCode('22'));
    await h.client.pay(req);
    expect((await h.client.cancel({ paymentRequestId: req.paymentRequestId })).outcome).toBe('S');
    expect(h.sim.wallet.confirm({ paymentRequestId: req.paymentRequestId })).toMatchObject({ ok: false });
    const q = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(q.outcome === 'S' && q.body.paymentStatus).toBe('CANCELLED');
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'F', resultCode: 'ORDER_IS_CANCELED' });
  });

  it('cancel after the business day → CANCEL_WINDOW_EXCEED', async () => {
    const r = await h.client.pay(orderCodePay());
    expect(r.outcome).toBe('S');
    h.sim.advanceTime(36 * 3_600_000);
    const c = await h.client.cancel({ paymentId: r.outcome === 'S' ? r.body.paymentId! : '' });
    h.sim.faults.setClockSkew(0);
    expect(c).toMatchObject({ outcome: 'F', resultCode: 'CANCEL_WINDOW_EXCEED' });
  });

  it('clock skew moves response-time', async () => {
    h.sim.faults.setClockSkew(-3_600_000);
    const r = await fetch(`${h.sim.url}/__sim/health`);
    const health = (await r.json()) as { now: number; clockSkewMs: number };
    h.sim.faults.setClockSkew(0);
    expect(health.clockSkewMs).toBe(-3_600_000);
    expect(Math.abs(health.now - (Date.now() - 3_600_000))).toBeLessThan(5_000);
  });

  it('a client id the simulator does not serve gets CLIENT_INVALID', async () => {
    const c = createAmsClient({ clientId: 'OTHER', merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url });
    expect(await c.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'rejected', resultCode: 'CLIENT_INVALID' });
    c.close();
  });
});

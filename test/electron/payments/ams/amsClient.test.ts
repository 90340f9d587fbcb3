import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAmsClient } from '../../../../electron/payments/ams/amsClient';
import { AmsNetworkError, AmsSignatureError, AmsTimeoutError } from '../../../../electron/payments/ams/amsErrors';
import { fromAmsAmount } from '../../../../electron/payments/ams/amsRequests';
import { normalisePaymentStatus } from '../../../../electron/payments/ams/amsWire';
import { generateAmsKeyPair, loadPrivateKey } from '../../../../electron/payments/ams/keys';
import { signMessage } from '../../../../electron/payments/ams/signature';
import { money } from '../../../../shared/domain/money';
import { newRefundRequestId } from '../../../../shared/domain/ids';
import { codePay, entryCodePay, freshCode, FULL_MERCHANT_INFO, orderCodePay, startHarness, type Harness } from '../../simulator/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ registrationDelayMs: 50 });
});
afterAll(async () => h.close());
beforeEach(() => h.sim.faults.clear());

describe('AMS client against the simulator over loopback', () => {
  it('pay (PaymentCode) → S with paymentId; inquiryPayment → SUCCESS', async () => {
    const req = codePay(freshCode(), 599);
    const r = await h.client.pay(req);
    expect(r.outcome).toBe('S');
    if (r.outcome !== 'S') return;
    expect(r.body.paymentRequestId).toBe(req.paymentRequestId);
    expect(fromAmsAmount(r.body.paymentAmount!)).toEqual(money(599, 'CNY'));
    expect(r.trace.httpStatus).toBe(200);
    const q = await h.client.inquiryPayment({ paymentId: r.body.paymentId! });
    expect(q.outcome).toBe('S');
    if (q.outcome === 'S') expect(normalisePaymentStatus(q.body.paymentStatus)).toBe('SUCCESS');
    const q2 = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(q2.outcome === 'S' && q2.body.paymentId).toBe(r.body.paymentId);
  });

  it('pay (OrderCode) → S with a QR code value; wallet pays it; inquiry → SUCCESS', async () => {
    const r = await h.client.pay(orderCodePay(1500));
    expect(r.outcome).toBe('S');
    if (r.outcome !== 'S') return;
    const code = r.body.orderCodeForm!.codeDetails[0]!.codeValue;
    const before = await h.client.inquiryPayment({ paymentId: r.body.paymentId! });
    expect(before.outcome === 'S' && before.body.paymentStatus).toBe('PROCESSING');
    expect(h.sim.wallet.payOrderCode(code).ok).toBe(true);
    const after = await h.client.inquiryPayment({ paymentId: r.body.paymentId! });
    expect(after.outcome === 'S' && after.body.paymentStatus).toBe('SUCCESS');
  });

  it('pay (EntryCode) → S with redirectUrl; the wallet page confirms over HTTP', async () => {
    const r = await h.client.pay(entryCodePay(800));
    expect(r.outcome).toBe('S');
    if (r.outcome !== 'S') return;
    const page = await fetch(r.body.redirectActionForm!.redirectUrl);
    expect(await page.text()).toContain('800 CNY');
    const confirm = await fetch(`${h.sim.url}/__sim/wallet/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentId: r.body.paymentId }) });
    expect(confirm.status).toBe(200);
    const q = await h.client.inquiryPayment({ paymentId: r.body.paymentId! });
    expect(q.outcome === 'S' && q.body.paymentStatus).toBe('SUCCESS');
  });

  it('cancel → S and the payment stays CANCELLED; cancel is repeatable', async () => {
    const r = await h.client.pay(codePay(freshCode()));
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    expect((await h.client.cancel({ paymentId })).outcome).toBe('S');
    expect((await h.client.cancel({ paymentId })).outcome).toBe('S');
    const q = await h.client.inquiryPayment({ paymentId });
    expect(q.outcome === 'S' && q.body.paymentStatus).toBe('CANCELLED');
    const none = await h.client.cancel({ paymentRequestId: 'nope' });
    expect(none.outcome === 'F' && none.resultCode).toBe('ORDER_NOT_EXIST');
  });

  it('refund: partial, multiple, idempotent, REFUND_AMOUNT_EXCEED, inquiryRefund', async () => {
    const r = await h.client.pay(codePay(freshCode(), 1000));
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    const first = { refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(300, 'CNY'), refundReason: 'damaged' };
    const a = await h.client.refund(first);
    expect(a.outcome).toBe('S');
    const again = await h.client.refund(first);
    expect(again.outcome === 'S' && a.outcome === 'S' && again.body.refundId === a.body.refundId).toBe(true);
    const inconsistent = await h.client.refund({ ...first, refundAmount: money(301, 'CNY') });
    expect(inconsistent.outcome === 'F' && inconsistent.resultCode).toBe('REPEAT_REQ_INCONSISTENT');
    expect((await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(700, 'CNY') })).outcome).toBe('S');
    const over = await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(1, 'CNY') });
    expect(over.outcome === 'F' && over.resultCode).toBe('REFUND_AMOUNT_EXCEED');
    const q = await h.client.inquiryRefund({ refundRequestId: first.refundRequestId });
    expect(q.outcome === 'S' && q.body.refundStatus).toBe('SUCCESS');
    const q2 = await h.client.inquiryRefund({ refundId: a.outcome === 'S' ? a.body.refundId! : '' });
    expect(q2.outcome).toBe('S');
  });

  it('registration → inquiryRegistrationStatus goes PROCESSING → APPROVED; inquiryRegistrationInfo', async () => {
    const reg = { registrationRequestId: 'REG1', registrationNotifyURL: 'http://127.0.0.1:9/reg', merchantInfo: { referenceMerchantId: 'M0001', ...FULL_MERCHANT_INFO } };
    expect((await h.client.registration(reg)).outcome).toBe('S');
    const s1 = await h.client.inquiryRegistrationStatus({ registrationRequestId: 'REG1' });
    expect(s1.outcome === 'S' && s1.body.registrationResult?.registrationStatus).toBe('PROCESSING');
    await new Promise((r) => setTimeout(r, 80));
    const s2 = await h.client.inquiryRegistrationStatus({ registrationRequestId: 'REG1' });
    expect(s2.outcome === 'S' && s2.body.registrationResult?.registrationStatus).toBe('APPROVED');
    const info = await h.client.inquiryRegistrationInfo({ referenceMerchantId: 'M0001' });
    expect(info.outcome === 'S' && info.body.productCodes).toEqual(['IN_STORE_PAYMENT']);
  });

  it('verified F carries the code; unknown ids give ORDER_NOT_EXIST', async () => {
    const q = await h.client.inquiryPayment({ paymentRequestId: 'never-sent' });
    expect(q).toMatchObject({ outcome: 'F', resultCode: 'ORDER_NOT_EXIST' });
  });
});

describe('anything unverifiable is U, never S', () => {
  it('bad response signature → U bad-signature (even though the payment succeeded)', async () => {
    h.sim.faults.add({ kind: 'bad-signature', times: 1 });
    const r = await h.client.pay(codePay(freshCode()));
    expect(r).toMatchObject({ outcome: 'U', reason: 'bad-signature', resultCode: 'SUCCESS', sent: true });
    if (r.outcome === 'U') expect(r.error).toBeInstanceOf(AmsSignatureError);
  });

  it('unsigned response → U unsigned', async () => {
    h.sim.faults.add({ kind: 'unsigned', times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'unsigned' });
  });

  it('truncated response → U network', async () => {
    h.sim.faults.add({ kind: 'truncate', times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'network', sent: true });
  });

  it('HTTP 5xx → U http-status; forced U → U result-U; drop → U network', async () => {
    h.sim.faults.add({ kind: 'http-5xx', status: 502, times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'http-status' });
    h.sim.faults.add({ kind: 'force-u', times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'result-U', resultCode: 'UNKNOWN_EXCEPTION' });
    h.sim.faults.add({ kind: 'drop-before', times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'network' });
  });

  it('drop-after processing → U, and inquiry then finds the payment SUCCESS', async () => {
    h.sim.faults.add({ kind: 'drop-after', api: 'pay', times: 1 });
    const req = codePay(freshCode());
    expect((await h.client.pay(req)).outcome).toBe('U');
    const q = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(q.outcome === 'S' && q.body.paymentStatus).toBe('SUCCESS');
  });

  it('latency beyond the read timeout → U timeout with AmsTimeoutError', async () => {
    h.sim.faults.add({ kind: 'latency', ms: 400, times: 1 });
    const r = await h.client.pay(codePay(freshCode()), { readTimeoutMs: 150 });
    expect(r).toMatchObject({ outcome: 'U', reason: 'timeout', sent: true });
    if (r.outcome === 'U') expect(r.error).toBeInstanceOf(AmsTimeoutError);
  });

  it('responses signed with the wrong key, or for another client id, are U', async () => {
    const other = createAmsClient({ clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: generateAmsKeyPair().publicKey, baseUrl: h.sim.url });
    expect(await other.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'bad-signature' });
    other.close();
  });

  it('connection refused → U network with sent=false', async () => {
    const srv = http.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const c = createAmsClient({ clientId: 'X', merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: `http://127.0.0.1:${port}` });
    const r = await c.inquiryPayment({ paymentRequestId: 'x' });
    expect(r).toMatchObject({ outcome: 'U', reason: 'network', sent: false });
    if (r.outcome === 'U') expect(r.error).toBeInstanceOf(AmsNetworkError);
    c.close();
  });

  it('a hand-made server: forged SUCCESS, non-JSON signed body, wrong shape → all U', async () => {
    const fake = generateAmsKeyPair();
    let mode: 'forged' | 'not-json' | 'no-result' | 'good' = 'forged';
    const srv = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const body = mode === 'not-json' ? '<html>ok</html>' : mode === 'no-result' ? '{"paymentId":"1"}' : '{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"ok"},"paymentStatus":"SUCCESS"}';
        const key = mode === 'forged' ? loadPrivateKey(fake.privateKey) : loadPrivateKey(alipayPrivate);
        const sig = signMessage({ path: req.url!, clientId: 'C1', time: '1', body, privateKey: key });
        res.writeHead(200, { 'client-id': 'C1', 'response-time': '1', signature: sig, 'content-type': 'application/json' });
        res.end(body);
      });
    });
    const alipay = generateAmsKeyPair();
    const alipayPrivate = alipay.privateKey;
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const c = createAmsClient({ clientId: 'C1', merchantPrivateKey: fake.privateKey, alipayPublicKey: alipay.publicKey, baseUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` });
    expect(await c.inquiryPayment({ paymentRequestId: 'x' })).toMatchObject({ outcome: 'U', reason: 'bad-signature', resultCode: 'SUCCESS' });
    mode = 'not-json';
    expect(await c.inquiryPayment({ paymentRequestId: 'x' })).toMatchObject({ outcome: 'U', reason: 'malformed' });
    mode = 'no-result';
    expect(await c.inquiryPayment({ paymentRequestId: 'x' })).toMatchObject({ outcome: 'U', reason: 'malformed' });
    mode = 'good';
    expect(await c.inquiryPayment({ paymentRequestId: 'x' })).toMatchObject({ outcome: 'S' });
    // An S pay(OrderCode) without orderCodeForm is not a usable success.
    expect(await c.pay(orderCodePay())).toMatchObject({ outcome: 'U', reason: 'malformed' });
    c.close();
    await new Promise<void>((r) => srv.close(() => r()));
  });

  it('an unsigned INVALID_SIGNATURE answer (wrong merchant key) is U `rejected` with the code: not processed, for the engine to resolve', async () => {
    const c = createAmsClient({ clientId: h.sim.clientId, merchantPrivateKey: generateAmsKeyPair().privateKey, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url });
    const req = codePay(freshCode());
    expect(await c.pay(req)).toMatchObject({ outcome: 'U', reason: 'rejected', resultCode: 'INVALID_SIGNATURE' });
    // The gateway really did not process it.
    expect(h.sim.core.findPayment({ paymentRequestId: req.paymentRequestId })).toBeUndefined();
    c.close();
  });

  it('an unsigned answer that is not a request-level rejection stays plain `unsigned` (truly unknown)', async () => {
    h.sim.faults.add({ kind: 'unsigned', api: 'pay', times: 1 });
    expect(await h.client.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'unsigned', resultCode: 'SUCCESS' });
  });

  it('sandbox path prefix is signed and accepted', async () => {
    const c = createAmsClient({ clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url, pathPrefix: '/ams/sandbox/api' });
    const r = await c.pay(codePay(freshCode()));
    expect(r.outcome).toBe('S');
    expect(r.trace.path).toBe('/ams/sandbox/api/v1/payments/pay');
    c.close();
  });
});

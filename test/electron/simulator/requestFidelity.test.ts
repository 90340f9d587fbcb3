/**
 * Request fields as Alipay takes them (issue 11 item 6, AMS.md §10): the simulator accepts the
 * integer amounts the official SDKs' in-store examples send, refuses a stale request-time and a
 * settlement currency without a contract; our client sends what config says (settlement currency,
 * key version or none, Agent-Token), checked on the wire to the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAmsClient } from '../../../electron/payments/ams/amsClient';
import { buildPayBody } from '../../../electron/payments/ams/amsRequests';
import { envelopeSchema } from '../../../electron/payments/ams/amsWire';
import { createHttpTransport, type AmsTransport, type TransportRequest } from '../../../electron/payments/ams/httpTransport';
import { loadPrivateKey } from '../../../electron/payments/ams/keys';
import { lookupResultCode } from '../../../electron/payments/ams/resultCodes';
import { parseSignatureHeader, signMessage } from '../../../electron/payments/ams/signature';
import { REQUEST_TIME_WINDOW_MS } from '../../../electron/simulator/requestSchemas';
import { codePay, freshCode, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const path = '/ams/api/v1/payments/pay';

/** One signed pay, with the request-time and body we choose. */
async function signedPay(body: unknown, time: string): Promise<{ resultStatus: string; resultCode: string; resultMessage: string }> {
  const raw = JSON.stringify(body);
  const sig = signMessage({ path, clientId: h.sim.clientId, time, body: raw, privateKey: loadPrivateKey(h.sim.merchantPrivateKey!) });
  const res = await fetch(h.sim.url + path, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'client-id': h.sim.clientId, 'request-time': time, signature: sig } });
  return ((await res.json()) as { result: { resultStatus: string; resultCode: string; resultMessage: string } }).result;
}

describe('what the simulator accepts and refuses, as Alipay', () => {
  it('paymentAmount.value as a JSON integer (the SDKs’ own in-store examples) is accepted and recorded as the same amount', async () => {
    const b = buildPayBody(codePay(freshCode(), 1231), Date.now());
    (b.paymentAmount as Record<string, unknown>).value = 1231;
    (b.order as Record<string, Record<string, unknown>>).orderAmount!.value = 1231;
    expect(await signedPay(b, String(Date.now()))).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
    const p = h.sim.core.findPayment({ paymentRequestId: b.paymentRequestId as string, clientId: h.sim.clientId })!;
    expect(p.amount).toEqual({ currency: 'CNY', value: '1231' });
    // Our client keeps sending the documented string form.
    expect(buildPayBody(codePay(freshCode(), 1231), Date.now()).paymentAmount).toEqual({ currency: 'CNY', value: '1231' });
  });

  it('a request-time further than the window from the gateway clock is refused (both directions); inside it is fine', async () => {
    for (const off of [-REQUEST_TIME_WINDOW_MS - 5_000, REQUEST_TIME_WINDOW_MS + 5_000]) {
      const r = await signedPay(buildPayBody(codePay(freshCode()), Date.now()), String(Date.now() + off));
      expect(r).toMatchObject({ resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' });
      expect(r.resultMessage).toMatch(/request-time is \d+ s (behind|ahead of) the gateway clock/);
    }
    expect(await signedPay(buildPayBody(codePay(freshCode()), Date.now()), String(Date.now() - 60_000))).toMatchObject({ resultStatus: 'S' });
  });

  it('a terminal whose clock is 10 minutes slow gets a clear F from pay, not a payment', async () => {
    const slow = createAmsClient({
      clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url,
      clock: { now: () => Date.now() - 10 * 60_000, setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout) },
    });
    const r = await slow.pay(codePay(freshCode()));
    slow.close();
    expect(r).toMatchObject({ outcome: 'F', resultCode: 'PARAM_ILLEGAL' });
  });

  it('a settlement currency without a contract → F SETTLE_CONTRACT_NOT_MATCH (alert, not retried); a contracted one is fine', async () => {
    const refused = await h.client.pay(codePay(freshCode(), 500, { settlementCurrency: 'TWD' }));
    expect(refused).toMatchObject({ outcome: 'F', resultCode: 'SETTLE_CONTRACT_NOT_MATCH' });
    expect(lookupResultCode('SETTLE_CONTRACT_NOT_MATCH', { api: 'pay', scenario: 'PaymentCode' })).toMatchObject({ status: 'F', action: 'alert-operator' });
    expect(await h.client.pay(codePay(freshCode(), 500, { settlementCurrency: 'USD' }))).toMatchObject({ outcome: 'S' });
  });

  it('missing required fields stay PARAM_ILLEGAL (order.orderDescription, order.merchant, paymentFactor)', async () => {
    for (const drop of [['order', 'orderDescription'], ['order', 'merchant'], ['paymentFactor']] as const) {
      const b = buildPayBody(codePay(freshCode()), Date.now());
      if (drop.length === 1) delete b[drop[0]];
      else delete (b[drop[0]] as Record<string, unknown>)[drop[1]];
      const r = await h.client.call('pay', b, envelopeSchema);
      expect(r).toMatchObject({ outcome: 'F', resultCode: 'PARAM_ILLEGAL' });
    }
  });
});

describe('what our client puts on the wire to the simulator', () => {
  /** The real HTTP transport to the simulator, recording what leaves. */
  function recording(): { transport: AmsTransport; sent: TransportRequest[]; close(): void } {
    const real = createHttpTransport();
    const sent: TransportRequest[] = [];
    return { transport: (req) => (sent.push(req), real(req)), sent, close: () => real.close() };
  }

  it('no keyVersion by default (Alipay then uses the latest key); the configured one when set; Agent-Token only when configured', async () => {
    const rec = recording();
    const base = { clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url, transport: rec.transport };
    const plain = createAmsClient(base);
    expect(await plain.pay(codePay(freshCode()))).toMatchObject({ outcome: 'S' });
    const isv = createAmsClient({ ...base, keyVersion: '3', agentToken: 'AGENT-TOKEN-123' });
    expect(await isv.pay(codePay(freshCode()))).toMatchObject({ outcome: 'S' });
    rec.close();
    const [a, b] = rec.sent;
    expect(parseSignatureHeader(a!.headers.signature)!.keyVersion).toBeUndefined();
    expect(a!.headers.signature).not.toContain('keyVersion');
    expect(a!.headers['agent-token']).toBeUndefined();
    expect(parseSignatureHeader(b!.headers.signature)!.keyVersion).toBe('3');
    expect(b!.headers['agent-token']).toBe('AGENT-TOKEN-123');
  });
});

describe('registration as Alipay onboards a secondary merchant', () => {
  const base = (id: string) => ({ registrationRequestId: id, registrationNotifyURL: 'http://127.0.0.1:9/reg', productCodes: ['IN_STORE_PAYMENT'] });
  it('refuses a registration without the legal entity, address, MCC or a store address; an http logo; accepts the complete one', async () => {
    const { FULL_MERCHANT_INFO } = await import('./harness');
    const full = { referenceMerchantId: 'M-REG', ...FULL_MERCHANT_INFO };
    const store = { referenceStoreId: 'S-REG', storeName: 'Shop 1', storeMCC: '5411', storeAddress: { region: 'CN', city: 'Shanghai', address1: '1 Test Road' } };
    const { registrationDetail, merchantAddress, merchantMCC, ...noKyb } = full;
    void registrationDetail; void merchantAddress; void merchantMCC;
    const refused: Array<[string, Record<string, unknown>, RegExp]> = [
      ['only the id (what we used to send)', { merchantInfo: { referenceMerchantId: 'M-REG', merchantDisplayName: 'X', merchantMCC: '5411' } }, /merchantInfo\.registrationDetail/],
      ['no legal name', { merchantInfo: { ...full, registrationDetail: { ...full.registrationDetail, legalName: undefined } } }, /legalName/],
      ['no MCC', { merchantInfo: { ...noKyb, registrationDetail: full.registrationDetail, merchantAddress: full.merchantAddress } }, /merchantMCC/],
      ['store without address', { merchantInfo: full, storeInfo: { ...store, storeAddress: undefined } }, /storeInfo\.storeAddress/],
      ['http logo', { merchantInfo: { ...full, logo: { logoName: 'x', logoUrl: 'http://shop.example/logo.png' } } }, /logo\.logoUrl: an https URL/],
    ];
    for (const [name, extra, why] of refused) {
      const r = await h.client.registration({ ...base(`REG-${name.length}-${Date.now()}`), ...(extra as { merchantInfo: { referenceMerchantId: string } }) });
      expect(r, name).toMatchObject({ outcome: 'F', resultCode: 'PARAM_ILLEGAL' });
      expect(r.outcome === 'F' ? r.resultMessage : '', name).toMatch(why);
    }
    const ok = await h.client.registration({ ...base(`REG-OK-${Date.now()}`), merchantInfo: { ...full, websites: [{ url: 'https://shop.example' }], logo: { logoName: 'Shop', logoUrl: 'https://shop.example/logo.png' } }, storeInfo: store });
    expect(ok).toMatchObject({ outcome: 'S' });
  });
});

/**
 * The independent check: Alipay's own Node SDK (`alipay-sdk`, dev dependency) against our 当面付
 * simulator and our client. Its exec() signs requests our simulator must accept and verifies our
 * simulator's answers (validateSign); its checkNotifySignV2 verifies our requests' signatures and the
 * notifications our simulator sends. The two sides are then not only tested against each other.
 */
import crypto from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCnClient } from '../../../../electron/payments/cn/cnClient';
import { CN_METHODS, tradePaySchema } from '../../../../electron/payments/cn/cnSchemas';
import { signNotification } from '../../../../electron/simulator/cn/cnNotifier';
import { cnScenarioCode } from '../../../../electron/simulator/cn/cnScenarios';
import { startCnSimulator, type RunningCnSimulator } from '../../../../electron/simulator/cn/startCnSimulator';

let sim: RunningCnSimulator;
let sdk: AlipaySdk;
const savedTz = process.env.TZ;

beforeAll(async () => {
  // The SDK stamps `timestamp` in the machine's local time; the gateway expects Beijing time.
  process.env.TZ = 'Asia/Shanghai';
  sim = await startCnSimulator();
  sdk = new AlipaySdk({ appId: sim.appId, privateKey: sim.merchantPrivateKey!, keyType: 'PKCS8', alipayPublicKey: sim.alipayPublicKey, gateway: sim.url, timeout: 5_000 });
});
afterAll(async () => {
  process.env.TZ = savedTz;
  await sim.stop();
});

let seq = 0;
const out = (): string => `SDK${Date.now()}${++seq}`;

describe('alipay-sdk (Alipay’s Node SDK) as an oracle', () => {
  it('its exec() is accepted by our simulator and verifies every answer our simulator signs', async () => {
    const outTradeNo = out();
    const paid = await sdk.exec('alipay.trade.pay', {
      bizContent: { out_trade_no: outTradeNo, scene: 'bar_code', auth_code: `28${String(Date.now()).slice(-10)}123456`, total_amount: '12.34', subject: 'sdk', product_code: 'FACE_TO_FACE_PAYMENT', timeout_express: '3m' },
    }, { validateSign: true });
    expect(paid).toMatchObject({ code: '10000', outTradeNo, totalAmount: '12.34' });
    const q = await sdk.exec('alipay.trade.query', { bizContent: { out_trade_no: outTradeNo } }, { validateSign: true });
    expect(q).toMatchObject({ code: '10000', tradeStatus: 'TRADE_SUCCESS' });
    const r = await sdk.exec('alipay.trade.refund', { bizContent: { out_trade_no: outTradeNo, refund_amount: '2.00', out_request_no: 'R1' } }, { validateSign: true });
    expect(r).toMatchObject({ code: '10000', fundChange: 'Y' });
    const rq = await sdk.exec('alipay.trade.fastpay.refund.query', { bizContent: { out_trade_no: outTradeNo, out_request_no: 'R1' } }, { validateSign: true });
    expect(rq).toMatchObject({ code: '10000', refundAmount: '2.00', refundStatus: 'REFUND_SUCCESS' });
    const refused = await sdk.exec('alipay.trade.pay', {
      bizContent: { out_trade_no: out(), scene: 'bar_code', auth_code: cnScenarioCode('01'), total_amount: '1.00', subject: 'sdk', timeout_express: '3m' },
    }, { validateSign: true });
    expect(refused).toMatchObject({ code: '40004', subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' });
    const waiting = await sdk.exec('alipay.trade.pay', {
      bizContent: { out_trade_no: out(), scene: 'bar_code', auth_code: cnScenarioCode('22'), total_amount: '1.00', subject: 'sdk', timeout_express: '3m' },
    }, { validateSign: true });
    expect(waiting).toMatchObject({ code: '10003' });
    expect(sim.calls.filter((c) => !c.verified)).toEqual([]);
  });

  it('refuses what our simulator forges: a bad signature fails the SDK’s own verification', async () => {
    sim.addFault({ kind: 'bad-signature', times: 1 });
    await expect(sdk.exec('alipay.trade.query', { bizContent: { out_trade_no: 'x' } }, { validateSign: true })).rejects.toThrow(/验签失败/);
  });

  it('a request signed with another key is answered isv.invalid-signature (the SDK reads it as Alipay would send it)', async () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const bad = new AlipaySdk({ appId: sim.appId, privateKey: other, keyType: 'PKCS8', alipayPublicKey: sim.alipayPublicKey, gateway: sim.url });
    const r = await bad.exec('alipay.trade.query', { bizContent: { out_trade_no: 'x' } });
    expect(r).toMatchObject({ code: '40002', subCode: 'isv.invalid-signature' });
  });

  it('verifies our client’s request signatures (checkNotifySignV2 over our signed parameters)', async () => {
    const appKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = createCnClient({ appId: sim.appId, appPrivateKey: appKeys.privateKey, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url, appAuthToken: '202601BB' });
    const verifier = new AlipaySdk({ appId: sim.appId, privateKey: sim.merchantPrivateKey!, keyType: 'PKCS8', alipayPublicKey: appKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') });
    const params = client.signedParams(CN_METHODS.pay, { out_trade_no: 'A1', subject: '中文 & =符号', total_amount: '0.01' }, { notifyUrl: 'https://pos.example/alipay/cn/notify?x=1' });
    expect(verifier.checkNotifySignV2(params)).toBe(true);
    expect(verifier.checkNotifySignV2({ ...params, biz_content: params.biz_content!.replace('0.01', '0.02') })).toBe(false);
    client.close();
  });

  it('our client and the SDK agree on the same simulator answers', async () => {
    const client = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url });
    const o = await client.call(CN_METHODS.pay, { out_trade_no: out(), scene: 'bar_code', auth_code: `28${String(Date.now()).slice(-10)}654321`, total_amount: '3.21', subject: 'x', timeout_express: '3m' }, tradePaySchema);
    expect(o.outcome).toBe('S');
    client.close();
  });

  it('verifies the notifications our simulator sends, and refuses a tampered one', async () => {
    const fields = { notify_id: 'n1', app_id: sim.appId, out_trade_no: 'A1', trade_no: '2026', trade_status: 'TRADE_SUCCESS', total_amount: '12.34', subject: '中文 商品', notify_time: '2026-01-15 10:00:00' };
    const key = (sim as unknown as { internals: { alipayKey: crypto.KeyObject } }).internals.alipayKey;
    const signed = signNotification(fields, key);
    expect(sdk.checkNotifySignV2(signed)).toBe(true);
    expect(sdk.checkNotifySignV2({ ...signed, total_amount: '0.01' })).toBe(false);
  });
});

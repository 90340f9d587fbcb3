/** The open-platform client against the 当面付 simulator over loopback HTTP: every outcome class. */
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCnClient, type CnClient } from '../../../../electron/payments/cn/cnClient';
import { certSnOfPem, rootCertSnOfPem } from '../../../../electron/payments/cn/cnKeys';
import { CN_METHODS, tradePaySchema, tradeQuerySchema } from '../../../../electron/payments/cn/cnSchemas';
import { cnScenarioCode } from '../../../../electron/simulator/cn/cnScenarios';
import { startCnSimulator, type RunningCnSimulator } from '../../../../electron/simulator/cn/startCnSimulator';
import { makeCnCerts } from '../../../helpers/cnCerts';

let sim: RunningCnSimulator | null = null;
let client: CnClient | null = null;
afterEach(async () => {
  client?.close();
  await sim?.stop();
  sim = null;
  client = null;
});

let seq = 0;
const outNo = (): string => `T${Date.now()}${++seq}`;
const freshCode = (): string => `28${String(Date.now()).slice(-10)}${String(++seq).padStart(6, '0')}`;

async function world(): Promise<{ sim: RunningCnSimulator; client: CnClient }> {
  sim = await startCnSimulator();
  client = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url, readTimeoutMs: 2_000 });
  return { sim, client };
}

const payBiz = (code: string, yuan = '12.34', out = outNo()) => ({ out_trade_no: out, scene: 'bar_code', auth_code: code, total_amount: yuan, subject: 'test', product_code: 'FACE_TO_FACE_PAYMENT', store_id: 'S0001', terminal_id: 'T01', timeout_express: '3m' });

describe('当面付 client ↔ simulator', () => {
  it('S for a paid bar-code payment, verified over the raw response text; the request carries every common parameter', async () => {
    const { client, sim } = await world();
    const o = await client.call(CN_METHODS.pay, payBiz(freshCode()), tradePaySchema, { notifyUrl: 'http://127.0.0.1:1/notify' });
    expect(o.outcome).toBe('S');
    if (o.outcome !== 'S') return;
    expect(o.body.total_amount).toBe('12.34');
    expect(o.body.trade_no).toMatch(/^\d{20,}/);
    expect(o.trace).toMatchObject({ api: 'alipay.trade.pay', path: '/gateway.do', httpStatus: 200 });
    const p = client.signedParams(CN_METHODS.query, { out_trade_no: 'x' });
    expect(Object.keys(p).sort()).toEqual(['app_id', 'biz_content', 'charset', 'format', 'method', 'sign', 'sign_type', 'timestamp', 'version']);
    expect(p).toMatchObject({ charset: 'utf-8', sign_type: 'RSA2', version: '1.0', format: 'JSON' });
    expect(p.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(sim.calls.at(-1)).toMatchObject({ method: 'alipay.trade.pay', verified: true });
  });

  it('F with the sub_code for a business refusal; U for 10003, ACQ.SYSTEM_ERROR and 20000', async () => {
    const { client } = await world();
    const f = await client.call(CN_METHODS.pay, payBiz(cnScenarioCode('01')), tradePaySchema);
    expect(f).toMatchObject({ outcome: 'F', code: '40004', subCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' });
    const w = await client.call(CN_METHODS.pay, payBiz(cnScenarioCode('22')), tradePaySchema);
    expect(w).toMatchObject({ outcome: 'U', reason: 'waiting', code: '10003' });
    const e = await client.call(CN_METHODS.pay, payBiz(cnScenarioCode('11')), tradePaySchema);
    expect(e).toMatchObject({ outcome: 'U', reason: 'result-unknown', code: 'ACQ.SYSTEM_ERROR' });
    const u = await client.call(CN_METHODS.pay, payBiz(cnScenarioCode('12')), tradePaySchema);
    expect(u).toMatchObject({ outcome: 'U', reason: 'result-unknown', code: 'isp.unknow-error' });
  });

  it('a payment code is single use; an out_trade_no reused for other fields is ACQ.CONTEXT_INCONSISTENT', async () => {
    const { client } = await world();
    const code = freshCode();
    expect((await client.call(CN_METHODS.pay, payBiz(code), tradePaySchema)).outcome).toBe('S');
    expect(await client.call(CN_METHODS.pay, payBiz(code), tradePaySchema)).toMatchObject({ outcome: 'F', subCode: 'ACQ.PAYMENT_AUTH_CODE_INVALID' });
    const out = outNo();
    expect((await client.call(CN_METHODS.pay, payBiz(freshCode(), '1.00', out), tradePaySchema)).outcome).toBe('S');
    expect(await client.call(CN_METHODS.pay, payBiz(freshCode(), '2.00', out), tradePaySchema)).toMatchObject({ outcome: 'F', subCode: 'ACQ.CONTEXT_INCONSISTENT' });
  });

  it('refuses amounts with 3 decimals or above the limit before a trade exists', async () => {
    const { client } = await world();
    for (const yuan of ['1.234', '100000000.01', '0.00', '-1']) {
      expect(await client.call(CN_METHODS.pay, payBiz(freshCode(), yuan), tradePaySchema), yuan).toMatchObject({ outcome: 'F', subCode: 'ACQ.INVALID_PARAMETER' });
    }
  });

  it('wrong app key: the gateway answers isv.invalid-signature unsigned, which is U with the code (never F)', async () => {
    const { sim } = await world();
    const wrong = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    client = createCnClient({ appId: sim.appId, appPrivateKey: wrong, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url });
    const o = await client.call(CN_METHODS.pay, payBiz(freshCode()), tradePaySchema);
    expect(o).toMatchObject({ outcome: 'U', reason: 'unsigned', code: 'isv.invalid-signature' });
    expect(sim.trades.size).toBe(0);
  });

  it('forged, unsigned, truncated, 5xx and dropped answers are all U; a wrong Alipay key makes every answer U', async () => {
    const { client, sim } = await world();
    const cases: Array<[Parameters<RunningCnSimulator['addFault']>[0], string]> = [
      [{ kind: 'bad-signature', times: 1 }, 'bad-signature'],
      [{ kind: 'unsigned', times: 1 }, 'unsigned'],
      [{ kind: 'truncate', times: 1 }, 'malformed'],
      [{ kind: 'http-5xx', times: 1, status: 502 }, 'http-status'],
      [{ kind: 'drop-after', times: 1 }, 'network'],
    ];
    for (const [fault, reason] of cases) {
      sim.addFault(fault);
      const o = await client.call(CN_METHODS.query, { out_trade_no: 'nothing' }, tradeQuerySchema);
      expect(o, fault.kind).toMatchObject({ outcome: 'U', reason });
    }
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const c2 = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: other, gatewayUrl: sim.url });
    const o = await c2.call(CN_METHODS.pay, payBiz(freshCode()), tradePaySchema);
    expect(o).toMatchObject({ outcome: 'U', reason: 'bad-signature' });
    c2.close();
  });

  it('a gateway that is not there: U network, provably not sent', async () => {
    const w = await world();
    const url = w.sim.url;
    await w.sim.stop();
    sim = null;
    const c = createCnClient({ appId: 'x', appPrivateKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, alipayPublicKey: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, gatewayUrl: url, connectTimeoutMs: 500 });
    const o = await c.call(CN_METHODS.query, { out_trade_no: 'x' }, tradeQuerySchema);
    expect(o).toMatchObject({ outcome: 'U', reason: 'network', sent: false });
    c.close();
  });

  it('certificate mode: app_cert_sn and alipay_root_cert_sn sent, answers carry alipay_cert_sn and verify with the certificate', async () => {
    const certs = makeCnCerts();
    sim = await startCnSimulator({ certificates: { alipayCertPem: certs.alipayCertPem, alipayKeyPem: certs.alipayKeyPem, alipayRootCertPem: certs.rootCertPem, appCertPem: certs.appCertPem } });
    client = createCnClient({
      appId: sim.appId, appPrivateKey: certs.appKeyPem, gatewayUrl: sim.url,
      certificates: { appCertPem: certs.appCertPem, alipayCertPem: certs.alipayCertPem, alipayRootCertPem: certs.rootCertPem },
    });
    const p = client.signedParams(CN_METHODS.query, {});
    expect(p.app_cert_sn).toBe(certSnOfPem(certs.appCertPem));
    expect(p.alipay_root_cert_sn).toBe(rootCertSnOfPem(certs.rootCertPem));
    expect((await client.call(CN_METHODS.pay, payBiz(freshCode()), tradePaySchema)).outcome).toBe('S');
    // Holding another Alipay certificate than the one that signed: never believed.
    const other = makeCnCerts();
    const c2 = createCnClient({ appId: sim.appId, appPrivateKey: certs.appKeyPem, gatewayUrl: sim.url, certificates: { appCertPem: certs.appCertPem, alipayCertPem: other.alipayCertPem, alipayRootCertPem: certs.rootCertPem } });
    expect(await c2.call(CN_METHODS.query, { out_trade_no: 'x' }, tradeQuerySchema)).toMatchObject({ outcome: 'U', reason: 'bad-signature' });
    c2.close();
  });
});

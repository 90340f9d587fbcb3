/**
 * AMS bench: (1) client overhead per call — serialize + sign + send + verify over loopback against a
 * server that answers a pre-signed response — compared with raw RSA sign+verify of the same bytes;
 * (2) simulator throughput for pay+inquiry with 50 concurrent clients, the simulator running as
 * its own process (`npm run simulator`), compared with the RSA sign+verify ceiling of one core
 * (each request costs the simulator one verify and one sign).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { AddressInfo } from 'node:net';
import { createAmsClient } from '../../electron/payments/ams/amsClient';
import { buildPayBody } from '../../electron/payments/ams/amsRequests';
import { generateAmsKeyPair, loadPrivateKey, loadPublicKey } from '../../electron/payments/ams/keys';
import { signedContent, signMessage } from '../../electron/payments/ams/signature';
import { money } from '../../shared/domain/money';
import { newPaymentRequestId } from '../../shared/domain/ids';
import { percentile, median, type BenchRow, type BenchSuite } from './benchTypes';

const MERCHANT = { referenceMerchantId: 'M1', merchantName: 'Bench', store: { referenceStoreId: 'S1', storeName: 'Bench' } };
let codeSeq = 0;
const payReq = () => ({
  scenario: 'PaymentCode' as const, paymentRequestId: newPaymentRequestId(), amount: money(1234, 'CNY'), orderDescription: 'bench', merchant: MERCHANT,
  paymentNotifyUrl: 'http://127.0.0.1:9/notify', paymentExpiryTime: Date.now() + 180_000,
  paymentCode: `28${String(process.pid).padStart(6, '0')}${String(++codeSeq).padStart(10, '0')}`, storeTerminalId: 'T1',
});

function rawCryptoUs(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject, content: Buffer, n: number): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    const sig = crypto.sign('sha256', content, privateKey);
    crypto.verify('sha256', content, publicKey, sig);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return median(times);
}

async function clientOverhead(): Promise<BenchRow[]> {
  const merchant = generateAmsKeyPair();
  const alipay = generateAmsKeyPair();
  const resBody = Buffer.from(JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' }, paymentId: '2024SIM1', paymentRequestId: 'P1', paymentAmount: { currency: 'CNY', value: '1234' } }));
  const reqPath = '/ams/api/v1/payments/pay';
  const sig = signMessage({ path: reqPath, clientId: 'BENCH', time: '1700000000000', body: resBody, privateKey: loadPrivateKey(alipay.privateKey) });
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'client-id': 'BENCH', 'response-time': '1700000000000', signature: sig, 'content-length': String(resBody.length) });
      res.end(resBody);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const client = createAmsClient({ clientId: 'BENCH', merchantPrivateKey: merchant.privateKey, alipayPublicKey: alipay.publicKey, baseUrl: `http://127.0.0.1:${(srv.address() as AddressInfo).port}` });
  const N = 400;
  for (let i = 0; i < 30; i++) await client.pay(payReq()); // warm up sockets and JIT
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    const r = await client.pay(payReq());
    times.push(Number(process.hrtime.bigint() - t) / 1000);
    if (r.outcome !== 'S') throw new Error(`bench call failed: ${JSON.stringify(r)}`);
  }
  client.close();
  await new Promise<void>((r) => srv.close(() => r()));
  // The same bytes the client signs and verifies: a pay request body and that response.
  const content = signedContent('POST', reqPath, 'BENCH', String(Date.now()), JSON.stringify(buildPayBody(payReq(), Date.now())));
  const raw = rawCryptoUs(loadPrivateKey(merchant.privateKey), loadPublicKey(merchant.publicKey), content, N);
  return [{ name: 'client call on loopback (median)', value: median(times), unit: 'µs', baseline: { name: 'raw RSA-2048 sign+verify', value: raw }, note: 'serialize+sign+HTTP+verify+zod; server answers pre-signed' }];
}

async function simulatorThroughput(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ams-bench-'));
  const merchant = generateAmsKeyPair();
  const keyFile = path.join(dir, 'merchant.pub');
  fs.writeFileSync(keyFile, merchant.publicKey);
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/simulator/cli.ts', '--port', '0', '--merchant-public-key', keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const info = JSON.parse(await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (c) => reject(new Error(`simulator exited ${c}`)));
    })) as { url: string; clientId: string; alipayPublicKey: string };
    const CLIENTS = 50;
    const PAIRS_PER_CLIENT = 16;
    const clients = Array.from({ length: CLIENTS }, () => createAmsClient({ clientId: info.clientId, merchantPrivateKey: merchant.privateKey, alipayPublicKey: info.alipayPublicKey, baseUrl: info.url, readTimeoutMs: 30_000 }));
    const latencies: number[] = [];
    let failures = 0;
    const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
      const t = process.hrtime.bigint();
      const r = await fn();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      return r;
    };
    // Warm-up round, not measured.
    await Promise.all(clients.map((c) => c.pay(payReq())));
    latencies.length = 0;
    const start = process.hrtime.bigint();
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < PAIRS_PER_CLIENT; i++) {
        const req = payReq();
        const p = await timed(() => c.pay(req));
        const q = await timed(() => c.inquiryPayment({ paymentRequestId: req.paymentRequestId }));
        if (p.outcome !== 'S' || q.outcome !== 'S') failures++;
      }
    }));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    for (const c of clients) c.close();
    if (failures > 0) throw new Error(`${failures} pay+inquiry pairs did not succeed`);
    const sorted = [...latencies].sort((a, b) => a - b);
    const k = loadPrivateKey(merchant.privateKey);
    const ceiling = 1e6 / rawCryptoUs(k, loadPublicKey(merchant.publicKey), signedContent('POST', '/p', 'c', '1', '{"result":{}}'), 300);
    return [
      { name: `simulator pay+inquiry, ${CLIENTS} concurrent clients`, value: latencies.length / seconds, unit: 'req/s', baseline: { name: 'one-core RSA sign+verify ceiling', value: ceiling }, note: `${latencies.length} requests, simulator in its own process` },
      { name: 'simulator p99 latency under that load', value: percentile(sorted, 99), unit: 'ms', note: `p50 ${percentile(sorted, 50).toFixed(1)} ms` },
    ];
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'ams',
  async run() {
    return [...(await clientOverhead()), ...(await simulatorThroughput())];
  },
};
export default suite;

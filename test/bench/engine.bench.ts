/**
 * Payment engine figures, against the in-process simulator on loopback, real clock, real SQLite:
 * (a) a whole user-presented payment through the engine vs the bare minimum a durable design needs
 *     (one pay call + two durable commits), measured interleaved in the same run;
 * (b) time from the simulator marking a waiting payment paid to the engine reporting success, over
 *     200 concurrent payments confirmed at random moments, polling only vs with notifications;
 * (c) inquiry calls per payment in each of those runs (and for instant successes).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { openJournal } from '../../electron/journal/openJournal';
import { createAmsClient, type AmsClient } from '../../electron/payments/ams/amsClient';
import { createAmsAcquirer } from '../../electron/payments/ams/amsAcquirer';
import { createPaymentsRuntime, type PaymentsRuntime } from '../../electron/payments/runner/paymentsRuntime';
import { startSimulator, scenarioAmount, type RunningSimulator } from '../../electron/simulator';
import { systemClock } from '../../shared/domain/clock';
import { money } from '../../shared/domain/money';
import { median, percentile, type BenchRow, type BenchSuite } from './benchTypes';

const MERCHANT = { referenceMerchantId: 'M0001', merchantName: 'Bench Merchant', merchantMCC: '5411', store: { referenceStoreId: 'S0001', storeName: 'Bench Store', storeMCC: '5411' } };
let seq = 0;
const freshCode = (): string => `28${String(process.pid % 1e5).padStart(5, '0')}${String(Date.now() % 1e5).padStart(5, '0')}${String(++seq).padStart(6, '0')}`;

interface Rig {
  sim: RunningSimulator;
  client: AmsClient;
  runtime: PaymentsRuntime;
  inquiries: () => number;
  succeededAt: Map<string, number>;
  close(): Promise<void>;
}

async function rig(dir: string, name: string, sim: RunningSimulator, notifications: boolean): Promise<Rig> {
  let inquiries = 0;
  const base = createAmsClient({ clientId: sim.clientId, merchantPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, baseUrl: sim.url });
  const client: AmsClient = { ...base, inquiryPayment: (r, o) => ((inquiries += 1), base.inquiryPayment(r, o)) };
  const succeededAt = new Map<string, number>();
  const db = openJournal(path.join(dir, `${name}.sqlite`));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!notifications) return void res.writeHead(503).end();
      void runtime.handleNotification({ path: '/alipay/notify', headers: req.headers, body: Buffer.concat(chunks) }).then((r) => res.writeHead(r.status).end(r.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alipay/notify`;
  const runtime: PaymentsRuntime = createPaymentsRuntime({
    db, clock: systemClock, gateway: createAmsAcquirer(client),
    payContext: () => ({ merchant: MERCHANT, paymentNotifyUrl: notifyUrl, storeTerminalId: 'T01', orderDescription: 'bench' }),
    alipayPublicKey: sim.alipayPublicKey, clientId: sim.clientId,
    onStateChanged: (p) => {
      if (p.attempt?.status === 'succeeded' && !succeededAt.has(p.attempt.paymentRequestId)) succeededAt.set(p.attempt.paymentRequestId, performance.now());
    },
  });
  await runtime.start();
  return {
    sim, client, runtime, succeededAt, inquiries: () => inquiries,
    async close() {
      runtime.stop();
      await runtime.idle();
      db.close();
      base.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** (a) one payment through the engine vs pay + two durable commits, interleaved. */
async function overhead(dir: string, sim: RunningSimulator): Promise<BenchRow[]> {
  const r = await rig(dir, 'overhead', sim, true);
  const raw = openJournal(path.join(dir, 'baseline.sqlite'));
  raw.exec('CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, state TEXT NOT NULL)');
  const ins = raw.prepare('INSERT INTO t (id, state) VALUES (?, ?)');
  const upd = raw.prepare('UPDATE t SET state = ? WHERE id = ?');
  const engineMs: number[] = [];
  const baseMs: number[] = [];
  const N = 120;
  const inquiriesBefore = r.inquiries();
  for (let i = 0; i < N + 10; i++) {
    // Engine: write-ahead commit, pay, result commit (the sale is made beforehand, as at the till).
    const saleId = r.runtime.createSale(money(1_000 + (i % 50), 'CNY')).saleId;
    const t0 = performance.now();
    const a = r.runtime.startWithCode(saleId, freshCode());
    const final = await r.runtime.engine.waitFinal(a.paymentRequestId);
    const t1 = performance.now();
    if (final.status !== 'succeeded') throw new Error(`bench payment ${final.status}`);
    // Baseline: the same pay request with nothing around it but two durable commits.
    const id = `B${i}-${Date.now()}`;
    const t2 = performance.now();
    raw.transaction(() => ins.run(id, 'created'))();
    const out = await r.client.pay({ scenario: 'PaymentCode', paymentRequestId: id, amount: money(1_000 + (i % 50), 'CNY'), orderDescription: 'bench', merchant: MERCHANT, paymentNotifyUrl: 'http://127.0.0.1:9/x', paymentExpiryTime: Date.now() + 180_000, paymentCode: freshCode(), storeTerminalId: 'T01' });
    raw.transaction(() => upd.run(out.outcome, id))();
    const t3 = performance.now();
    if (i >= 10) {
      engineMs.push(t1 - t0);
      baseMs.push(t3 - t2);
    }
  }
  const inquiries = r.inquiries() - inquiriesBefore;
  raw.close();
  await r.close();
  const mEngine = median(engineMs);
  const mBase = median(baseMs);
  return [
    { name: '(a) user-presented payment through the engine, median', value: mEngine, unit: 'ms', baseline: { name: 'pay + 2 durable commits', value: mBase }, target: '≤ 1.25×' },
    { name: '(a) same, p95', value: percentile([...engineMs].sort((x, y) => x - y), 95), unit: 'ms', baseline: { name: 'pay + 2 commits p95', value: percentile([...baseMs].sort((x, y) => x - y), 95) } },
    { name: '(c) inquiries per instant-success payment', value: inquiries / (N + 10), unit: 'calls' },
  ];
}

/** (b)+(c): 200 payments waiting for the customer, confirmed at random moments in the first 12 s. */
async function confirmLatency(dir: string, sim: RunningSimulator, notifications: boolean): Promise<BenchRow[]> {
  const r = await rig(dir, notifications ? 'notify' : 'poll', sim, notifications);
  const N = 200;
  const paidAt = new Map<string, number>();
  const attempts: string[] = [];
  for (let i = 0; i < N; i++) {
    const saleId = r.runtime.createSale(money(scenarioAmount('22'), 'CNY')).saleId;
    attempts.push(r.runtime.startWithCode(saleId, freshCode()).paymentRequestId);
  }
  await r.runtime.engine.idle(); // every pay answered (PAYMENT_IN_PROCESS): now the customers confirm
  const inquiriesBefore = r.inquiries();
  await Promise.all(attempts.map((id) => new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      const res = sim.wallet.confirm({ paymentRequestId: id });
      if (!res.ok) return reject(new Error(`confirm ${id}: ${res.reason}`));
      paidAt.set(id, performance.now());
      resolve();
    }, 500 + Math.random() * 11_500);
  })));
  await Promise.all(attempts.map((id) => r.runtime.engine.waitFinal(id)));
  const lat = attempts.map((id) => (r.succeededAt.get(id) ?? NaN) - paidAt.get(id)!).sort((x, y) => x - y);
  if (lat.some((x) => Number.isNaN(x))) throw new Error('a payment did not succeed');
  const inquiries = r.inquiries() - inquiriesBefore;
  await r.close();
  const mode = notifications ? 'with notifications' : 'polling only';
  return [
    { name: `(b) paid → engine success, ${mode}, median`, value: median(lat), unit: 'ms' },
    { name: `(b) paid → engine success, ${mode}, p95`, value: percentile(lat, 95), unit: 'ms' },
    { name: `(c) inquiries per payment, ${mode}`, value: inquiries / N, unit: 'calls', note: 'confirmed 0.5–12 s after pay' },
  ];
}

const suite: BenchSuite = {
  name: 'payment engine',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-engine-'));
    const sim = await startSimulator({ dataFile: path.join(dir, 'sim.sqlite') });
    try {
      return [
        ...(await overhead(dir, sim)),
        ...(await confirmLatency(dir, sim, false)),
        ...(await confirmLatency(dir, sim, true)),
      ];
    } finally {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

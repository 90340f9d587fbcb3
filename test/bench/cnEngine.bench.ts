/**
 * 当面付 (alipay-cn) engine figures against the open-platform simulator on loopback, real clock, real SQLite:
 * (a) a bar-code payment through the engine vs one trade.pay call + two durable commits, interleaved;
 * (b) paid (the customer confirms a 10003 payment) → shown paid, polling only, over 200 concurrent
 *     payments confirmed at random moments, on the station's 当面付 schedule (3 s, then every 5 s);
 * (c) trade.query calls per payment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openJournal } from '../../electron/journal/openJournal';
import { createCnAcquirer, CN_USER_POLL_SCHEDULE_MS } from '../../electron/payments/cn/cnAcquirer';
import { createCnClient } from '../../electron/payments/cn/cnClient';
import { CN_METHODS, tradePaySchema } from '../../electron/payments/cn/cnSchemas';
import { DEFAULT_POLICY } from '../../electron/payments/engine/enginePolicy';
import { createPaymentsRuntime } from '../../electron/payments/runner/paymentsRuntime';
import { startCnSimulator, type RunningCnSimulator } from '../../electron/simulator/cn/startCnSimulator';
import { systemClock } from '../../shared/domain/clock';
import { money } from '../../shared/domain/money';
import { median, percentile, type BenchRow, type BenchSuite } from './benchTypes';

let seq = 0;
const freshCode = (): string => `28${String(process.pid % 1e5).padStart(5, '0')}${String(Date.now() % 1e5).padStart(5, '0')}${String(++seq).padStart(6, '0')}`;

async function rig(dir: string, name: string, sim: RunningCnSimulator) {
  const client = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url });
  const db = openJournal(path.join(dir, `${name}.sqlite`));
  const succeededAt = new Map<string, number>();
  const runtime = createPaymentsRuntime({
    db, clock: systemClock, gateway: createCnAcquirer(client),
    policy: { ...DEFAULT_POLICY, userPollScheduleMs: CN_USER_POLL_SCHEDULE_MS },
    payContext: () => ({ merchant: { referenceMerchantId: 'M0001', merchantName: 'Bench', store: { referenceStoreId: 'S0001', storeName: 'Bench' } }, paymentNotifyUrl: 'http://127.0.0.1:9/none', storeTerminalId: 'T01', orderDescription: 'bench' }),
    alipayPublicKey: sim.alipayPublicKey, clientId: sim.appId,
    onStateChanged: (p) => {
      if (p.attempt?.status === 'succeeded' && !succeededAt.has(p.attempt.paymentRequestId)) succeededAt.set(p.attempt.paymentRequestId, performance.now());
    },
  });
  await runtime.start();
  return {
    client, runtime, db, succeededAt,
    async close() {
      runtime.stop();
      await runtime.idle();
      db.close();
      client.close();
    },
  };
}

async function overhead(dir: string, sim: RunningCnSimulator): Promise<BenchRow[]> {
  const r = await rig(dir, 'overhead', sim);
  const raw = openJournal(path.join(dir, 'baseline.sqlite'));
  raw.exec('CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, state TEXT NOT NULL)');
  const ins = raw.prepare('INSERT INTO t (id, state) VALUES (?, ?)');
  const upd = raw.prepare('UPDATE t SET state = ? WHERE id = ?');
  const engineMs: number[] = [];
  const baseMs: number[] = [];
  const N = 120;
  for (let i = 0; i < N + 10; i++) {
    const fen = 1_000 + (i % 50);
    const saleId = r.runtime.createSale(money(fen, 'CNY')).saleId;
    const t0 = performance.now();
    const a = r.runtime.startWithCode(saleId, freshCode());
    const final = await r.runtime.engine.waitFinal(a.paymentRequestId);
    const t1 = performance.now();
    if (final.status !== 'succeeded') throw new Error(`bench payment ${final.status}`);
    const id = `B${i}x${Date.now()}`;
    const t2 = performance.now();
    raw.transaction(() => ins.run(id, 'created'))();
    const out = await r.client.call(CN_METHODS.pay, {
      out_trade_no: id, scene: 'bar_code', auth_code: freshCode(), total_amount: (fen / 100).toFixed(2), subject: 'bench', product_code: 'FACE_TO_FACE_PAYMENT', store_id: 'S0001', terminal_id: 'T01', timeout_express: '3m',
    }, tradePaySchema, { notifyUrl: 'http://127.0.0.1:9/none' });
    raw.transaction(() => upd.run(out.outcome, id))();
    const t3 = performance.now();
    if (i >= 10) {
      engineMs.push(t1 - t0);
      baseMs.push(t3 - t2);
    }
  }
  raw.close();
  await r.close();
  return [
    { name: '(a) 当面付 bar-code payment through the engine, median', value: median(engineMs), unit: 'ms', baseline: { name: 'trade.pay + 2 durable commits', value: median(baseMs) }, target: '≤ 1.25×' },
    { name: '(a) same, p95', value: percentile([...engineMs].sort((x, y) => x - y), 95), unit: 'ms', baseline: { name: 'trade.pay + 2 commits p95', value: percentile([...baseMs].sort((x, y) => x - y), 95) } },
  ];
}

async function confirmLatency(dir: string, sim: RunningCnSimulator): Promise<BenchRow[]> {
  const r = await rig(dir, 'poll', sim);
  const N = 200;
  const paidAt = new Map<string, number>();
  const attempts: string[] = [];
  for (let i = 0; i < N; i++) {
    const saleId = r.runtime.createSale(money(9_922, 'CNY')).saleId; // scenario 22: 10003, waits for the wallet
    attempts.push(r.runtime.startWithCode(saleId, freshCode()).paymentRequestId);
  }
  await r.runtime.engine.idle();
  const queriesBefore = sim.calls.filter((c) => c.method === CN_METHODS.query).length;
  await Promise.all(attempts.map((id) => new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      if (!sim.wallet.confirm(id)) return reject(new Error(`confirm ${id} refused`));
      paidAt.set(id, performance.now());
      resolve();
    }, 500 + Math.random() * 11_500);
  })));
  await Promise.all(attempts.map((id) => r.runtime.engine.waitFinal(id)));
  const lat = attempts.map((id) => (r.succeededAt.get(id) ?? NaN) - paidAt.get(id)!).sort((x, y) => x - y);
  if (lat.some((x) => Number.isNaN(x))) throw new Error('a payment did not succeed');
  const queries = sim.calls.filter((c) => c.method === CN_METHODS.query).length - queriesBefore;
  await r.close();
  return [
    { name: '(b) 当面付 paid → shown paid, polling only, median', value: median(lat), unit: 'ms', note: 'schedule 3 s, then 5 s' },
    { name: '(b) same, p95', value: percentile(lat, 95), unit: 'ms' },
    { name: '(c) trade.query calls per payment, polling only', value: queries / N, unit: 'calls', note: 'confirmed 0.5–12 s after pay' },
  ];
}

const suite: BenchSuite = {
  name: '当面付 engine',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-cn-'));
    const sim = await startCnSimulator();
    try {
      return [...(await overhead(dir, sim)), ...(await confirmLatency(dir, sim))];
    } finally {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

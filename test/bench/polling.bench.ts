/**
 * Issue 11: paid → the terminal shows paid, polling only (no notifications reach the terminal, as
 * behind NAT), and inquiries per payment, with the chosen schedule (DEFAULT_USER_POLL_SCHEDULE_MS)
 * against the official in-store SDK's schedule (alipay/ams-java-sdk inquiryInterval 2,3,3,5,5,5,5,5,5 s)
 * measured in the same run. 150 user-presented payments answered PAYMENT_IN_PROCESS; each customer
 * confirms at a random moment 0.5–12 s after pay. "Shows paid" is the station's state push
 * (onStateChanged → payment:stateChanged), real clock, real SQLite, simulator on loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openJournal } from '../../electron/journal/openJournal';
import { createAmsClient, type AmsClient } from '../../electron/payments/ams/amsClient';
import { DEFAULT_POLICY, DEFAULT_USER_POLL_SCHEDULE_MS, SDK_USER_POLL_SCHEDULE_MS } from '../../electron/payments/engine/enginePolicy';
import { createPaymentsRuntime } from '../../electron/payments/runner/paymentsRuntime';
import { startSimulator, scenarioAmount, type RunningSimulator } from '../../electron/simulator';
import { systemClock } from '../../shared/domain/clock';
import { money } from '../../shared/domain/money';
import { median, percentile, type BenchSuite } from './benchTypes';
import { createAmsAcquirer } from '../../electron/payments/ams/amsAcquirer';

const MERCHANT = { referenceMerchantId: 'M0001', merchantName: 'Bench Merchant', merchantMCC: '5411', store: { referenceStoreId: 'S0001', storeName: 'Bench Store', storeMCC: '5411' } };
const N = Number(process.env.POLL_BENCH_N ?? 150);
let seq = 0;
const freshCode = (): string => `29${String(process.pid % 1e5).padStart(5, '0')}${String(Date.now() % 1e5).padStart(5, '0')}${String(++seq).padStart(6, '0')}`;

interface Run { readonly latencies: number[]; readonly inquiriesPerPayment: number }

async function measure(dir: string, sim: RunningSimulator, name: string, schedule: readonly number[], confirmDelays: readonly number[]): Promise<Run> {
  let inquiries = 0;
  const base = createAmsClient({ clientId: sim.clientId, merchantPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, baseUrl: sim.url });
  const client: AmsClient = { ...base, inquiryPayment: (r, o) => ((inquiries += 1), base.inquiryPayment(r, o)) };
  const db = openJournal(path.join(dir, `${name}.sqlite`));
  const shownPaid = new Map<string, number>();
  const runtime = createPaymentsRuntime({
    db, clock: systemClock, gateway: createAmsAcquirer(client), policy: { ...DEFAULT_POLICY, userPollScheduleMs: schedule },
    // Notifications go nowhere: the terminal learns by polling only.
    payContext: () => ({ merchant: MERCHANT, paymentNotifyUrl: 'http://127.0.0.1:9/unreachable', storeTerminalId: 'T01', orderDescription: 'bench' }),
    alipayPublicKey: sim.alipayPublicKey, clientId: sim.clientId,
    onStateChanged: (p) => {
      if (p.attempt?.status === 'succeeded' && !shownPaid.has(p.attempt.paymentRequestId)) shownPaid.set(p.attempt.paymentRequestId, performance.now());
    },
  });
  await runtime.start();
  const ids: string[] = [];
  for (let i = 0; i < N; i++) ids.push(runtime.startWithCode(runtime.createSale(money(scenarioAmount('22'), 'CNY')).saleId, freshCode()).paymentRequestId);
  await runtime.engine.idle(); // every pay answered PAYMENT_IN_PROCESS
  const paidAt = new Map<string, number>();
  const start = performance.now();
  await Promise.all(ids.map((id, i) => new Promise<void>((resolve, reject) => {
    setTimeout(() => {
      const r = sim.wallet.confirm({ paymentRequestId: id });
      if (!r.ok) return reject(new Error(`confirm ${id}: ${r.reason}`));
      paidAt.set(id, performance.now());
      resolve();
    }, Math.max(0, confirmDelays[i]! - (performance.now() - start)));
  })));
  await Promise.all(ids.map((id) => runtime.engine.waitFinal(id)));
  const latencies = ids.map((id) => shownPaid.get(id)! - paidAt.get(id)!).sort((a, b) => a - b);
  if (latencies.some((x) => !Number.isFinite(x))) throw new Error('a payment was not shown paid');
  runtime.stop();
  await runtime.idle();
  db.close();
  base.close();
  return { latencies, inquiriesPerPayment: inquiries / N };
}

const suite: BenchSuite = {
  name: 'polling (issue 11)',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-poll-'));
    const sim = await startSimulator({ dataFile: path.join(dir, 'sim.sqlite') });
    // The same customers (same confirm moments) for both schedules.
    const delays = Array.from({ length: N }, () => 500 + Math.random() * 11_500);
    try {
      const sdk = await measure(dir, sim, 'sdk', SDK_USER_POLL_SCHEDULE_MS, delays);
      const ours = await measure(dir, sim, 'ours', DEFAULT_USER_POLL_SCHEDULE_MS, delays);
      const note = `${N} payments, confirmed 0.5–12 s after pay; schedule ${DEFAULT_USER_POLL_SCHEDULE_MS.slice(0, 3).map((x) => x / 1000).join(', ')} … s`;
      return [
        { name: 'paid → terminal shows paid, polling only, median', value: median(ours.latencies), unit: 'ms', baseline: { name: 'SDK schedule', value: median(sdk.latencies) }, target: '≤ 1500 ms', note },
        { name: 'paid → terminal shows paid, polling only, p95', value: percentile(ours.latencies, 95), unit: 'ms', baseline: { name: 'SDK schedule', value: percentile(sdk.latencies, 95) }, target: '≤ 3000 ms' },
        { name: 'inquiries per payment (PAYMENT_IN_PROCESS)', value: ours.inquiriesPerPayment, unit: 'calls', baseline: { name: 'SDK schedule', value: sdk.inquiriesPerPayment }, target: '≤ 4' },
      ];
    } finally {
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

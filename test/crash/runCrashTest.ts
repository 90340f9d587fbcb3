/**
 * Crash test: N sales against a persistent simulator with faults switched on, while the station
 * process is SIGKILLed at random points and restarted. Then the journal is checked against the
 * simulator: every attempt final; paid-and-standing at the simulator ⇔ `succeeded` in the journal;
 * no sale paid twice; refunds agree; the hash chain verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyChain } from '../../electron/journal/hashChain';
import { openJournal } from '../../electron/journal/openJournal';
import { generateAmsKeyPair } from '../../electron/payments/ams/keys';
import { startSimulator, type FaultRule } from '../../electron/simulator';
import { FINAL_ATTEMPT_STATUSES } from '../../shared/domain/payment';
import { scaledClock, type Clock } from '../../shared/domain/clock';
import type { SimTrade } from '../../electron/simulator/cn/cnGateway';
import { startCnSimulator, type CnFault } from '../../electron/simulator/cn/startCnSimulator';

export interface CrashOptions {
  readonly sales: number;
  readonly maxKills?: number;
  /** Time runs this much faster in station and simulator (1-minute expiry = 60/scale real s). */
  readonly scale?: number;
  readonly timeoutMs?: number;
  readonly seed?: number;
  readonly keepDir?: boolean;
  readonly log?: (line: string) => void;
  /** Which acquirer the station speaks (default ams): the crash rules are the same for both. */
  readonly acquirer?: 'ams' | 'alipay-cn';
}

export interface CrashSummary {
  readonly sales: number;
  readonly kills: number;
  readonly violations: number;
  readonly attempts: number;
  readonly succeeded: number;
  readonly restarts: number;
  readonly seconds: number;
  readonly details: readonly string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = Date.UTC(2026, 0, 15, 2, 0, 0); // 10:00 Beijing: the run never crosses a business day

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const FAULTS: readonly FaultRule[] = [
  { kind: 'drop-before', times: 1 },
  { kind: 'drop-after', times: 1 },
  { kind: 'http-5xx', status: 503, times: 1 },
  { kind: 'http-5xx', status: 502, afterProcessing: true, times: 1 },
  { kind: 'force-u', process: true, times: 1 },
  { kind: 'force-u', process: false, times: 1 },
  { kind: 'bad-signature', times: 1 },
  { kind: 'unsigned', times: 1 },
  { kind: 'latency', ms: 300, times: 2 },
  // A slow pay: processed only after the client's 1 s read timeout, so inquiry and cancel meet ORDER_NOT_EXIST first.
  { kind: 'latency', ms: 1_300, api: 'pay', times: 1 },
  { kind: 'unsigned', api: 'inquiryPayment', times: 2 },
];

export async function runCrashTest(opts: CrashOptions): Promise<CrashSummary> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const random = rng(opts.seed ?? Date.now());
  const scale = opts.scale ?? 20;
  const maxKills = opts.maxKills ?? Math.max(3, Math.ceil(opts.sales / 2));
  const timeoutMs = opts.timeoutMs ?? 120_000 + opts.sales * 10_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-crash-'));
  const dataDir = path.join(dir, 'station');
  fs.mkdirSync(dataDir, { recursive: true });
  const realBase = Date.now();
  const clock = scaledClock(ORIGIN, realBase, scale);

  const merchant = generateAmsKeyPair();
  if (opts.acquirer === 'alipay-cn') return runCnCrashTest(opts, { started, log, random, scale, maxKills, timeoutMs, dir, dataDir, realBase, clock, merchant });
  const sim = await startSimulator({
    dataFile: path.join(dir, 'sim.sqlite'), clock, clientId: 'CRASH_CLIENT_0001', merchantPublicKey: merchant.publicKey,
    slowResponseMs: 1_500, notifyScheduleScale: 0.01,
  });
  const stationPort = await freePort();
  fs.writeFileSync(path.join(dataDir, 'merchant_private_key.txt'), merchant.privateKey);
  fs.writeFileSync(path.join(dataDir, 'alipay_public_key.txt'), sim.alipayPublicKey);
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({
    currency: 'CNY',
    alipay: {
      clientId: sim.clientId, baseUrl: sim.url, privateKeyFile: 'merchant_private_key.txt', alipayPublicKeyFile: 'alipay_public_key.txt',
      publicBaseUrl: `http://127.0.0.1:${stationPort}`, connectTimeoutMs: 500, readTimeoutMs: 1_000,
    },
    payment: { expiryMinutes: 1, graceSeconds: 5, queueBaseDelayMs: 1_000, queueMaxDelayMs: 20_000, queueMaxFailures: 100 },
  }, null, 2));

  const run = await runStations({ opts, log, random, maxKills, timeoutMs, started, dataDir, realBase, scale, stationPort, faultTick: () => {
    if (sim.faults.list().length < 2) sim.faults.add(FAULTS[Math.floor(random() * FAULTS.length)]!);
  } });
  const { kills, restarts, details } = run;

  // Let the simulator settle everything due, then compare both sides.
  sim.faults.clear();
  const violations: string[] = [];
  const db = openJournal(path.join(dataDir, 'journal.sqlite'));
  try {
    const attempts = db.prepare('SELECT id, sale_id, status FROM payment_attempts').all() as Array<{ id: string; sale_id: string; status: string }>;
    const byId = new Map(attempts.map((a) => [a.id, a]));
    for (const a of attempts) if (!FINAL_ATTEMPT_STATUSES.includes(a.status as never)) violations.push(`attempt ${a.id} not final: ${a.status}`);
    const simPayments = [...sim.store.payments.values()].filter((p) => p.clientId === sim.clientId).map((p) => sim.core.settle(p));
    for (const p of simPayments) {
      const standing = p.status === 'SUCCESS' && p.refundedMinor < Number(p.amount.value);
      const mine = byId.get(p.paymentRequestId);
      if (standing && mine?.status !== 'succeeded') violations.push(`simulator holds ${p.paymentRequestId} paid, journal says ${mine?.status ?? 'nothing'}`);
    }
    const simById = new Map(simPayments.map((p) => [p.paymentRequestId, p]));
    for (const a of attempts.filter((x) => x.status === 'succeeded')) {
      const p = simById.get(a.id);
      if (!p || p.status !== 'SUCCESS' || p.refundedMinor >= Number(p.amount.value)) violations.push(`journal says ${a.id} succeeded, simulator says ${p ? `${p.status} refunded ${p.refundedMinor}` : 'nothing'}`);
    }
    const doubles = db.prepare("SELECT sale_id, count(*) AS n FROM payment_attempts WHERE status = 'succeeded' GROUP BY sale_id HAVING n > 1").all() as Array<{ sale_id: string; n: number }>;
    for (const d of doubles) violations.push(`sale ${d.sale_id} has ${d.n} successful payments`);
    const refunds = db.prepare('SELECT id, status, amount_minor FROM refunds').all() as Array<{ id: string; status: string; amount_minor: number }>;
    for (const r of refunds) {
      const simRefund = [...sim.store.refunds.values()].find((x) => x.refundRequestId === r.id);
      if (r.status === 'pending') violations.push(`refund ${r.id} still pending`);
      if (r.status === 'succeeded' && simRefund?.status !== 'SUCCESS') violations.push(`refund ${r.id} succeeded in the journal, simulator: ${simRefund?.status ?? 'nothing'}`);
      if (r.status !== 'succeeded' && simRefund?.status === 'SUCCESS') violations.push(`refund ${r.id} ${r.status} in the journal but done at the simulator`);
    }
    const salesCount = (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    if (salesCount !== opts.sales) violations.push(`expected ${opts.sales} sales, journal has ${salesCount}`);
    const chain = verifyChain(db);
    if (!chain.ok) violations.push(`hash chain broken at ${chain.brokenAt}: ${chain.reason}`);
    const summary: CrashSummary = {
      sales: salesCount, kills, violations: violations.length, attempts: attempts.length, succeeded: attempts.filter((a) => a.status === 'succeeded').length,
      restarts, seconds: Math.round((Date.now() - started) / 100) / 10, details: [...violations, ...details].slice(0, 20),
    };
    return summary;
  } finally {
    db.close();
    await sim.stop();
    if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface LoopArgs {
  readonly opts: CrashOptions;
  readonly log: (l: string) => void;
  readonly random: () => number;
  readonly maxKills: number;
  readonly timeoutMs: number;
  readonly started: number;
  readonly dataDir: string;
  readonly realBase: number;
  readonly scale: number;
  readonly stationPort: number;
  /** Switches a fault on every 150 ms when fewer than two are waiting. */
  readonly faultTick: () => void;
}

/** Runs station processes, SIGKILLing them at random points, until one reports DONE. */
async function runStations(a: LoopArgs): Promise<{ kills: number; restarts: number; details: string[] }> {
  const { opts, log, random, maxKills, timeoutMs, started, dataDir, realBase, scale, stationPort } = a;
  let kills = 0;
  let restarts = 0;
  let done = false;
  let child: ChildProcess | null = null;
  const details: string[] = [];
  // Faults are switched on for the whole run: a few at a time, each for one request.
  const faultTimer = setInterval(a.faultTick, 150);

  try {
    while (!done) {
      if (Date.now() - started > timeoutMs) throw new Error(`crash test timed out after ${timeoutMs} ms`);
      restarts++;
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; done: boolean }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'stationWorker.ts')], {
          env: {
            ...process.env, CRASH_DATA_DIR: dataDir, CRASH_SALES: String(opts.sales), CRASH_ORIGIN: String(ORIGIN), CRASH_REAL_BASE: String(realBase),
            CRASH_SCALE: String(scale), CRASH_STATION_PORT: String(stationPort), CRASH_ACQUIRER: opts.acquirer ?? 'ams',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = p;
        let sawDone = false;
        let killTimer: NodeJS.Timeout | undefined;
        const armKill = (min: number, span: number): void => {
          if (kills >= maxKills || killTimer) return;
          killTimer = setTimeout(() => {
            if (p.exitCode === null && !sawDone) {
              p.kill('SIGKILL');
            }
          }, min + random() * span);
        };
        // Sometimes during start-up (recovery), mostly while sales are running.
        if (random() < 0.2) armKill(100, 1_200);
        let buf = '';
        p.stdout!.on('data', (c: Buffer) => {
          buf += c.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            log(`station: ${line}`);
            if (line === 'READY') armKill(200, 2_500);
            if (line === 'DONE') sawDone = true;
          }
        });
        let err = '';
        p.stderr!.on('data', (c: Buffer) => {
          err += c.toString('utf8');
        });
        p.on('exit', (code, signal) => {
          clearTimeout(killTimer);
          if (code !== 0 && signal !== 'SIGKILL') details.push(`station exited ${code ?? signal}: ${err.slice(-2000)}`);
          resolve({ code, signal, done: sawDone && code === 0 });
        });
      });
      child = null;
      if (exit.signal === 'SIGKILL') {
        kills++;
        log(`killed (${kills})`);
      } else if (exit.done) {
        done = true;
      } else {
        throw new Error(`station failed: ${details.at(-1) ?? `exit ${exit.code}`}`);
      }
    }
  } finally {
    clearInterval(faultTimer);
    if (child) (child as ChildProcess).kill('SIGKILL');
  }

  return { kills, restarts, details };
}

const CN_FAULTS: readonly CnFault[] = [
  { kind: 'drop-before', times: 1 },
  { kind: 'drop-after', times: 1 },
  { kind: 'http-5xx', status: 503, times: 1 },
  { kind: 'bad-signature', times: 1 },
  { kind: 'unsigned', times: 1 },
  { kind: 'truncate', times: 1 },
  { kind: 'latency', ms: 300, times: 2 },
];

interface CnRunContext {
  readonly started: number;
  readonly log: (l: string) => void;
  readonly random: () => number;
  readonly scale: number;
  readonly maxKills: number;
  readonly timeoutMs: number;
  readonly dir: string;
  readonly dataDir: string;
  readonly realBase: number;
  readonly clock: Clock;
  readonly merchant: { readonly privateKey: string; readonly publicKey: string };
}

/** The same crash test with the station speaking 当面付 to the open-platform simulator. */
async function runCnCrashTest(opts: CrashOptions, c: CnRunContext): Promise<CrashSummary> {
  const { started, log, random, scale, maxKills, timeoutMs, dir, dataDir, realBase, clock, merchant } = c;
  const sim = await startCnSimulator({ clock, merchantPublicKey: merchant.publicKey, notifyScheduleScale: 0.01 });
  const stationPort = await freePort();
  fs.writeFileSync(path.join(dataDir, 'app_private_key.txt'), merchant.privateKey);
  fs.writeFileSync(path.join(dataDir, 'alipay_public_key.txt'), sim.alipayPublicKey);
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({
    currency: 'CNY',
    alipay: {
      acquirer: 'alipay-cn',
      cn: { appId: sim.appId, appPrivateKeyFile: 'app_private_key.txt', alipayPublicKeyFile: 'alipay_public_key.txt', gatewayUrl: sim.url, sellerId: sim.sellerId },
      publicBaseUrl: `http://127.0.0.1:${stationPort}`, connectTimeoutMs: 500, readTimeoutMs: 1_000,
    },
    payment: { expiryMinutes: 1, graceSeconds: 5, queueBaseDelayMs: 1_000, queueMaxDelayMs: 20_000, queueMaxFailures: 100 },
  }, null, 2));
  let run: { kills: number; restarts: number; details: string[] };
  try {
    run = await runStations({
      opts, log, random, maxKills, timeoutMs, started, dataDir, realBase, scale, stationPort,
      faultTick: () => {
        if (sim.faultCount() < 2) sim.addFault({ ...CN_FAULTS[Math.floor(random() * CN_FAULTS.length)]! });
      },
    });
  } catch (e) {
    await sim.stop();
    throw e;
  }
  sim.clearFaults();
  const violations: string[] = [];
  const db = openJournal(path.join(dataDir, 'journal.sqlite'));
  try {
    const attempts = db.prepare('SELECT id, sale_id, status FROM payment_attempts').all() as Array<{ id: string; sale_id: string; status: string }>;
    const byId = new Map(attempts.map((a) => [a.id, a]));
    for (const a of attempts) if (!FINAL_ATTEMPT_STATUSES.includes(a.status as never)) violations.push(`attempt ${a.id} not final: ${a.status}`);
    const refundedFen = (t: SimTrade): number => t.refunds.reduce((n, r) => n + r.fen, 0);
    const trades = [...sim.trades.keys()].map((k) => sim.trade(k)!);
    for (const t of trades) {
      const standing = (t.status === 'TRADE_SUCCESS' || t.status === 'TRADE_FINISHED') && refundedFen(t) < t.fen;
      const mine = byId.get(t.outTradeNo);
      if (standing && mine?.status !== 'succeeded') violations.push(`simulator holds ${t.outTradeNo} paid, journal says ${mine?.status ?? 'nothing'}`);
    }
    const simById = new Map(trades.map((t) => [t.outTradeNo, t]));
    for (const a of attempts.filter((x) => x.status === 'succeeded')) {
      const t = simById.get(a.id);
      if (!t || t.status !== 'TRADE_SUCCESS' || refundedFen(t) >= t.fen) violations.push(`journal says ${a.id} succeeded, simulator says ${t ? `${t.status} refunded ${refundedFen(t)}` : 'nothing'}`);
    }
    const doubles = db.prepare("SELECT sale_id, count(*) AS n FROM payment_attempts WHERE status = 'succeeded' GROUP BY sale_id HAVING n > 1").all() as Array<{ sale_id: string; n: number }>;
    for (const d of doubles) violations.push(`sale ${d.sale_id} has ${d.n} successful payments`);
    const refunds = db.prepare('SELECT id, payment_request_id, status, amount_minor FROM refunds').all() as Array<{ id: string; payment_request_id: string; status: string; amount_minor: number }>;
    for (const r of refunds) {
      const done = simById.get(r.payment_request_id)?.refunds.filter((x) => x.outRequestNo === r.id) ?? [];
      if (done.length > 1) violations.push(`refund ${r.id} made ${done.length} times`);
      if (r.status === 'pending') violations.push(`refund ${r.id} still pending`);
      if (r.status === 'succeeded' && done.length !== 1) violations.push(`refund ${r.id} succeeded in the journal, simulator has ${done.length}`);
      if (r.status !== 'succeeded' && done.length > 0) violations.push(`refund ${r.id} ${r.status} in the journal but done at the simulator`);
    }
    const salesCount = (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    if (salesCount !== opts.sales) violations.push(`expected ${opts.sales} sales, journal has ${salesCount}`);
    const chain = verifyChain(db);
    if (!chain.ok) violations.push(`hash chain broken at ${chain.brokenAt}: ${chain.reason}`);
    return {
      sales: salesCount, kills: run.kills, violations: violations.length, attempts: attempts.length, succeeded: attempts.filter((a) => a.status === 'succeeded').length,
      restarts: run.restarts, seconds: Math.round((Date.now() - started) / 100) / 10, details: [...violations, ...run.details].slice(0, 20),
    };
  } finally {
    db.close();
    await sim.stop();
    if (!opts.keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A payments runtime against the real simulator over loopback HTTP, on real SQLite files, with one
 * fake clock shared by both sides: expiry, polling and the queue's backoff run in compressed time.
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../../../shared/domain/clock';
import { money, type Money } from '../../../../shared/domain/money';
import { createAmsClient, type AmsClient } from '../../../../electron/payments/ams/amsClient';
import { createAmsAcquirer } from '../../../../electron/payments/ams/amsAcquirer';
import type { KeyInput } from '../../../../electron/payments/ams/keys';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { DEFAULT_POLICY, type EnginePolicy } from '../../../../electron/payments/engine/enginePolicy';
import { createPayments as createPaymentsRuntime, type Payments as PaymentsRuntime } from '../../../../electron/payments/createPayments';
import { startSimulator, type RunningSimulator } from '../../../../electron/simulator';
import type { PaymentStateChanged } from '../../../../shared/domain/payment';
import { tempDir } from '../../../helpers/tempDir';

export const T0 = Date.UTC(2026, 0, 15, 2, 0, 0); // 10:00 in Beijing: no business-day change mid-test

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(start: number) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Fires every timer due by `target` in time order, letting the world settle after each. */
  async advanceTo(target: number, settle: () => Promise<void>): Promise<void> {
    await settle();
    for (let guard = 0; guard < 10_000; guard++) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= target && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[0] < next[0]))) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
      await settle();
    }
    this.t = Math.max(this.t, target);
    await settle();
  }
}

export interface World {
  readonly clock: FakeClock;
  readonly sim: RunningSimulator;
  readonly client: AmsClient;
  runtime: PaymentsRuntime;
  db: Db;
  readonly dir: string;
  readonly notifyUrl: string;
  readonly events: PaymentStateChanged[];
  /** Lets every call, event, job and notification finish (real I/O, no time passes). */
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  /** Simulated crash + restart: timers and memory gone, journal reopened, recovery runs. */
  restart(): Promise<void>;
  /** The station is down (crashed); time may pass (only the simulator's timers run) before up(). */
  down(): void;
  up(): Promise<void>;
  close(): Promise<void>;
  sale(amountMinor: number): string;
  countCalls(api: string): number;
}

let codeSeq = 0;
/** A fresh 18-digit Alipay code (not a scenario code unless asked): the simulator treats codes as one-time. */
export function freshCode(): string {
  codeSeq++;
  return `28${String(Date.now() % 1e9).padStart(9, '0')}${String(codeSeq).padStart(7, '0')}`;
}

export interface WorldOptions {
  policy?: Partial<EnginePolicy>;
  notifications?: boolean;
  slowResponseMs?: number;
  /** The simulator's signing key (to sign hand-made notifications in tests). */
  alipayPrivateKey?: KeyInput;
  /** The paymentNotifyUrl sent to Alipay (e.g. a prefix-stripping proxy in front of the world's notify server). */
  paymentNotifyUrl?: (local: string) => string;
  /** Sign requests with another merchant key (a wrong key at go-live). */
  merchantPrivateKey?: string;
}

export async function makeWorld(opts: WorldOptions = {}): Promise<World> {
  const dir = tempDir('pos-engine-');
  const clock = new FakeClock(T0);
  const sim = await startSimulator({ clock, dataFile: path.join(dir, 'sim.sqlite'), slowResponseMs: opts.slowResponseMs ?? 1_200, notifyScheduleScale: 0.001, ...(opts.alipayPrivateKey ? { alipayPrivateKey: opts.alipayPrivateKey } : {}) });
  const calls = new Map<string, number>();
  const base = createAmsClient({
    clientId: sim.clientId, merchantPrivateKey: opts.merchantPrivateKey ?? sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, baseUrl: sim.url, clock,
    readTimeoutMs: 600, connectTimeoutMs: 500,
  });
  const count = <T>(api: string, p: T): T => {
    calls.set(api, (calls.get(api) ?? 0) + 1);
    return p;
  };
  const client: AmsClient = {
    ...base,
    pay: (r, o) => count('pay', base.pay(r, o)),
    inquiryPayment: (r, o) => count('inquiryPayment', base.inquiryPayment(r, o)),
    cancel: (r, o) => count('cancel', base.cancel(r, o)),
    refund: (r, o) => count('refund', base.refund(r, o)),
    inquiryRefund: (r, o) => count('inquiryRefund', base.inquiryRefund(r, o)),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (opts.notifications === false) {
        res.writeHead(503).end();
        return;
      }
      void world.runtime.handleNotification({ path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers, body: Buffer.concat(chunks) })
        .then((r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body), () => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alipay/notify`;
  const publicNotifyUrl = (): string => (opts.paymentNotifyUrl ? opts.paymentNotifyUrl(notifyUrl) : notifyUrl);
  const policy: EnginePolicy = { ...DEFAULT_POLICY, ...opts.policy };
  const events: PaymentStateChanged[] = [];

  const build = (db: Db): PaymentsRuntime => createPaymentsRuntime({
    db, clock, gateway: createAmsAcquirer(client), policy, random: () => 0.5, probeIntervalMs: 2_000,
    outboxPolicy: { baseDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 5 },
    payContext: () => ({
      merchant: { referenceMerchantId: 'M0001', merchantName: 'Test Merchant', merchantMCC: '5411', store: { referenceStoreId: 'S0001', storeName: 'Test Store', storeMCC: '5411' } },
      paymentNotifyUrl: publicNotifyUrl(), storeTerminalId: 'T01', orderDescription: 'test sale',
    }),
    alipayPublicKey: sim.alipayPublicKey, clientId: sim.clientId, notifyUrl: publicNotifyUrl,
    onStateChanged: (p) => events.push(p),
  });

  const journalFile = path.join(dir, 'journal.sqlite');
  const db = openJournal(journalFile);
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      await world.runtime.idle();
      await sim.notificationsIdle();
      await new Promise((r) => setImmediate(r));
    }
    await world.runtime.idle();
  };
  const world: World = {
    clock, sim, client, db, dir, notifyUrl, events,
    runtime: build(db),
    settle,
    advance: (ms) => clock.advanceTo(clock.now() + ms, settle),
    async restart() {
      world.down();
      await world.up();
    },
    down() {
      world.runtime.stop();
      world.db.close();
    },
    async up() {
      world.db = openJournal(journalFile);
      world.runtime = build(world.db);
      await world.runtime.start();
      await clock.advanceTo(clock.now(), settle); // timers armed "now" by recovery
    },
    async close() {
      world.runtime.stop();
      await settle().catch(() => undefined);
      world.db.close();
      client.close();
      await new Promise<void>((r) => server.close(() => r()));
      await sim.stop();
    },
    sale(amountMinor: number) {
      return world.runtime.createSale(money(amountMinor, 'CNY')).saleId;
    },
    countCalls: (api) => calls.get(api) ?? 0,
  };
  await world.runtime.start();
  return world;
}

export const cny = (minor: number): Money => money(minor, 'CNY');

/**
 * A payments runtime speaking 当面付 to the real open-platform simulator over loopback HTTP, on real
 * SQLite files, with one fake clock shared by both sides (like engineWorld for AMS).
 */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { money } from '../../../../shared/domain/money';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { createCnAcquirer } from '../../../../electron/payments/cn/cnAcquirer';
import { createCnClient, type CnClient } from '../../../../electron/payments/cn/cnClient';
import { DEFAULT_POLICY, type EnginePolicy } from '../../../../electron/payments/engine/enginePolicy';
import type { AcquirerPort } from '../../../../electron/payments/engine/enginePorts';
import { createPayments as createPaymentsRuntime, type Payments as PaymentsRuntime } from '../../../../electron/payments/createPayments';
import { startCnSimulator, type RunningCnSimulator } from '../../../../electron/simulator/cn/startCnSimulator';
import { tempDir } from '../../../helpers/tempDir';
import { FakeClock, T0 } from '../engine/engineWorld';

export interface CnWorld {
  readonly clock: FakeClock;
  readonly sim: RunningCnSimulator;
  readonly client: CnClient;
  runtime: PaymentsRuntime;
  db: Db;
  readonly dir: string;
  readonly notifyUrl: string;
  /** What the notify route answered, in order. */
  readonly notifyAnswers: string[];
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
  sale(fen: number): string;
  countCalls(method: string): number;
}

let codeSeq = 0;
export function freshCnCode(): string {
  codeSeq++;
  return `28${String(Date.now() % 1e9).padStart(9, '0')}${String(codeSeq).padStart(7, '0')}`;
}

export async function makeCnWorld(opts: { policy?: Partial<EnginePolicy>; notifications?: boolean } = {}): Promise<CnWorld> {
  const dir = tempDir('pos-cn-');
  const clock = new FakeClock(T0);
  const sim = await startCnSimulator({ clock, notifyScheduleScale: 0.001 });
  const client = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url, clock, readTimeoutMs: 1_500, connectTimeoutMs: 500 });
  const acquirer: AcquirerPort = createCnAcquirer(client);
  const notifyAnswers: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (opts.notifications === false || !world.runtime.handleCnNotification) {
        notifyAnswers.push('fail');
        res.writeHead(200).end('fail');
        return;
      }
      void world.runtime.handleCnNotification(Buffer.concat(chunks)).then((r) => {
        notifyAnswers.push(r.body);
        res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.body);
      }, () => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alipay/cn/notify`;
  const policy: EnginePolicy = { ...DEFAULT_POLICY, ...opts.policy };
  const build = (db: Db): PaymentsRuntime => createPaymentsRuntime({
    db, clock, gateway: acquirer, policy, random: () => 0.5, probeIntervalMs: 2_000,
    outboxPolicy: { baseDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 5 },
    payContext: () => ({
      merchant: { referenceMerchantId: 'M0001', merchantName: 'Test Merchant', store: { referenceStoreId: 'S0001', storeName: 'Test Store' } },
      paymentNotifyUrl: notifyUrl, storeTerminalId: 'T01', orderDescription: 'test sale', operatorId: 'cashier-1',
    }),
    alipayPublicKey: sim.alipayPublicKey, clientId: sim.appId,
    cn: { appId: sim.appId, sellerId: sim.sellerId, alipayPublicKey: sim.alipayPublicKey },
  });
  const journalFile = path.join(dir, 'journal.sqlite');
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      await world.runtime.idle();
      await sim.notificationsIdle();
      await new Promise((r) => setImmediate(r));
    }
    await world.runtime.idle();
  };
  const world: CnWorld = {
    clock, sim, client, dir, notifyUrl, notifyAnswers,
    db: openJournal(journalFile),
    runtime: null as unknown as PaymentsRuntime,
    settle,
    advance: (ms) => clock.advanceTo(clock.now() + ms, settle),
    async restart() {
      world.runtime.stop();
      world.db.close();
      world.db = openJournal(journalFile);
      world.runtime = build(world.db);
      await world.runtime.start();
      await clock.advanceTo(clock.now(), settle);
    },
    async close() {
      world.runtime.stop();
      await settle().catch(() => undefined);
      world.db.close();
      client.close();
      await new Promise<void>((r) => server.close(() => r()));
      await sim.stop();
    },
    sale: (fen) => world.runtime.createSale(money(fen, 'CNY')).saleId,
    countCalls: (method) => sim.calls.filter((c) => c.method === method).length,
  };
  world.runtime = build(world.db);
  await world.runtime.start();
  return world;
}

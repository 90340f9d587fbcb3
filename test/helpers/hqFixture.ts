/**
 * Head office fixtures for tests and benches: HQ instances on one throwaway real PostgreSQL cluster
 * (pgCluster), a store, one-time codes, and DEMO stations enrolled with HQ through the contract.
 */
import { openPgDb, type HqDb } from '../../electron/hq/hqDb';
import { startHqServer, type RunningHq } from '../../electron/hq/hqServer';
import { migrateHq } from '../../electron/hq/migrateHq';
import type { HqLinkStatus } from '../../shared/domain/hqLink';
import type { Clock } from '../../shared/domain/clock';
import { bootDemoStation, type DemoStation } from './demoStation';
import { startPgCluster, type PgCluster } from './pgCluster';

export const HQ_ADMIN = 'test-admin-token';

export interface HqRig {
  readonly pg: PgCluster;
  readonly db: HqDb;
  readonly hq: RunningHq;
  /** Another HQ instance on the same PostgreSQL (its own pool and listener). */
  startInstance(): Promise<{ db: HqDb; hq: RunningHq }>;
  admin(method: string, route: string, body?: unknown, hq?: RunningHq): Promise<{ status: number; json: { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } } }>;
  store(merchantId: string, storeId: string): Promise<void>;
  code(merchantId: string, storeId: string): Promise<string>;
  stop(): Promise<void>;
}

/** HQ's options a test may choose (its clock, the built dashboard page, the stale threshold…). */
export type HqRigOptions = Omit<Parameters<typeof startHqServer>[0], 'db' | 'adminToken'>;

/**
 * A throwaway PostgreSQL cluster, migrated, with one HQ on it (admin token HQ_ADMIN). `stop()` stops
 * every instance and the cluster; a cluster a test already stopped (the database is "down") is fine.
 */
export async function startHqRig(o: HqRigOptions = {}): Promise<HqRig> {
  const pg = startPgCluster();
  const extra: Array<{ db: HqDb; hq: RunningHq }> = [];
  const db = openPgDb(pg.url);
  await migrateHq(db);
  const hq = await startHqServer({ ...o, db, adminToken: HQ_ADMIN });
  const rig: HqRig = {
    pg, db, hq,
    async startInstance() {
      const d = openPgDb(pg.url);
      const h = await startHqServer({ ...o, db: d, adminToken: HQ_ADMIN });
      extra.push({ db: d, hq: h });
      return { db: d, hq: h };
    },
    async admin(method, route, body, on = hq) {
      const res = await fetch(new URL(route, on.url), { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${HQ_ADMIN}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, json: (await res.json()) as never };
    },
    async store(merchantId, storeId) {
      const r = await rig.admin('POST', '/api/v1/admin/stores', { merchantId, storeId, name: `Store ${storeId}` });
      if (r.status !== 200) throw new Error(`store: ${JSON.stringify(r.json)}`);
    },
    async code(merchantId, storeId) {
      const r = await rig.admin('POST', '/api/v1/admin/enrolment-codes', { merchantId, storeId });
      return r.json.value!.code as string;
    },
    async stop() {
      for (const e of extra) {
        await e.hq.stop();
        await e.db.close();
      }
      await hq.stop();
      await db.close();
      pg.stop();
    },
  };
  return rig;
}

/** A DEMO station enrolled with HQ through `hq:enrol` (as a manager does from Settings). */
export async function bootLinkedStation(rig: HqRig, merchantId: string, storeId: string, opts: { config?: Record<string, unknown>; hqUrl?: string; dataDir?: string; clock?: Clock } = {}): Promise<{ demo: DemoStation; link: Extract<HqLinkStatus, { linked: true }> }> {
  const demo = await bootDemoStation({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.clock ? { clock: opts.clock } : {}), config: { hq: { retryBaseDelayMs: 100, retryMaxDelayMs: 1_000 }, ...opts.config } });
  const link = await demo.call<HqLinkStatus>('hq:enrol', { url: opts.hqUrl ?? rig.hq.url, code: await rig.code(merchantId, storeId) });
  if (!link.linked) throw new Error('not linked');
  return { demo, link };
}

/**
 * A load balancer in front of several HQ instances, routing each TCP connection by its first request
 * line (so a notification can land on one instance while the terminal's WebSocket is held by another).
 */
export async function startPathRouter(pick: (requestLine: string) => string): Promise<{ url: string; routed: string[]; cut(on: boolean): void; stop(): Promise<void> }> {
  const net = await import('node:net');
  const routed: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let isCut = false;
  const server = net.createServer((client) => {
    // Cut: the shop's line is down — every connection, old and new, drops.
    if (isCut) return void client.destroy();
    sockets.add(client);
    client.once('data', (first) => {
      // Held until the upstream is connected: a flowing socket would drop the rest of a large body meanwhile.
      client.pause();
      const line = first.toString('latin1').split('\r\n', 1)[0] ?? '';
      const target = new URL(pick(line));
      routed.push(`${line.split(' ').slice(0, 2).join(' ')} -> ${target.port}`);
      const upstream = net.connect(Number(target.port), target.hostname, () => {
        upstream.write(first);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', end).on('close', end);
      client.on('error', end).on('close', end);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    routed,
    cut(on) {
      isCut = on;
      if (on) for (const s of sockets) s.destroy();
    },
    stop: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createStation, type Station } from '../../electron/station/createStation';
import { createMemoryLogger } from '../../electron/log/createLogger';
import { startHttpServer, type RunningHttpServer } from '../../electron/server/startHttpServer';
import type { AnyEvent } from '../../electron/station/eventHub';
import type { EventMap, EventName } from '../../shared/ipc/events';
import type { Clock } from '../../shared/domain/clock';
import { tempDir } from './tempDir';
import { DEMO_ACCOUNTS } from '../../electron/accounts/accountsService';

const demo = (role: 'cashier' | 'supervisor' | 'manager') => DEMO_ACCOUNTS.find((a) => a.role === role)!;
/** A DEMO supervisor's approval (refund, void, queue retry). */
export const DEMO_APPROVAL = { shortId: demo('supervisor').shortId, pin: demo('supervisor').pin } as const;
/** The DEMO accounts' sign-in credentials by role. */
export const demoSignIn = (role: 'cashier' | 'supervisor' | 'manager') => ({ shortId: demo(role).shortId, pin: demo(role).pin });

export type Call = <T>(name: string, input: unknown) => Promise<T>;

export interface DemoStation {
  readonly station: Station;
  /** The station's own HTTP base URL, without the trailing slash. */
  readonly base: string;
  readonly dataDir: string;
  /** Every event the station emitted, in order. */
  readonly events: AnyEvent[];
  /** The payloads of one kind of event, in order: the same array keeps growing as events come. */
  eventsOf<E extends EventName>(name: E): EventMap[E][];
  /** A contract call as the cashier window makes it; a typed error becomes a rejection carrying `code`. */
  readonly call: Call;
  stop(): Promise<void>;
}

const running: DemoStation[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

/**
 * A whole station in DEMO mode as both hosts run it — real HTTP server on loopback, the in-process
 * simulator, virtual devices, a journal in a fresh folder — stopped after the test. Signed in as the
 * DEMO manager unless `signInAs` says otherwise (null: nobody).
 */
export async function bootDemoStation(opts: { dataDir?: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; clock?: Clock; signInAs?: 'cashier' | 'supervisor' | 'manager' | null } = {}): Promise<DemoStation> {
  const dataDir = opts.dataDir ?? tempDir();
  if (opts.config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(opts.config));
  const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger([]), env: opts.env ?? {}, ...(opts.clock ? { clock: opts.clock } : {}) });
  // Suites here act as many phones at once: generous public limits, and loopback trusted as a proxy so
  // a test may say which phone it is (X-Forwarded-For). test/electron/server tests the real limits.
  const server: RunningHttpServer = await startHttpServer({ station, port: 0, staticDir: null, trustedProxies: ['127.0.0.1'], limits: { publicBurst: 10_000, publicPerSecond: 10_000 } });
  station.setPublicBaseUrl(server.url);
  const events: AnyEvent[] = [];
  const byName = new Map<string, unknown[]>();
  const listOf = (name: string): unknown[] => {
    let l = byName.get(name);
    if (!l) byName.set(name, (l = []));
    return l;
  };
  station.events.subscribe((e) => {
    events.push(e);
    listOf(e.name).push(e.payload);
  });
  await station.start();
  // Most suites act as the counter's manager (every screen); access tests choose their own.
  const as = opts.signInAs === undefined ? 'manager' : opts.signInAs;
  // LIVE-configured test stations get the same documented accounts (DEMO makes them itself).
  if (station.ctx.accounts && !station.ctx.accounts.isSetUp() && station.ctx.mode !== 'setup') await station.ctx.accounts.ensureDemoAccounts();
  if (as && station.ctx.accounts?.isSetUp()) await station.ctx.accounts.signIn(demoSignIn(as));
  let stopped = false;
  const demo: DemoStation = {
    station,
    base: server.url.replace(/\/$/, ''),
    dataDir,
    events,
    eventsOf: <E extends EventName>(name: E) => listOf(name) as EventMap[E][],
    call: async <T,>(name: string, input: unknown): Promise<T> => {
      const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details });
      return r.value as T;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await station.stop();
    },
  };
  running.push(demo);
  return demo;
}

/** Polls until `pred` holds, failing after `ms`: bounded waits only. */
export async function until(pred: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import { bootDemoStation, type DemoStation } from './demoStation';
import { DEMO_SUPERVISOR_PIN } from '../../electron/station/paymentsService';
import type { TillClientCreated, TillScope } from '../../shared/domain/till';

export interface TillRig {
  readonly demo: DemoStation;
  /** The till API's base URL (…/api/v1). */
  readonly url: string;
  /** The in-process simulator's base URL (its /__sim/ control API). */
  readonly simUrl: string;
  client(name: string, scopes: readonly TillScope[], ratePerMinute?: number): Promise<TillClientCreated>;
  req(key: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>;
}

/** A DEMO station with its till API on a free loopback port. */
export async function bootTillStation(opts: { config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; dataDir?: string } = {}): Promise<TillRig> {
  const demo = await bootDemoStation({ env: { POS_TILL_PORT: '0', ...opts.env }, ...(opts.config ? { config: opts.config } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const url = demo.station.ctx.till?.info().url;
  if (!url) throw new Error('the till API did not start');
  return {
    demo,
    url,
    simUrl: demo.station.ctx.payments!.simulator!.url,
    client: (name, scopes, ratePerMinute) => demo.call<TillClientCreated>('till:createClient', { name, scopes, pin: DEMO_SUPERVISOR_PIN, ...(ratePerMinute ? { ratePerMinute } : {}) }),
    async req(key, method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
    },
  };
}

/**
 * The till integration as the station runs it: the service (always, so a manager can create
 * clients before switching the API on) and its own listener when enabled (config `till.enabled`,
 * or POS_TILL_PORT for kiosks and tests).
 */
import type { TillApiInfo } from '../../shared/domain/till';
import type { StationContext } from '../station/stationContext';
import { createTillService, type TillService } from './tillService';
import { readTls, startTillServer, type RunningTillServer } from './tillServer';

export interface TillStation {
  readonly service: TillService;
  info(): TillApiInfo;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function portFrom(ctx: StationContext, env: NodeJS.ProcessEnv): number | null {
  const raw = env.POS_TILL_PORT;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    ctx.log.warn({ POS_TILL_PORT: raw }, 'POS_TILL_PORT ignored: not a port number 0–65535');
  }
  return ctx.config.till.enabled ? ctx.config.till.port : null;
}

export function createTillStation(ctx: StationContext, env: NodeJS.ProcessEnv): TillStation | null {
  if (!ctx.db || !ctx.payments) return null;
  const service = createTillService(ctx);
  let server: RunningTillServer | null = null;
  return {
    service,
    info: () => ({ url: server?.url ?? null, lan: ctx.config.till.listen === 'lan' }),
    async start() {
      service.start();
      const port = portFrom(ctx, env);
      if (port === null) return;
      try {
        server = await startTillServer({ ctx, service, port, lan: ctx.config.till.listen === 'lan', tls: readTls(ctx) });
        ctx.log.info({ url: server.url, lan: ctx.config.till.listen === 'lan' }, 'till API listening');
      } catch (e) {
        // A taken port must not stop the counter: the cashier can still key amounts in.
        ctx.log.error({ err: e, port }, 'till API could not start');
      }
    },
    async stop() {
      service.stop();
      await server?.close();
      server = null;
    },
  };
}

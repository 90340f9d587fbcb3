/**
 * The till integration as the station runs it: the service (always, so a manager can create
 * clients before switching the API on) and its own listener when enabled (config `till.enabled`,
 * or POS_TILL_PORT for kiosks and tests).
 */
import type { TillApiInfo } from '../../shared/domain/till';
import type { PosConfig } from '../config/configSchema';
import type { Logger } from 'pino';
import { createTillService, type TillDeps, type TillService } from './tillService';
import { readTls, startTillServer, type RunningTillServer } from './tillServer';

export interface TillStation {
  readonly service: TillService;
  info(): TillApiInfo;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function portFrom(config: PosConfig, log: Logger, env: NodeJS.ProcessEnv): number | null {
  const raw = env.POS_TILL_PORT;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) return n;
    log.warn({ POS_TILL_PORT: raw }, 'POS_TILL_PORT ignored: not a port number 0–65535');
  }
  return config.till.enabled ? config.till.port : null;
}

/** Made only where payments run (never in setup mode), so its journal and payments are always there. */
export function createTillStation(deps: TillDeps, env: NodeJS.ProcessEnv): TillStation {
  const { state, log } = deps;
  const service = createTillService(deps);
  let server: RunningTillServer | null = null;
  return {
    service,
    info: () => ({ url: server?.url ?? null, lan: state.config.till.listen === 'lan' }),
    async start() {
      service.start();
      const config = state.config;
      const port = portFrom(config, log, env);
      if (port === null) return;
      try {
        server = await startTillServer({ log, service, port, lan: config.till.listen === 'lan', tls: readTls(config, deps.dataDir), maxBodyBytes: config.till.maxBodyBytes });
        log.info({ url: server.url, lan: config.till.listen === 'lan' }, 'till API listening');
      } catch (e) {
        // A taken port must not stop the counter: the cashier can still key amounts in.
        log.error({ err: e, port }, 'till API could not start');
      }
    },
    async stop() {
      service.stop();
      await server?.close();
      server = null;
    },
  };
}

import path from 'node:path';
import pkg from '../../package.json';
import { loadConfig } from '../config/loadConfig';
import { openJournal, type Db } from '../journal/openJournal';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../shared/domain/clock';
import type { StationSnapshot } from '../../shared/domain/station';
import { isPosError } from '../../shared/errors/posError';
import { combineHandlers, createDispatcher, type Dispatcher, type HandlerGroup } from './dispatcher';
import { EventHub } from './eventHub';
import type { HttpRoute } from './httpRoute';
import type { StationContext } from './stationContext';
import { sessionHandlers } from './handlers/sessionHandlers';
import { settingsHandlers } from './handlers/settingsHandlers';

export interface StationOptions {
  readonly dataDir: string;
  readonly host: 'electron' | 'browser';
  readonly log: Logger;
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
}

export interface Station {
  readonly ctx: StationContext;
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  readonly routes: readonly HttpRoute[];
  snapshot(): StationSnapshot;
  /** Startup work that must finish before a scan is accepted (recovery, devices, simulator). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every domain contributes one handler group; combineHandlers refuses gaps and doubles. */
export const HANDLER_GROUPS: ReadonlyArray<(ctx: StationContext) => HandlerGroup> = [sessionHandlers, settingsHandlers];

/**
 * The composition root. It never imports electron, so the same station runs under either host.
 * A bad config or an unopenable journal does not stop it: it comes up in setup mode and says why.
 */
export function createStation(opts: StationOptions): Station {
  const clock = opts.clock ?? systemClock;
  const loaded = loadConfig(opts.dataDir, opts.env ?? process.env);
  const events = new EventHub();

  let db: Db | null = null;
  let journalProblem: StationContext['setupProblem'] = null;
  try {
    db = openJournal(path.join(opts.dataDir, 'journal.sqlite'));
  } catch (e) {
    journalProblem = { field: '(journal)', message: isPosError(e) ? e.message : String(e) };
    opts.log.error({ err: e }, 'journal could not be opened');
  }

  const ctx: StationContext = {
    dataDir: opts.dataDir,
    host: opts.host,
    configFile: loaded.file,
    config: loaded.config,
    mode: loaded.status === 'ok' && db ? loaded.mode : 'setup',
    setupProblem: journalProblem ?? (loaded.status === 'invalid' ? loaded.problem : null),
    db,
    log: opts.log,
    clock,
    events,
    status: { ready: false, network: 'unknown', devices: [], locale: loaded.config.locale, customerLocale: loaded.config.customerLocale },
    snapshot(): StationSnapshot {
      const queue = { pending: 0, dead: 0 };
      if (ctx.db) {
        const rows = ctx.db.prepare("SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending','running','dead') GROUP BY status").all() as Array<{ status: string; n: number }>;
        for (const r of rows) {
          if (r.status === 'dead') queue.dead += r.n;
          else queue.pending += r.n;
        }
      }
      return {
        version: pkg.version,
        host: ctx.host,
        mode: ctx.mode,
        setupProblem: ctx.setupProblem,
        ready: ctx.status.ready,
        locale: ctx.status.locale,
        customerLocale: ctx.status.customerLocale,
        storeName: ctx.config.store.name,
        currency: ctx.config.currency,
        network: ctx.status.network,
        devices: ctx.status.devices,
        queue,
      };
    },
    publishStatus() {
      events.emit('station:statusChanged', ctx.snapshot());
    },
  };
  if (ctx.setupProblem) opts.log.warn({ problem: ctx.setupProblem }, 'starting in setup mode');

  const handlers = combineHandlers(HANDLER_GROUPS.map((g) => g(ctx)));
  const dispatcher = createDispatcher(handlers, (channel, e) => opts.log.error({ channel, err: e }, 'command failed'));
  const routes: HttpRoute[] = [];

  return {
    ctx,
    dispatcher,
    events,
    routes,
    snapshot: () => ctx.snapshot(),
    async start() {
      ctx.status.ready = ctx.mode !== 'setup';
      opts.log.info({ mode: ctx.mode, host: ctx.host, version: pkg.version }, 'station started');
      ctx.publishStatus();
    },
    async stop() {
      ctx.status.ready = false;
      ctx.db?.close();
    },
  };
}

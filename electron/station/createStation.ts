import path from 'node:path';
import pkg from '../../package.json';
import { loadConfig } from '../config/loadConfig';
import { NO_VAULT, type KeyVault } from '../config/keyVault';
import { openJournal, type Db } from '../journal/openJournal';
import type { Logger } from 'pino';
import { scaledClock, systemClock, type Clock } from '../../shared/domain/clock';
import type { StationSnapshot } from '../../shared/domain/station';
import { isPosError } from '../../shared/errors/posError';
import { combineHandlers, createDispatcher, type Dispatcher, type HandlerGroup } from './dispatcher';
import { EventHub } from './eventHub';
import type { HttpRoute } from './httpRoute';
import type { StationContext } from './stationContext';
import { sessionHandlers } from './handlers/sessionHandlers';
import { settingsHandlers } from './handlers/settingsHandlers';
import { deviceHandlers } from './handlers/deviceHandlers';
import { receiptHandlers } from './handlers/receiptHandlers';
import { startReceiptPrinting } from './receiptPrinter';
import { createDeviceManager, type DeviceManager } from '../devices/deviceManager';
import { deviceSummaries } from './deviceSummaries';
import { updateConfigFile } from '../config/loadConfig';
import { PosError } from '../../shared/errors/posError';
import { createPaymentsService } from './paymentsService';
import { saleHandlers } from './handlers/saleHandlers';
import { paymentHandlers } from './handlers/paymentHandlers';
import { refundHandlers } from './handlers/refundHandlers';
import { queueHandlers } from './handlers/queueHandlers';
import { demoHandlers } from './handlers/demoHandlers';
import { createSettingsService } from './settingsService';
import { createRegistrationService } from './registrationService';
import { reportHandlers } from './handlers/reportHandlers';
import { entryHandlers } from './handlers/entryHandlers';
import { entryStationOf } from './entryStation';
import { accountHandlers } from './handlers/accountHandlers';
import { createAccountsService, DEFAULT_IDLE_LOCK_MS } from '../accounts/accountsService';
import { loadPepper } from '../accounts/pepper';
import type { AccessGuard } from './dispatcher';
import { tillHandlers } from './handlers/tillHandlers';
import { createTillStation } from '../till/tillStation';
import { createHqLinkStation } from './hqLinkStation';
import { hqHandlers } from './handlers/hqHandlers';
import { shiftHandlers } from './handlers/shiftHandlers';
import { createShiftService } from './shiftService';
import { externalKeyFiles, keyFileExposure, octal, secureDataFolder } from '../config/dataFolderModes';
import { createJournalWatch, journalLostError, type JournalWatch } from '../journal/journalWatch';
import { checkpointProblem, openCheckpoint, type CheckpointKeeper } from '../journal/chainCheckpoint';

/** Files this process creates are 0600, folders 0700 (a worker thread cannot set it: then the repair at start covers it). */
function privateUmask(): void {
  if (process.platform === 'win32') return;
  try {
    process.umask(0o077);
  } catch {
    // worker threads: not allowed
  }
}

/** How often the journal file's identity is compared and the chain checkpoint follows the journal. */
export const JOURNAL_WATCH_MS = 1_000;

export interface StationOptions {
  readonly dataDir: string;
  readonly host: 'electron' | 'browser';
  readonly log: Logger;
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
  /** The OS key store (Electron's safeStorage) for sealing the merchant key; absent in the browser host. */
  readonly keyVault?: KeyVault;
}

export interface Station {
  readonly ctx: StationContext;
  readonly dispatcher: Dispatcher;
  readonly events: EventHub;
  readonly routes: readonly HttpRoute[];
  snapshot(): StationSnapshot;
  /** The hosts tell the station where its HTTP server listens (DEMO notifications come back there). */
  setPublicBaseUrl(url: string): void;
  /** Startup work that must finish before a scan is accepted (recovery, devices, simulator). */
  start(): Promise<void>;
  /**
   * After an uncaught error (processGuard): the payments part (engine, queue, DEMO simulator, till,
   * entry codes) is stopped and started again — recovery resumes every open payment from the journal.
   * No new payment is taken meanwhile. Concurrent calls share one restart.
   */
  restartPayments(reason: string): Promise<void>;
  stop(): Promise<void>;
}

/** Every domain contributes one handler group; combineHandlers refuses gaps and doubles. */
export const HANDLER_GROUPS: ReadonlyArray<(ctx: StationContext) => HandlerGroup> = [
  sessionHandlers,
  settingsHandlers,
  (ctx) =>
    deviceHandlers(
      () => {
        if (!ctx.devices) throw new PosError('NOT_READY', 'devices are not available in setup mode');
        return ctx.devices;
      },
      (role, selection) => {
        // Keep the installer's choice across restarts; the manager has already validated it.
        ctx.config = { ...ctx.config, devices: { ...ctx.config.devices, [role]: selection } };
        if (ctx.mode !== 'setup') updateConfigFile(ctx.configFile, [[['devices', role], selection]]);
      },
    ),
  saleHandlers,
  paymentHandlers,
  refundHandlers,
  queueHandlers,
  demoHandlers,
  reportHandlers,
  receiptHandlers,
  entryHandlers,
  accountHandlers,
  tillHandlers,
  hqHandlers,
  shiftHandlers,
];

/**
 * POS_DEMO_TIME_SCALE=N runs the station (and its in-process simulator) N times faster than real time,
 * so demos and end-to-end tests can watch a payment expire. Never honoured with live credentials.
 */
function demoClock(env: NodeJS.ProcessEnv, demo: boolean, log: Logger): Clock {
  const raw = env.POS_DEMO_TIME_SCALE;
  if (!raw) return systemClock;
  const scale = Number(raw);
  if (!demo || !Number.isFinite(scale) || scale < 1 || scale > 1000) {
    log.warn({ POS_DEMO_TIME_SCALE: raw, demo }, 'POS_DEMO_TIME_SCALE ignored (DEMO mode only, 1–1000)');
    return systemClock;
  }
  const now = Date.now();
  return scaledClock(now, now, scale);
}

/** With no account yet in setup mode the installer acts as manager (see accessGuard); the snapshot says so. */
const SETUP_SESSION = { accountId: 'setup', shortId: 'setup', name: 'setup', role: 'manager', signedInAt: 0, idleLockMs: 0 } as const;

/** POS_IDLE_LOCK_MINUTES (1–240, default 5): the counter signs out after this long without a command. */
function idleLockMs(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.POS_IDLE_LOCK_MINUTES);
  return Number.isInteger(n) && n >= 1 && n <= 240 ? n * 60_000 : undefined;
}

/**
 * The dispatcher's view of accounts. A station with no account at all in setup mode (no journal, or a
 * first run whose config is broken) has nobody to sign in: the cashier window then acts as the
 * installer (manager) so the setup screen can work — there is no account or money to protect yet.
 * Once any account exists, setup mode needs a signed-in manager like everything else.
 */
function installer(ctx: StationContext): boolean {
  return ctx.mode === 'setup' && !(ctx.accounts?.isSetUp() ?? false);
}

function accessGuard(ctx: StationContext): AccessGuard {
  return {
    current: () => ctx.accounts?.current() ?? (installer(ctx) ? { accountId: SETUP_SESSION.accountId, role: SETUP_SESSION.role } : null),
    touch: () => ctx.accounts?.touch(),
    verifyApproval: (a, s, purpose) => (ctx.accounts ? ctx.accounts.verifyApproval(a, s, purpose) : Promise.reject(new PosError('NOT_READY', 'approvals need the journal'))),
  };
}

/**
 * The composition root. It never imports electron, so the same station runs under either host.
 * A bad config or an unopenable journal does not stop it: it comes up in setup mode and says why.
 */
export function createStation(opts: StationOptions): Station {
  const env = opts.env ?? process.env;
  // Data at rest (issue 12): the folder 0700, every file 0600, repaired before anything is read;
  // and whatever this process creates from now on (journal, logs, simulator) is private from birth.
  privateUmask();
  for (const r of secureDataFolder(opts.dataDir)) opts.log.warn({ path: r.path, was: octal(r.was), now: octal(r.now) }, 'data folder permission was too open: repaired');
  for (const k of externalKeyFiles(env)) {
    const open = keyFileExposure(k.file);
    if (open) opts.log.warn({ variable: k.variable, file: open.file, mode: open.mode }, 'a key file given from outside the data folder is readable by other accounts: chmod 600 it');
  }
  const loaded = loadConfig(opts.dataDir, env);
  const clock = opts.clock ?? demoClock(env, loaded.status === 'ok' && loaded.mode === 'demo', opts.log);
  const events = new EventHub();

  let db: Db | null = null;
  let journalProblem: StationContext['setupProblem'] = null;
  let watch: JournalWatch | null = null;
  let checkpoint: CheckpointKeeper | null = null;
  const journalFile = path.join(opts.dataDir, 'journal.sqlite');
  try {
    db = openJournal(journalFile);
    watch = createJournalWatch(journalFile);
    // A journal replaced by an older copy (or by another one) is caught here, before any payment.
    checkpoint = openCheckpoint(db, opts.dataDir, opts.keyVault ?? NO_VAULT);
    const problem = checkpointProblem(checkpoint.verdict);
    if (problem) {
      journalProblem = { field: '(journal)', message: problem };
      opts.log.error({ verdict: checkpoint.verdict }, 'journal does not match its checkpoint');
    }
  } catch (e) {
    journalProblem = { field: '(journal)', message: isPosError(e) ? e.message : String(e) };
    opts.log.error({ err: e }, 'journal could not be opened');
  }

  const devices: DeviceManager | null = db
    ? createDeviceManager({ db, clock, demo: loaded.status === 'ok' && loaded.mode === 'demo', selections: loaded.config.devices, demoPrinterAnswers: env.POS_DEMO_PRINTER === 'write-only' ? 'none' : 'status' })
    : null;

  const ctx: StationContext = {
    dataDir: opts.dataDir,
    host: opts.host,
    configFile: loaded.file,
    keyVault: opts.keyVault ?? NO_VAULT,
    config: loaded.config,
    mode: loaded.status === 'ok' && db && !journalProblem ? loaded.mode : 'setup',
    setupProblem: journalProblem ?? (loaded.status === 'invalid' ? loaded.problem : null),
    db,
    log: opts.log,
    clock,
    events,
    devices,
    status: { ready: false, network: 'unknown', devices: [], locale: loaded.config.locale, customerLocale: loaded.config.customerLocale },
    snapshot(): StationSnapshot {
      const queue = { pending: 0, dead: 0 };
      if (ctx.db) {
        const rows = ctx.db.prepare("SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' GROUP BY status").all() as Array<{ status: string; n: number }>;
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
        gatewayRejected: ctx.status.gatewayRejected ?? null,
        devices: ctx.status.devices,
        queue,
        session: ctx.accounts?.sessionView() ?? (installer(ctx) ? SETUP_SESSION : null),
        accountsSetUp: ctx.accounts ? ctx.accounts.isSetUp() : true,
      };
    },
    publishStatus() {
      events.emit('station:statusChanged', ctx.snapshot());
    },
  };
  if (ctx.setupProblem) opts.log.warn({ problem: ctx.setupProblem }, 'starting in setup mode');
  let journalLost = false;
  let restarting: Promise<void> | null = null;
  ctx.journalGuard = () => {
    watch?.assertIntact();
    if (restarting) throw new PosError('NOT_READY', 'payments are restarting after an internal error; try again in a moment', { retryable: true });
  };
  /** The journal file is compared with the path, and the checkpoint follows the chain head. */
  const watchJournal = (): void => {
    const loss = watch?.check() ?? null;
    if (loss) {
      if (journalLost) return;
      journalLost = true;
      // The checkpoint keeps the last head seen: a journal put back later is still judged by it.
      opts.log.error({ loss: loss.kind, file: journalFile }, 'the journal file was deleted or replaced while running: new payments are refused');
      ctx.status.ready = false;
      ctx.setupProblem = { field: '(journal)', message: journalLostError(loss).message };
      ctx.publishStatus();
      return;
    }
    try {
      checkpoint?.update();
    } catch (e) {
      opts.log.error({ err: e }, 'journal checkpoint could not be written');
    }
  };
  const watchTimer = db ? setInterval(watchJournal, JOURNAL_WATCH_MS) : null;
  watchTimer?.unref();
  ctx.payments = ctx.mode !== 'setup' ? createPaymentsService(ctx) : null;
  ctx.registration = ctx.payments ? createRegistrationService(ctx) : null;
  ctx.till = ctx.payments ? createTillStation(ctx, env) : null;
  ctx.hqLink = ctx.payments ? createHqLinkStation(ctx) : null;
  ctx.shifts = ctx.payments && db ? createShiftService(ctx, db, () => ctx.payments!.requireRuntime()) : null;
  ctx.settings = createSettingsService(ctx, opts.env ?? process.env, () => ctx.registration?.current() ?? null);

  // Idle lock is a person's time: on a time-scaled DEMO clock, 5 minutes at the counter are 5 real minutes.
  const idleMs = (idleLockMs(env) ?? DEFAULT_IDLE_LOCK_MS) * (clock.scale ?? 1);
  ctx.accounts = db ? createAccountsService({ db, pepper: loadPepper(opts.dataDir), clock, idleLockMs: idleMs, onSessionChanged: () => ctx.publishStatus() }) : null;

  const handlers = combineHandlers(HANDLER_GROUPS.map((g) => g(ctx)));
  const dispatcher = createDispatcher(handlers, (channel, e) => opts.log.error({ channel, err: e }, 'command failed'), accessGuard(ctx));
  // The counter locks itself after idling even when no command comes to notice it.
  const idleTimer = ctx.accounts ? setInterval(() => ctx.accounts?.current(), 5_000) : null;
  idleTimer?.unref();
  const routes: HttpRoute[] = [];
  let stopReceipts: (() => void) | null = null;
  if (ctx.payments) routes.push(ctx.payments.notifyRoute, ctx.payments.cnNotifyRoute);
  const entry = entryStationOf(ctx);
  if (entry) routes.push(...entry.routes);
  if (ctx.registration) routes.push(ctx.registration.notifyRoute);

  const startPayments = async (): Promise<void> => {
    try {
      // Recovery of unresolved payments completes before the station says it is ready for scans.
      stopReceipts = startReceiptPrinting(ctx);
      await ctx.payments?.start();
      entry?.service.start();
      if (ctx.payments?.runtime) await ctx.till?.start();
      // After recovery: a relayed notification finds every attempt loaded.
      // A broken link (its key file gone) never stops the till: it is said in Settings and the log.
      if (ctx.payments?.runtime) {
        try {
          ctx.hqLink?.start();
        } catch (e) {
          opts.log.error({ err: e }, 'head office link could not start');
        }
      }
    } catch (e) {
      opts.log.error({ err: e }, 'payments failed to start');
      ctx.mode = 'setup';
      ctx.setupProblem = { field: 'alipay', message: `payments could not start: ${isPosError(e) ? e.message : String(e)}` };
    }
  };
  const stopPayments = async (): Promise<void> => {
    stopReceipts?.();
    stopReceipts = null;
    await ctx.till?.stop();
    await ctx.hqLink?.stop();
    entry?.service.stop();
    await ctx.payments?.stop();
  };

  return {
    ctx,
    dispatcher,
    events,
    routes,
    snapshot: () => ctx.snapshot(),
    setPublicBaseUrl: (url) => ctx.payments?.setPublicBaseUrl(url),
    async start() {
      if (ctx.mode === 'demo') await ctx.accounts?.ensureDemoAccounts();
      if (devices) {
        devices.subscribe((e) => {
          switch (e.type) {
            case 'statusChanged':
              events.emit('device:statusChanged', e.snapshot);
              ctx.status.devices = deviceSummaries(e.snapshot);
              ctx.publishStatus();
              break;
            case 'scanRejected':
              events.emit('device:scanRejected', { reason: e.rejection.reason, detail: e.rejection.detail, device: e.rejection.device, at: e.rejection.at });
              break;
            case 'scan':
              break; // payments subscribe to scans themselves
          }
        });
      }
      // Devices and payments start side by side (ptys and key generation overlap); both finish
      // before the station is ready, so recovery still completes before a scan is accepted.
      const devicesUp = (async () => {
        if (!devices) return;
        try {
          ctx.status.devices = deviceSummaries(await devices.start());
        } catch (e) {
          // A missing scanner must not stop the till: the status bar shows it, cashiers can still key in.
          opts.log.error({ err: e }, 'devices failed to start');
        }
      })();
      const paymentsUp = startPayments();
      await Promise.all([devicesUp, paymentsUp]);
      ctx.status.ready = ctx.mode !== 'setup';
      opts.log.info({ mode: ctx.mode, host: ctx.host, version: pkg.version }, 'station started');
      ctx.publishStatus();
    },
    restartPayments(reason) {
      if (restarting) return restarting;
      if (!ctx.payments || ctx.mode === 'setup') return Promise.resolve();
      opts.log.warn({ reason }, 'restarting payments after an internal error');
      ctx.status.ready = false;
      ctx.publishStatus();
      restarting = (async () => {
        try {
          await stopPayments().catch((e: unknown) => opts.log.error({ err: e }, 'payments did not stop cleanly'));
          await startPayments();
        } finally {
          restarting = null;
          ctx.status.ready = ctx.mode !== 'setup' && !journalLost;
          opts.log.info({ ready: ctx.status.ready }, 'payments restarted');
          ctx.publishStatus();
        }
      })();
      return restarting;
    },
    async stop() {
      await restarting;
      ctx.status.ready = false;
      if (idleTimer) clearInterval(idleTimer);
      if (watchTimer) clearInterval(watchTimer);
      await stopPayments();
      await devices?.stop();
      watchJournal(); // the last head goes into the checkpoint before the journal closes
      ctx.db?.close();
    },
  };
}

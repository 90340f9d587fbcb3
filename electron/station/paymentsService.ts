/**
 * Payments wired into the station: the AMS client for LIVE (from config) or the in-process simulator
 * for DEMO, the payments runtime (engine, journal, offline queue), the notify route, device scans,
 * and the events the UI listens to. Startup recovery runs in start(), before the station is ready.
 */
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PosConfig } from '../config/configSchema';
import { createAmsClient, type AmsClient } from '../payments/ams/amsClient';
import { createAmsAcquirer } from '../payments/ams/amsAcquirer';
import type { AcquirerPort } from '../payments/engine/enginePorts';
import { CN_NOTIFY_PATH, setUpCnAcquirer, type CnSetup } from './cnAcquirerSetup';
import { CN_USER_POLL_SCHEDULE_MS } from '../payments/cn/cnAcquirer';
import { readKeyFile } from '../payments/ams/keys';
import { readKeyText } from '../config/keyVault';
import { DEFAULT_POLICY, DEFAULT_ORDER_POLL_SCHEDULE_MS, DEFAULT_USER_POLL_SCHEDULE_MS, type EnginePolicy } from '../payments/engine/enginePolicy';
import type { OutboxPolicy } from '../journal/outbox/outboxLoop';
import { createPayments, type Payments } from '../payments/createPayments';
import { createPaymentEvents, type PaymentEvents } from '../payments/paymentEvents';
import { createEntryStation, type EntryStation } from './entryStation';
import type { RunningSimulator } from '../simulator';
import { toCurrency } from '../../shared/domain/money';
import { notifyReachOf } from '../../shared/domain/notifyReach';
import { isPosError, PosError } from '../../shared/errors/posError';
import type { PaymentsService } from './paymentsServiceApi';
import type { StationContext } from './stationContext';

export const NOTIFY_PATH = '/alipay/notify';
/** DEMO only: the documented demo supervisor (accountsService DEMO_ACCOUNTS), for tills and tests. */
export const DEMO_SUPERVISOR_ID = '200';
export const DEMO_SUPERVISOR_PIN = '246810';
/** DEMO only: the demo manager's PIN (till API clients are a manager's act). */
export const DEMO_MANAGER_PIN = '135790';

export function enginePolicyFrom(c: PosConfig, clockScale = 1): EnginePolicy {
  return {
    ...DEFAULT_POLICY,
    // Absence of a pay is proven only well after its own (real-time) deadlines: twice connect + read,
    // in engine-clock time (a time-scaled demo runs the clock faster than the network).
    orderAbsentAfterMs: Math.max(DEFAULT_POLICY.orderAbsentAfterMs, 2 * (c.alipay.connectTimeoutMs + c.alipay.readTimeoutMs) * clockScale),
    expiryMs: c.payment.expiryMinutes * 60_000,
    graceMs: c.payment.graceSeconds * 1_000,
    userPollScheduleMs: c.payment.pollScheduleMs ?? (c.alipay.acquirer === 'alipay-cn' ? CN_USER_POLL_SCHEDULE_MS : DEFAULT_USER_POLL_SCHEDULE_MS),
    orderPollScheduleMs: c.payment.orderPollScheduleMs ?? DEFAULT_ORDER_POLL_SCHEDULE_MS,
    maxPolls: c.payment.maxPolls,
  };
}

export function outboxPolicyFrom(c: PosConfig): OutboxPolicy {
  return { baseDelayMs: c.payment.queueBaseDelayMs, maxDelayMs: c.payment.queueMaxDelayMs, maxFailures: c.payment.queueMaxFailures };
}

export type { PaymentsService } from './paymentsServiceApi';

/** The station's payments, or NOT_READY in setup mode (no journal or no config to pay with). */
export function requirePayments(ctx: StationContext): PaymentsService {
  if (!ctx.payments) throw new PosError('NOT_READY', 'payments are not available in setup mode');
  return ctx.payments;
}

/**
 * Windows hear what the payments tell the bus, and the status bar follows: the hub is a relay only.
 * The counter's own sale is let go once it is paid or voided.
 */
function relayToWindows(ctx: StationContext, events: PaymentEvents, service: PaymentsService): void {
  events.onSale((p) => {
    ctx.events.emit('payment:stateChanged', p);
    if (service.currentSaleId === p.sale.saleId && (p.sale.status === 'paid' || p.sale.status === 'voided')) service.currentSaleId = null;
  });
  events.on('queueChanged', (q) => {
    ctx.events.emit('queue:changed', q);
    ctx.publishStatus();
  });
  events.on('networkChanged', (state) => {
    ctx.status.network = state;
    ctx.publishStatus();
  });
  events.on('unresolvedChanged', (u) => ctx.events.emit('payment:unresolvedListed', u));
  events.on('gatewayRejected', (r) => {
    ctx.status.gatewayRejected = r?.resultCode ?? null;
    ctx.publishStatus();
  });
}

export function createPaymentsService(ctx: StationContext): PaymentsService {
  const { log } = ctx;
  let runtime: Payments | null = null;
  let client: AmsClient | null = null;
  let sim: RunningSimulator | null = null;
  let baseUrl: string | null = null;
  let unsubscribeScans: (() => void) | null = null;
  let cn: CnSetup | null = null;

  const publicUrl = (p: string): string => `${(ctx.config.alipay.publicBaseUrl ?? baseUrl ?? 'http://127.0.0.1:8480').replace(/\/+$/, '')}${p}`;
  // Enrolled with a head office: HQ is the public paymentNotifyUrl and relays to us (issue 16).
  const notifyUrl = (): string => ctx.hqLink?.notifyUrl('ams') ?? publicUrl(NOTIFY_PATH);
  let alipayKey: string | null = null;
  const events = createPaymentEvents(log);
  let entry: EntryStation | null = null;

  const service: PaymentsService = {
    events,
    get entry() {
      return entry;
    },
    currentSaleId: null,
    shownSaleId: null,
    get runtime() {
      return runtime;
    },
    get gateway() {
      return client && alipayKey !== null ? { client, alipayPublicKey: alipayKey, clientId: client.clientId } : null;
    },
    get simulator() {
      return sim;
    },
    get acquirer() {
      return ctx.config.alipay.acquirer;
    },
    get cnSimulator() {
      return cn?.simulator ?? null;
    },
    get cnBillSource() {
      return cn ? { client: cn.client, ...(cn.sellerId ? { sellerId: cn.sellerId } : {}) } : null;
    },
    cnNotifyRoute: {
      method: 'POST',
      path: CN_NOTIFY_PATH,
      async handle(_req: IncomingMessage, res: ServerResponse, body: Buffer) {
        // Not acknowledged while starting (or on an AMS terminal): Alipay sends it again.
        const handler = runtime?.handleCnNotification;
        if (!handler) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('fail');
        const out = await handler(body);
        res.writeHead(out.status, { 'content-type': 'text/plain; charset=utf-8' }).end(out.body);
      },
    },
    publicUrl,
    notifyRoute: {
      method: 'POST',
      path: NOTIFY_PATH,
      async handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
        if (!runtime) {
          // Not acknowledged: Alipay sends it again once we are up.
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"result":{"resultCode":"SYSTEM_BUSY","resultStatus":"U","resultMessage":"starting"}}');
          return;
        }
        const out = await runtime.handleNotification({ path: new URL(req.url ?? NOTIFY_PATH, 'http://station').pathname, headers: req.headers, body });
        res.writeHead(out.status, { 'content-type': 'application/json; charset=UTF-8' }).end(out.body);
      },
    },
    setPublicBaseUrl(url) {
      baseUrl = url;
    },
    async start() {
      if (!ctx.db) return;
      const c = ctx.config;
      let alipayPublicKey: string;
      let port: AcquirerPort;
      if (c.alipay.acquirer === 'alipay-cn') {
        cn = await setUpCnAcquirer(ctx);
        port = cn.acquirer;
        alipayPublicKey = cn.alipayPublicKey;
        if (ctx.mode === 'demo') {
          log.warn({ simulator: cn.simulator?.url }, 'DEMO mode: payments go to the in-process 当面付 simulator');
        }
      } else if (ctx.mode === 'demo') {
        const { startSimulator } = await import('../simulator');
        sim = await startSimulator({
          dataFile: path.join(ctx.dataDir, 'simulator.sqlite'), clock: ctx.clock,
          // DEMO runs the simulator in the station's process: its full disk is logged, never fatal.
          onFault: (e, where) => log.error({ err: e, where }, 'DEMO simulator background work failed; retrying'),
        });
        alipayPublicKey = sim.alipayPublicKey;
        client = createAmsClient({
          clientId: sim.clientId, merchantPrivateKey: sim.merchantPrivateKey!, alipayPublicKey, baseUrl: sim.url, clock: ctx.clock,
          connectTimeoutMs: c.alipay.connectTimeoutMs, readTimeoutMs: c.alipay.readTimeoutMs,
        });
        log.warn({ simulator: sim.url }, 'DEMO mode: payments go to the in-process AMS simulator');
      } else {
        const keyPath = (f: string): string => (path.isAbsolute(f) ? f : path.join(ctx.dataDir, f));
        alipayPublicKey = readKeyFile(keyPath(c.alipay.alipayPublicKeyFile!));
        client = createAmsClient({
          clientId: c.alipay.clientId!, merchantPrivateKey: readKeyText(ctx.keyVault, keyPath(c.alipay.privateKeyFile!)), alipayPublicKey, clock: ctx.clock,
          region: c.alipay.region, ...(c.alipay.keyVersion ? { keyVersion: c.alipay.keyVersion } : {}), ...(c.alipay.agentToken ? { agentToken: c.alipay.agentToken } : {}),
          ...(c.alipay.baseUrl ? { baseUrl: c.alipay.baseUrl } : {}), ...(c.alipay.pathPrefix ? { pathPrefix: c.alipay.pathPrefix } : {}),
          connectTimeoutMs: c.alipay.connectTimeoutMs, readTimeoutMs: c.alipay.readTimeoutMs,
          ...(c.alipay.proxyUrl ? { proxy: { url: c.alipay.proxyUrl, ...(c.alipay.noProxy ? { noProxy: c.alipay.noProxy } : {}) } } : {}),
        });
      }
      port ??= createAmsAcquirer(client!);
      const clientId = cn ? cn.appId : client!.clientId;
      alipayKey = alipayPublicKey;
      const reach = notifyReachOf(ctx.mode, c.alipay.publicBaseUrl, NOTIFY_PATH);
      if (reach.kind === 'pollingOnly') {
        log.warn({ reason: reach.reason, publicBaseUrl: c.alipay.publicBaseUrl ?? null },
          'Alipay cannot reach this terminal (alipay.publicBaseUrl is unset or not a public address): payment results arrive by polling only, no notifications');
      }
      runtime = createPayments({
        db: ctx.db,
        clock: ctx.clock,
        gateway: port,
        ...(cn ? { cn: { appId: cn.appId, ...(cn.sellerId ? { sellerId: cn.sellerId } : {}), alipayPublicKey: cn.alipayPublicKey } } : {}),
        policy: enginePolicyFrom(c, ctx.clock.scale ?? 1),
        outboxPolicy: outboxPolicyFrom(c),
        payContext: () => ({
          merchant: {
            referenceMerchantId: ctx.config.store.referenceMerchantId, merchantName: ctx.config.store.merchantName, merchantMCC: ctx.config.store.merchantMCC,
            store: { referenceStoreId: ctx.config.store.referenceStoreId, storeName: ctx.config.store.name, storeMCC: ctx.config.store.storeMCC },
          },
          paymentNotifyUrl: cn ? (ctx.hqLink?.notifyUrl('alipay-cn') ?? publicUrl(CN_NOTIFY_PATH)) : notifyUrl(),
          ...(ctx.config.alipay.settlementCurrency ? { settlementCurrency: toCurrency(ctx.config.alipay.settlementCurrency) } : {}),
          storeTerminalId: ctx.config.store.terminalId,
          orderDescription: `${ctx.config.store.name} sale`,
        }),
        alipayPublicKey,
        clientId,
        notifyUrl,
        log,
        moneyGate: () => ctx.journalGuard?.(),
        events,
      });
      // Recovery first: no scan is accepted until every unresolved attempt has been resumed.
      const unresolved = await runtime.start();
      if (unresolved.length > 0) log.warn({ unresolved: unresolved.map((a) => a.paymentRequestId) }, 'unresolved payments after start');
      // LIVE go-live check: one signed inquiry, so a wrong key or client id shows within seconds, not at the first sale.
      if (!sim) void runtime.checkCredentials().catch((e: unknown) => log.warn({ err: e }, 'credentials check failed'));
      if (ctx.devices) unsubscribeScans = ctx.devices.subscribe((e) => (e.type === 'scan' ? service.onScan(e.scan) : undefined));
    },
    async stop() {
      unsubscribeScans?.();
      runtime?.stop();
      await runtime?.engine.idle().catch(() => undefined);
      runtime = null;
      client?.close();
      await sim?.stop();
      sim = null;
      cn?.client.close();
      await cn?.simulator?.stop();
      cn = null;
    },
    requireRuntime() {
      if (!runtime) throw new PosError('NOT_READY', 'payments are not available (setup mode or still starting)', { retryable: true });
      return runtime;
    },
    sales: () => service.requireRuntime().sales,
    checkout: () => service.requireRuntime().checkout,
    refunds: () => service.requireRuntime().refunds,
    queueJobs: () => service.requireRuntime().queueJobs,
    /** Device scans: only Alipay payment codes act, and only on the current open sale. */
    onScan(scan) {
      if (scan.classification.kind !== 'alipayPaymentCode') return;
      const tail = scan.raw.slice(-4);
      try {
        const checkout = service.checkout();
        // Amount keyed, no Enter (issue 14): only the cashier window knows the amount, so it gets the code.
        if (!service.currentSaleId) return void ctx.events.emit('payment:scanForwarded', { code: scan.raw, codeTail: tail, at: scan.at });
        checkout.startWithCode(service.currentSaleId, scan.raw);
      } catch (e) {
        const err = isPosError(e) ? e : new PosError('INTERNAL', 'could not start the payment');
        if (!isPosError(e)) log.error({ err: e }, 'scan handling failed');
        ctx.events.emit('payment:scanRefused', { code: err.code, message: err.message, codeTail: tail, at: scan.at });
      }
    },
  };
  relayToWindows(ctx, events, service);
  entry = createEntryStation(ctx, service);
  return service;
}

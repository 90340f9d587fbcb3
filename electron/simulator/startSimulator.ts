import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, type KeyObject } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/domain/clock';
import { formatAmsTime } from '../payments/ams/amsTime';
import { generateAmsKeyPairAsync, loadPrivateKey, loadPublicKey, publicKeyToBase64, type KeyInput } from '../payments/ams/keys';
import { businessDayOf } from './businessDay';
import { createFaults, type Faults, type FaultRule } from './faults';
import { createNotifier, type Notifier } from './notifier';
import { createSimCore, simCustomerInfo, type SimCore } from './simCore';
import type { SimPayment, SimRegistration } from './simRecords';
import { createSimHttpServer } from './simServer';
import { openSimStore, type SimStore } from './simStore';
import { settlementFiles, transactionItemsFile, type SettlementFile } from './settlementFiles';
import { createWallet, viewOf, type VirtualWallet } from './wallet';
import { entryPageHtml, qrPageHtml } from './walletPages';
import { controlRefusal, isLoopbackUrl } from './controlGuard';

export interface SimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  /** The merchant client id the simulator serves (default SIM_CLIENT_0001, or what the data file remembers). */
  readonly clientId?: string;
  /** The merchant's public key (base64 SPKI / PEM). Absent: a merchant key pair is generated and returned. */
  readonly merchantPublicKey?: KeyInput;
  /** The simulator's own private key; absent: generated (and kept in the data file if any). */
  readonly alipayPrivateKey?: KeyInput;
  /** SQLite file for state that survives a restart. */
  readonly dataFile?: string;
  readonly clock?: Clock;
  /** Multiplies the notification retry schedule (0.001 → 15 h becomes 54 s). */
  readonly notifyScheduleScale?: number;
  /** Used when a pay request carries no paymentExpiryTime (AMS default: 3 minutes). */
  readonly defaultExpiryMs?: number;
  readonly registrationDelayMs?: number;
  /** Real-time delay of the "slow answer" scenario (26). */
  readonly slowResponseMs?: number;
  readonly oneTimeCodes?: boolean;
  readonly requireRegistration?: boolean;
  /** Offset for datetimes in bodies (default +08:00). */
  readonly timeOffsetMinutes?: number;
  /** Settlement currencies the merchant has a contract for (default: the major ones, see requestSchemas). */
  readonly settlementContracts?: readonly string[];
  /** Entry-code redirect: an https wallet page (default) or an `alipays://` deep link as Alipay may answer. */
  readonly entryRedirect?: 'https' | 'deeplink';
  /**
   * A timer's work failed (its SQLite file on a full disk): the simulator runs in the station's
   * process in DEMO, so this is reported here and the work retried, never thrown into the process.
   */
  readonly onFault?: (e: unknown, where: string) => void;
}

/** Per process: the wallet pages' forms carry it, so a form posted from any other page is refused (controlGuard). */
const FORM_TOKEN = randomBytes(18).toString('base64url');

/** A timer whose work failed tries again after this (a full disk may have room by then). */
const FAULT_RETRY_MS = 5_000;

export interface RunningSimulator {
  readonly url: string;
  readonly clientId: string;
  /** base64 SPKI DER of the simulator's signing key: the merchant's "Alipay public key". */
  readonly alipayPublicKey: string;
  /** Only when the simulator generated the merchant key pair (no merchantPublicKey given). */
  readonly merchantPrivateKey: string | undefined;
  readonly wallet: VirtualWallet;
  readonly faults: Faults;
  /** Transaction-items and settlement files for a business day (YYYYMMDD, Beijing). */
  readonly files: { transactionItems(day: string): SettlementFile; settlement(day: string): SettlementFile[]; today(): string };
  /** Moves the simulator clock (same as clock skew): expiry, plans and notifications catch up. */
  advanceTime(ms: number): void;
  /** Resolves when queued notifications have no send in flight. */
  notificationsIdle(): Promise<void>;
  /** Resolves when every held (slow) answer has gone out, and with it every slow pay is recorded. */
  heldIdle(): Promise<void>;
  readonly store: SimStore;
  readonly core: SimCore;
  stop(): Promise<void>;
}

const DEFAULT_CLIENT_ID = 'SIM_CLIENT_0001';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const store = openSimStore(options.dataFile);

  // Keys: explicit option > remembered in the data file > generated (and remembered). Missing pairs
  // are generated together, in the background pool.
  const needAlipay = options.alipayPrivateKey === undefined && !store.getMeta('alipayPrivateKey');
  const needMerchant = options.merchantPublicKey === undefined && !store.getMeta('merchantPrivateKey');
  const [freshAlipay, freshMerchant] = await Promise.all([
    needAlipay ? generateAmsKeyPairAsync() : null,
    needMerchant ? generateAmsKeyPairAsync() : null,
  ]);
  let alipayPrivate: KeyObject;
  if (options.alipayPrivateKey !== undefined) alipayPrivate = loadPrivateKey(options.alipayPrivateKey);
  else {
    const remembered = store.getMeta('alipayPrivateKey');
    const text = remembered ?? freshAlipay!.privateKey;
    if (!remembered) store.setMeta('alipayPrivateKey', text);
    alipayPrivate = loadPrivateKey(text);
  }
  const alipayPublicKey = publicKeyToBase64(loadPublicKey(alipayPrivate));
  let merchantPrivateKey: string | undefined;
  let merchantPublic: KeyObject;
  if (options.merchantPublicKey !== undefined) merchantPublic = loadPublicKey(options.merchantPublicKey);
  else {
    const remembered = store.getMeta('merchantPrivateKey');
    merchantPrivateKey = remembered ?? freshMerchant!.privateKey;
    if (!remembered) store.setMeta('merchantPrivateKey', merchantPrivateKey);
    merchantPublic = loadPublicKey(loadPrivateKey(merchantPrivateKey));
  }
  const clientId = options.clientId ?? store.getMeta('clientId') ?? DEFAULT_CLIENT_ID;
  store.setMeta('clientId', clientId);

  // Clock skew lives in one place, the faults API; the simulator clock is the injected one plus it.
  const faults = createFaults({
    initialSkewMs: Number(store.getMeta('clockSkewMs') ?? '0'),
    onSkew: (ms) => {
      store.setMeta('clockSkewMs', String(ms));
      catchUp();
    },
  });
  const now = (): number => clock.now() + faults.clockSkewMs;
  const timers = new Set<unknown>();
  let stopped = false;
  const onFault = options.onFault ?? ((e: unknown, where: string) => process.stderr.write(`simulator ${where} failed: ${(e as Error)?.message ?? String(e)}\n`));
  const setTimer = (fn: () => void, ms: number): unknown => {
    const h: unknown = clock.setTimeout(() => {
      timers.delete(h);
      if (stopped) return;
      try {
        fn();
      } catch (e) {
        onFault(e, 'timer');
        setTimer(fn, FAULT_RETRY_MS);
      }
    }, ms);
    timers.add(h);
    return h;
  };
  const clearTimer = (h: unknown): void => { timers.delete(h); clock.clearTimeout(h); };

  const notifier: Notifier = createNotifier({ store, now, setTimer, clearTimer, scale: options.notifyScheduleScale ?? 1, privateKey: () => alipayPrivate, onFault });
  let baseUrl = '';
  const offset = options.timeOffsetMinutes ?? 480;
  const core = createSimCore(store, now, {
    // In-store, Alipay notifies successes only (AMS.md §10); failures and expiries are learned by inquiry.
    paymentFinal: (p) => void (p.status === 'SUCCESS' && notifier.enqueue({ kind: 'PAYMENT_RESULT', url: p.notifyUrl, clientId: p.clientId, body: paymentNotificationBody(p, offset), subject: p.paymentRequestId })),
    registrationDecided: (r) => notifier.enqueue({ kind: 'REGISTRATION_STATUS', url: r.notifyUrl, clientId, body: registrationNotificationBody(r), subject: r.registrationRequestId }),
    // +1 ms: Node may fire a timer up to a millisecond before Date.now() reaches its due time, and a
    // wake-up that finds nothing due yet would leave the transition waiting for the next request.
    wakeAt: (at) => void setTimer(() => core.settleAll(), Math.max(0, at - now()) + 1),
  }, {
    defaultExpiryMs: options.defaultExpiryMs ?? 180_000,
    registrationDelayMs: options.registrationDelayMs ?? 5_000,
    oneTimeCodes: options.oneTimeCodes ?? true,
    requireRegistration: options.requireRegistration ?? false,
    timeOffsetMinutes: offset,
    ...(options.settlementContracts ? { settlementContracts: options.settlementContracts } : {}),
    ...(options.entryRedirect ? { entryRedirect: options.entryRedirect } : {}),
    baseUrl: () => baseUrl,
  });

  function catchUp(): void {
    core.settleAll();
    notifier.pump();
  }

  const wallet = createWallet(core, () => store.payments.values());
  const files = {
    transactionItems: (day: string) => transactionItemsFile(store, clientId, day),
    settlement: (day: string) => settlementFiles(store, clientId, day),
    today: () => businessDayOf(now()),
  };

  const held = new Set<Promise<void>>();
  const server: http.Server = createSimHttpServer({
    core, faults, now, alipayPrivateKey: () => alipayPrivate,
    merchantKey: (id) => (id === clientId ? merchantPublic : undefined),
    slowResponseMs: options.slowResponseMs ?? 20_000,
    wallNow: () => clock.now(),
    trackHeld: (p) => {
      const t = p.finally(() => held.delete(t));
      held.add(t);
    },
    control: (req, body, res) => control({ req, body, res, core, store, wallet, faults, files, now, info: () => ({ url: baseUrl, clientId, alipayPublicKey }), notifier, offset }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${host}:${addr.port}`;

  // Resume after a restart: overdue plans settle, pending notifications go out again.
  catchUp();
  for (const p of store.payments.values()) if (p.status === 'PROCESSING') core.settle(p);

  return {
    url: baseUrl, clientId, alipayPublicKey, merchantPrivateKey, wallet, faults, files, store, core,
    advanceTime: (ms) => faults.setClockSkew(faults.clockSkewMs + ms),
    notificationsIdle: () => notifier.idle(),
    async heldIdle() {
      // setImmediate: the answer is written (and the payment recorded) right after the hold ends.
      while (held.size > 0) {
        await Promise.allSettled([...held]);
        await new Promise((r) => setImmediate(r));
      }
    },
    async stop() {
      stopped = true;
      notifier.stop();
      for (const h of timers) clock.clearTimeout(h);
      timers.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await notifier.idle();
      store.close();
    },
  };
}

export function paymentNotificationBody(p: SimPayment, offsetMinutes: number): string {
  const t = (ms: number): string => formatAmsTime(ms, offsetMinutes);
  const paid = p.status === 'SUCCESS';
  return JSON.stringify({
    notifyType: 'PAYMENT_RESULT',
    result: { resultCode: p.resultCode, resultStatus: paid ? 'S' : 'F', resultMessage: p.resultMessage },
    paymentRequestId: p.paymentRequestId,
    paymentId: p.paymentId,
    paymentAmount: p.amount,
    paymentCreateTime: t(p.createdAt),
    ...(p.finishedAt !== undefined ? { paymentTime: t(p.finishedAt) } : {}),
    ...(paid ? { actualPaymentAmount: p.amount, pspCustomerInfo: simCustomerInfo(p) } : {}),
  });
}

function registrationNotificationBody(r: SimRegistration): string {
  return JSON.stringify({
    notifyType: 'REGISTRATION_STATUS',
    registrationRequestId: r.registrationRequestId,
    referenceMerchantId: r.referenceMerchantId,
    registrationResult: { registrationStatus: r.status, ...(r.rejectReasons ? { rejectReasons: r.rejectReasons } : {}) },
  });
}

interface ControlCtx {
  req: http.IncomingMessage; body: Buffer; res: http.ServerResponse; core: SimCore; store: SimStore; wallet: VirtualWallet; faults: Faults;
  files: RunningSimulator['files']; now: () => number; info: () => { url: string; clientId: string; alipayPublicKey: string }; notifier: Notifier; offset: number;
}

/** `/__sim/*`: JSON control API for e2e tests and the demo wallet UI (README "Simulator scenarios"). */
function control(c: ControlCtx): void {
  const url = new URL(c.req.url ?? '/', 'http://sim');
  const path = url.pathname;
  const method = c.req.method ?? 'GET';
  const json = (status: number, value: unknown): void => {
    const out = JSON.stringify(value);
    c.res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(out)) });
    c.res.end(out);
  };
  const text = (status: number, type: string, out: string): void => {
    c.res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(out)) });
    c.res.end(out);
  };
  const refused = controlRefusal(c.req, path, c.info().url, c.body, FORM_TOKEN);
  if (refused) return json(refused.status, { error: refused.error });
  let input: Record<string, unknown> = {};
  if (c.body.length > 0) {
    if (/^application\/x-www-form-urlencoded/i.test(c.req.headers['content-type'] ?? '')) {
      // The wallet page's own forms (controlGuard lets them through from the simulator's origin only).
      input = Object.fromEntries(new URLSearchParams(c.body.toString('utf8')));
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.body.toString('utf8'));
      } catch {
        return json(400, { error: 'body: malformed JSON' });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return json(400, { error: 'body: a JSON object is required' });
      input = parsed as Record<string, unknown>;
    }
  }
  /** pay-entry / open-entry fetch the entry page the station showed: on this machine, nothing else. */
  const fetchable = (u: string): boolean => isLoopbackUrl(u);
  const str = (k: string): string | undefined => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  const ref = (): { paymentId: string } | { paymentRequestId: string } | undefined => {
    const id = str('paymentId');
    if (id) return { paymentId: id };
    const rid = str('paymentRequestId');
    return rid ? { paymentRequestId: rid } : undefined;
  };
  const walletReply = (r: ReturnType<VirtualWallet['confirm']>): void => {
    if (str('redirect')) {
      // After the customer acts on the entry-code cashier, a wallet returns to the merchant's page.
      const back = r.payment ? c.core.findPayment({ paymentId: r.payment.paymentId })?.paymentRedirectUrl : undefined;
      if (back && URL.canParse(back)) {
        c.res.writeHead(303, { location: back, 'content-length': '0' });
        c.res.end();
        return;
      }
      text(200, 'text/html; charset=UTF-8', `<!doctype html><meta charset="utf-8"><p>${r.ok ? 'Payment submitted' : `Not paid: ${r.reason}`}</p>`);
      return;
    }
    json(r.ok ? 200 : 409, r);
  };

  const key = `${method} ${path}`;
  const entry = /^\/__sim\/wallet\/entry\/([^/]+)$/.exec(path);
  const qr = /^\/__sim\/qr\/([^/]+)$/.exec(path);
  const payment = /^\/__sim\/payments\/([^/]+)$/.exec(path);
  if (method === 'GET' && entry) {
    const p = c.core.findPayment({ paymentId: decodeURIComponent(entry[1]!) });
    return p ? text(200, 'text/html; charset=UTF-8', entryPageHtml(viewOf(c.core.settle(p)), FORM_TOKEN)) : text(404, 'text/plain', 'no such payment');
  }
  if (method === 'GET' && qr) {
    const p = c.core.findByOrderCode(`${c.info().url}${path}`);
    return p ? text(200, 'text/html; charset=UTF-8', qrPageHtml(viewOf(c.core.settle(p)), FORM_TOKEN)) : text(404, 'text/plain', 'no such order code');
  }
  if (method === 'GET' && payment) {
    const id = decodeURIComponent(payment[1]!);
    const p = c.core.findPayment({ paymentId: id }) ?? c.core.findPayment({ paymentRequestId: id });
    return p ? json(200, c.core.settle(p)) : json(404, { error: 'no such payment' });
  }
  switch (key) {
    case 'GET /__sim/health':
      return json(200, { ...c.info(), now: c.now(), time: formatAmsTime(c.now(), c.offset), clockSkewMs: c.faults.clockSkewMs });
    case 'GET /__sim/payments':
      return json(200, [...c.store.payments.values()].map((p) => viewOf(c.core.settle(p))));
    case 'GET /__sim/refunds':
      return json(200, [...c.store.refunds.values()]);
    case 'GET /__sim/notifications':
      return json(200, [...c.store.notifications.values()]);
    case 'GET /__sim/wallet/pending':
      return json(200, c.wallet.pending());
    case 'POST /__sim/wallet/scan': {
      const code = str('codeValue');
      return code ? walletReply(c.wallet.scanOrderCode(code)) : json(400, { error: 'codeValue required' });
    }
    case 'POST /__sim/wallet/pay-order-code': {
      const code = str('codeValue');
      return code ? walletReply(c.wallet.payOrderCode(code)) : json(400, { error: 'codeValue required' });
    }
    case 'POST /__sim/wallet/confirm': {
      const r = ref();
      return r ? walletReply(c.wallet.confirm(r)) : json(400, { error: 'paymentId or paymentRequestId required' });
    }
    case 'POST /__sim/wallet/reject': {
      const r = ref();
      return r ? walletReply(c.wallet.reject(r, str('resultCode'))) : json(400, { error: 'paymentId or paymentRequestId required' });
    }
    case 'POST /__sim/wallet/pay-entry': {
      const target = str('url');
      const amount = str('amount');
      if (!target || !amount) return json(400, { error: 'url and amount required' });
      if (!fetchable(target)) return json(403, { error: 'url must be an http(s) page on this machine (loopback)' });
      const decline = str('decline');
      void c.wallet.payEntryCode(target, amount, { ...(str('userAgent') ? { userAgent: str('userAgent') } : {}), ...(decline ? { decline } : {}) })
        .then((r) => json(200, r), (e: unknown) => json(502, { error: (e as Error).message }));
      return;
    }
    case 'POST /__sim/wallet/open-entry': {
      const target = str('url');
      if (!target) return json(400, { error: 'url required' });
      if (!fetchable(target)) return json(403, { error: 'url must be an http(s) page on this machine (loopback)' });
      void c.wallet.openEntryCode(target, str('userAgent')).then((r) => json(200, r), (e: unknown) => json(502, { error: (e as Error).message }));
      return;
    }
    case 'GET /__sim/faults':
      return json(200, { rules: c.faults.list(), clockSkewMs: c.faults.clockSkewMs });
    case 'POST /__sim/faults':
      try {
        return json(200, { id: c.faults.add(input as FaultRule) });
      } catch (e) {
        return json(400, { error: (e as Error).message });
      }
    case 'DELETE /__sim/faults':
      c.faults.clear();
      return json(200, { ok: true });
    case 'POST /__sim/clock': {
      const skew = typeof input.skewMs === 'number' ? input.skewMs : typeof input.advanceMs === 'number' ? c.faults.clockSkewMs + input.advanceMs : undefined;
      if (skew === undefined) return json(400, { error: 'skewMs or advanceMs (number) required' });
      c.faults.setClockSkew(skew);
      return json(200, { clockSkewMs: c.faults.clockSkewMs, now: c.now() });
    }
    case 'POST /__sim/tick':
      c.core.settleAll();
      c.notifier.pump();
      return json(200, { now: c.now() });
    case 'GET /__sim/files/transactionItems': {
      const day = url.searchParams.get('date') ?? c.files.today();
      const f = c.files.transactionItems(day);
      c.res.setHeader('x-sim-file-path', f.path);
      return text(200, 'text/csv; charset=UTF-8', f.csv);
    }
    case 'GET /__sim/files/settlement':
      return json(200, c.files.settlement(url.searchParams.get('date') ?? c.files.today()));
    default:
      return json(404, { error: `no control route ${key}` });
  }
}

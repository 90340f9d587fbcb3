/**
 * The open-platform gateway simulator (当面付), beside the AMS one: `POST /gateway.do` with the
 * wire protocol unchanged (common parameters in the query string or the form, RSA2 request
 * signatures checked, every answer signed over its `*_response` text, isv.invalid-signature
 * answered unsigned as Alipay does), its own keys, public-key or certificate mode, the virtual
 * wallet, notifications with Alipay's retry pattern, and a JSON control API under `/__sim/`.
 */
import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import { certSnOfPem, loadCnPrivateKey, loadCnPublicKey, publicKeyBase64, rootCertSnOfPem } from '../../payments/cn/cnKeys';
import { formatBeijing, fenToYuan, parseBeijing, responseKeyOf, rsa2Sign, rsa2Verify, signContent } from '../../payments/cn/cnWire';
import { createCnGateway, type BizAnswer, type SimTrade } from './cnGateway';
import { createCnNotifier, type CnNotification } from './cnNotifier';
import { createBillServer } from './cnBills';
import { openCnSimStore } from './cnSimStore';
import { createBodyServer } from '../simHttpServer';

export interface CnSimCertificates {
  /** Alipay's public-key certificate and its private key (the simulator signs with it). */
  readonly alipayCertPem: string;
  readonly alipayKeyPem: string;
  readonly alipayRootCertPem: string;
  /** The merchant's app certificate: requests must carry its SN and are verified with its key. */
  readonly appCertPem: string;
}

export interface CnSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly appId?: string;
  /** The merchant's app public key (base64 SPKI or PEM); without it the simulator makes a pair. */
  readonly merchantPublicKey?: string;
  readonly certificates?: CnSimCertificates;
  /** Multiplies the notification retry pattern (0.001 → the 15 h step takes 54 s). */
  readonly notifyScheduleScale?: number;
  /** Allowed difference between `timestamp` and the simulator's clock (Alipay refuses stale requests). */
  readonly timestampToleranceMs?: number;
  /** SQLite file keeping the simulator's keys and trades across restarts (cnSimStore); in memory without it. */
  readonly dataFile?: string;
}

export type CnFault =
  | { readonly kind: 'unsigned' | 'bad-signature' | 'drop-before' | 'drop-after' | 'truncate'; readonly method?: string; times: number }
  | { readonly kind: 'http-5xx'; readonly method?: string; times: number; readonly status?: number }
  | { readonly kind: 'latency'; readonly method?: string; times: number; readonly ms: number };

export interface RunningCnSimulator {
  /** …/gateway.do */
  readonly url: string;
  readonly origin: string;
  readonly appId: string;
  readonly sellerId: string;
  /** base64 SPKI (public-key mode: what the merchant configures as the Alipay public key). */
  readonly alipayPublicKey: string;
  /** Only when the simulator made the merchant's pair itself (base64 PKCS#8). */
  readonly merchantPrivateKey: string | null;
  readonly trades: ReadonlyMap<string, SimTrade>;
  readonly notifications: readonly CnNotification[];
  readonly wallet: ReturnType<typeof createCnGateway>['wallet'];
  /** Every request the gateway received (method, verified or not), for tests. */
  readonly calls: readonly { readonly method: string; readonly at: number; readonly verified: boolean }[];
  addFault(f: CnFault): void;
  clearFaults(): void;
  faultCount(): number;
  /** The next `n` bill downloads arrive cut short (a corrupt zip). */
  corruptNextBills(n: number): void;
  /** DEMO: today's bill (the trades so far) downloadable now instead of tomorrow; the Beijing day. */
  releaseTodaysBill(): string;
  trade(outTradeNo: string): SimTrade | undefined;
  notificationsIdle(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

export async function startCnSimulator(opts: CnSimulatorOptions = {}): Promise<RunningCnSimulator> {
  const clock = opts.clock ?? systemClock;
  const appId = opts.appId ?? '2021000000000001';
  const sellerId = '2088000000000001';
  const tolerance = opts.timestampToleranceMs ?? 15 * 60_000;

  const store = opts.dataFile ? openCnSimStore(opts.dataFile) : null;
  /** A key pair made once and, with a data file, kept: a restarted simulator signs as before. */
  const keptPair = (name: string): { privateKey: KeyObject; publicKey: KeyObject } => {
    const saved = store?.getMeta(name);
    if (saved) {
      const privateKey = crypto.createPrivateKey({ key: Buffer.from(saved, 'base64'), format: 'der', type: 'pkcs8' });
      return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
    }
    const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    store?.setMeta(name, pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    return pair;
  };
  let alipayKey: KeyObject;
  let alipayPublic: KeyObject;
  if (opts.certificates) {
    alipayKey = loadCnPrivateKey(opts.certificates.alipayKeyPem);
    alipayPublic = loadCnPublicKey(opts.certificates.alipayCertPem);
  } else {
    const pair = keptPair('alipay_private_key');
    alipayKey = pair.privateKey;
    alipayPublic = pair.publicKey;
  }
  const cert = opts.certificates
    ? { alipayCertSn: certSnOfPem(opts.certificates.alipayCertPem), rootSn: rootCertSnOfPem(opts.certificates.alipayRootCertPem), appCertSn: certSnOfPem(opts.certificates.appCertPem) }
    : null;
  let merchantPrivateKey: string | null = null;
  let merchantKey: KeyObject;
  if (opts.certificates) merchantKey = loadCnPublicKey(opts.certificates.appCertPem);
  else if (opts.merchantPublicKey) merchantKey = loadCnPublicKey(opts.merchantPublicKey);
  else {
    const pair = keptPair('merchant_private_key');
    merchantKey = pair.publicKey;
    merchantPrivateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  }

  const timers = new Set<unknown>();
  const notifier = createCnNotifier({
    now: () => clock.now(),
    setTimer: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimer: (h) => clock.clearTimeout(h),
    scale: opts.notifyScheduleScale ?? 1,
    key: alipayKey,
  });
  let stopped = false;
  const gateway = createCnGateway({
    appId, sellerId,
    now: () => clock.now(),
    schedule(at, fn) {
      if (stopped) return;
      const h = clock.setTimeout(() => {
        timers.delete(h);
        fn();
        persist();
      }, Math.max(0, at - clock.now()));
      timers.add(h);
    },
    onPaid(t) {
      if (!t.notifyUrl || t.scenario.noNotification) return;
      notifier.enqueue(t.notifyUrl, notifyFields(t));
    },
  });

  if (store) gateway.restore(store.trades);
  /** Writes what changed before the answer that reveals it leaves (no-op without a data file). */
  const persist = (): void => {
    if (store && !stopped) store.flush(gateway.trades.values());
  };

  function notifyFields(t: SimTrade): Record<string, string> {
    const now = clock.now();
    return {
      notify_time: formatBeijing(now), notify_type: 'trade_status_sync', notify_id: crypto.randomBytes(16).toString('hex'),
      app_id: appId, charset: 'utf-8', version: '1.0', auth_app_id: appId,
      trade_no: t.tradeNo, out_trade_no: t.outTradeNo, seller_id: sellerId, trade_status: 'TRADE_SUCCESS',
      total_amount: fenToYuan(t.fen), receipt_amount: fenToYuan(t.fen), buyer_pay_amount: fenToYuan(t.fen),
      buyer_logon_id: t.buyerLogonId ?? '', buyer_id: t.buyerUserId ?? '', subject: t.subject,
      gmt_create: formatBeijing(t.createdAt), gmt_payment: formatBeijing(t.paidAt ?? now),
      ...(t.storeId ? { store_id: t.storeId } : {}), ...(t.terminalId ? { terminal_id: t.terminalId } : {}),
    };
  }

  const faults: CnFault[] = [];
  const calls: { method: string; at: number; verified: boolean }[] = [];
  function takeFault(method: string): CnFault | undefined {
    const i = faults.findIndex((f) => f.times > 0 && (!f.method || f.method === method));
    if (i < 0) return undefined;
    const f = faults[i]!;
    f.times--;
    if (f.times <= 0) faults.splice(i, 1);
    return f;
  }

  /** `{"<key>":<payload>,("alipay_cert_sn":…,)"sign":…}` — the payload text is what gets signed. */
  function render(method: string, a: BizAnswer, signed: boolean, corrupt = false): string {
    const payload: Record<string, string> = { code: a.code, msg: a.msg };
    if (a.subCode) payload.sub_code = a.subCode;
    if (a.subMsg) payload.sub_msg = a.subMsg;
    for (const [k, v] of Object.entries(a.fields ?? {})) if (v !== undefined) payload[k] = v;
    const text = JSON.stringify(payload);
    const key = responseKeyOf(method);
    if (!signed) return `{"${key}":${text}}`;
    let sign = rsa2Sign(text, alipayKey);
    if (corrupt) sign = rsa2Sign(`${text} `, alipayKey);
    return `{"${key}":${text},${cert ? `"alipay_cert_sn":"${cert.alipayCertSn}",` : ''}"sign":"${sign}"}`;
  }

  /** Checks every common parameter and the signature before the business method runs. */
  function gatewayAnswer(params: Record<string, string>): { method: string; answer: BizAnswer; signed: boolean } {
    const method = params.method ?? '';
    const fail = (code: string, msg: string, subCode: string, subMsg: string, signed = true) => ({ method, answer: { code, msg, subCode, subMsg }, signed });
    if (!params.sign) return fail('40001', 'Missing Required Arguments', 'isv.missing-signature', '缺少签名参数', false);
    if (params.sign_type !== 'RSA2') return fail('40002', 'Invalid Arguments', 'isv.invalid-signature-type', '无效的签名类型');
    if (params.app_id !== appId) return fail('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数');
    if (cert && (params.app_cert_sn !== cert.appCertSn || params.alipay_root_cert_sn !== cert.rootSn)) {
      return fail('40002', 'Invalid Arguments', 'isv.invalid-cert-sn', '证书序列号无效', false);
    }
    // Alipay checks what was signed before anything else it reads: a bad signature is answered unsigned.
    if (!rsa2Verify(signContent(params), params.sign, merchantKey)) {
      calls.push({ method, at: clock.now(), verified: false });
      return fail('40002', 'Invalid Arguments', 'isv.invalid-signature', `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${signContent(params)}`, false);
    }
    calls.push({ method, at: clock.now(), verified: true });
    const ts = params.timestamp ? parseBeijing(params.timestamp) : null;
    if (ts === null || Math.abs(ts - clock.now()) > tolerance) return fail('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数');
    if (params.charset && params.charset.toLowerCase() !== 'utf-8') return fail('40002', 'Invalid Arguments', 'isv.invalid-charset', '字符集错误');
    if (params.version !== '1.0') return fail('40002', 'Invalid Arguments', 'isv.invalid-version', '无效的版本号');
    let biz: unknown;
    try {
      biz = JSON.parse(params.biz_content ?? '');
    } catch {
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'biz_content 不是有效的 JSON');
    }
    if (!biz || typeof biz !== 'object' || Array.isArray(biz)) return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'biz_content 不是 JSON 对象');
    const answer = method === 'alipay.data.dataservice.bill.downloadurl.query' ? bills.downloadUrl(biz as Record<string, unknown>) : gateway.handle(method, biz as Record<string, unknown>, params.notify_url ?? null);
    if (!answer) return fail('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名');
    return { method, answer, signed: true };
  }

  let corruptBills = 0;
  const bills = createBillServer({
    origin: () => origin, now: () => clock.now(), account: sellerId, trades: () => [...gateway.trades.values()],
    corrupt: () => corruptBills > 0 && corruptBills-- > 0,
  });

  const server = createBodyServer(MAX_BODY, (req, res, body) => {
    void route(req, res, body).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String((e as Error)?.message ?? e));
    });
  });

  const json = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === '/gateway.do') {
      if (req.method !== 'POST' && req.method !== 'GET') return void res.writeHead(405).end();
      // Common parameters may come in the query string (the SDKs put them there) and the rest in the form.
      const params: Record<string, string> = {};
      for (const [k, v] of url.searchParams) params[k] = v;
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
      const method = params.method ?? '';
      const f = takeFault(method);
      if (f?.kind === 'latency') await new Promise((r) => setTimeout(r, f.ms));
      if (f?.kind === 'drop-before') return void req.socket.destroy();
      if (f?.kind === 'http-5xx') return void res.writeHead(f.status ?? 502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
      const g = gatewayAnswer(params);
      persist();
      if (f?.kind === 'drop-after' || g.answer.drop) return void req.socket.destroy();
      let text = render(g.method, g.answer, g.signed && f?.kind !== 'unsigned', f?.kind === 'bad-signature');
      if (f?.kind === 'truncate') text = text.slice(0, Math.floor(text.length / 2));
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(text);
      return;
    }
    if (url.pathname === '/__sim/health') return json(res, 200, { url: `${origin}/gateway.do`, appId, alipayPublicKey: publicKeyBase64(alipayPublic), now: clock.now() });
    // A paid trade this terminal never made (another till on the same app id): what the bill shows as missing on our side.
    if (req.method === 'POST' && url.pathname === '/__sim/trades/other-till') {
      let b: { fen?: number };
      try {
        b = JSON.parse(body.toString('utf8') || '{}') as typeof b;
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      const fen = b.fen;
      if (typeof fen !== 'number' || !Number.isSafeInteger(fen) || fen <= 0) return json(res, 400, { error: 'fen: a positive integer' });
      const t = gateway.otherTill(fen);
      persist();
      return json(res, 200, view(t));
    }
    if (url.pathname === '/__sim/trades') return json(res, 200, [...gateway.trades.values()].map(view));
    if (url.pathname.startsWith('/__sim/trades/')) {
      const t = gateway.get(decodeURIComponent(url.pathname.slice('/__sim/trades/'.length)));
      return t ? json(res, 200, view(t)) : json(res, 404, { error: 'no such trade' });
    }
    if (url.pathname === '/__sim/notifications') return json(res, 200, notifier.list);
    if (url.pathname === '/__sim/wallet/pending') return json(res, 200, gateway.wallet.pending().map(view));
    if (req.method === 'POST' && url.pathname.startsWith('/__sim/wallet/')) {
      let b: { outTradeNo?: string; qrCode?: string };
      try {
        b = JSON.parse(body.toString('utf8') || '{}') as typeof b;
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      const answer = (body: unknown, status = 200): void => {
        persist();
        json(res, status, body);
      };
      switch (url.pathname) {
        case '/__sim/wallet/confirm': return answer({ ok: gateway.wallet.confirm(b.outTradeNo ?? '') });
        case '/__sim/wallet/decline': return answer({ ok: gateway.wallet.decline(b.outTradeNo ?? '') });
        case '/__sim/wallet/scan': {
          const t = gateway.wallet.scan(b.qrCode ?? '');
          return t ? answer(view(t)) : answer({ error: 'unknown QR' }, 404);
        }
        case '/__sim/wallet/pay-qr': {
          const t = gateway.wallet.scan(b.qrCode ?? '');
          return t ? answer({ ok: gateway.wallet.confirm(t.outTradeNo) }) : answer({ error: 'unknown QR' }, 404);
        }
      }
    }
    if (req.method === 'POST' && url.pathname === '/__sim/bills/release-today') return json(res, 200, { date: bills.releaseToday() });
    if (req.method === 'GET' && url.pathname.startsWith('/__sim/bills/')) {
      const zip = bills.serve(url.pathname.slice('/__sim/bills/'.length));
      if (!zip) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('expired or unknown bill link');
      return void res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) }).end(zip);
    }
    if (url.pathname === '/__sim/faults') {
      if (req.method === 'DELETE') {
        faults.length = 0;
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST') {
        try {
          const f = JSON.parse(body.toString('utf8')) as CnFault;
          faults.push({ ...f, times: f.times ?? 1 });
          return json(res, 200, { ok: true });
        } catch {
          return json(res, 400, { error: 'body is not JSON' });
        }
      }
      return json(res, 200, faults);
    }
    if (extraRoutes.length > 0) for (const r of extraRoutes) if (await r(req, res, url, body)) return;
    json(res, 404, { error: 'not found' });
  }

  const view = (t: SimTrade): Record<string, unknown> => ({ ...t, scenario: t.scenario.nn, authCode: t.authCode ? `****${t.authCode.slice(-4)}` : null });
  const extraRoutes: Array<(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer) => Promise<boolean>> = [];

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const origin = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;

  const running: RunningCnSimulator & { readonly internals: { extraRoutes: typeof extraRoutes; alipayKey: KeyObject; clock: Clock } } = {
    url: `${origin}/gateway.do`,
    origin,
    appId,
    sellerId,
    alipayPublicKey: publicKeyBase64(alipayPublic),
    merchantPrivateKey,
    trades: gateway.trades,
    notifications: notifier.list,
    wallet: gateway.wallet,
    calls,
    addFault: (f) => void faults.push({ ...f }),
    clearFaults: () => void (faults.length = 0),
    faultCount: () => faults.length,
    corruptNextBills: (n) => void (corruptBills = n),
    releaseTodaysBill: () => bills.releaseToday(),
    trade: (id) => gateway.get(id),
    notificationsIdle: () => notifier.idle(),
    internals: { extraRoutes, alipayKey, clock },
    async stop() {
      persist();
      stopped = true;
      notifier.stop();
      for (const h of timers) clock.clearTimeout(h);
      timers.clear();
      server.closeAllConnections(); // held (slow) answers too: stop() never waits on a client
      await new Promise<void>((r) => server.close(() => r()));
      store?.close();
    },
  };
  return running;
}

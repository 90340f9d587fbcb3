import http from 'node:http';
import { createBodyServer } from './simHttpServer';
import type { KeyObject } from 'node:crypto';
import { parseHeaderTime } from '../payments/ams/amsTime';
import { AMS_API, type AmsApiName } from '../payments/ams/regions';
import { signMessage, verifyMessage } from '../payments/ams/signature';
import { paramIllegal, type SimAnswer, type SimCore } from './simCore';
import { staleRequestTime } from './requestSchemas';
import type { Faults } from './faults';

/**
 * The gateway over HTTP: the AMS paths under `/ams/api` and `/ams/sandbox/api` with Alipay's
 * header and signature rules, plus the `/__sim/` control routes (handled by `control`).
 */
export interface SimHttpDeps {
  readonly core: SimCore;
  readonly faults: Faults;
  readonly now: () => number;
  readonly alipayPrivateKey: () => KeyObject;
  /** client id → that merchant's public key; undefined means "unknown client". */
  readonly merchantKey: (clientId: string) => KeyObject | undefined;
  readonly slowResponseMs: number;
  /** The gateway's wall clock for request-time freshness (without the test clock skew, which stands for time passing at Alipay). */
  readonly wallNow?: () => number;
  /** A held (slow) answer is under way until this settles: `heldIdle()` waits for it. */
  readonly trackHeld?: (p: Promise<void>) => void;
  readonly control: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => Promise<void> | void;
}

const MAX_BODY = 1 << 20;
const API_BY_PATH = new Map<string, AmsApiName>(Object.entries(AMS_API).map(([name, p]) => [p, name as AmsApiName]));
const API_PATH = /^\/ams(?:\/sandbox)?\/api(\/v1\/[A-Za-z]+\/[A-Za-z]+)$/;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createSimHttpServer(deps: SimHttpDeps): http.Server {
  const server = createBodyServer(MAX_BODY, (req, res, body) => {
    const path = requestPath(req.url ?? '/');
    const handled = path.startsWith('/__sim/') ? deps.control(req, body, res) : handleAms(req, path, body, res);
    Promise.resolve(handled).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (e as Error)?.message ?? String(e) }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handleAms(req: http.IncomingMessage, path: string, body: Buffer, res: http.ServerResponse): Promise<void> {
    const clientId = header(req, 'client-id');
    const m = API_PATH.exec(path);
    const api = m ? API_BY_PATH.get(m[1]!) : undefined;
    const reply = (answer: SimAnswer, opts: { sign?: boolean; status?: number; corrupt?: boolean; truncate?: boolean } = {}): void => {
      const out = Buffer.from(JSON.stringify(answer.body), 'utf8');
      const time = String(deps.now());
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', 'response-time': time };
      if (clientId) headers['client-id'] = clientId;
      if (opts.sign !== false && clientId) {
        let sig = signMessage({ path, clientId, time, body: out, privateKey: deps.alipayPrivateKey() });
        if (opts.corrupt) sig = sig.replace(/signature=(.)(.)/, (_all, a: string, b: string) => `signature=${b}${a === 'A' ? 'B' : 'A'}`);
        headers.signature = sig;
      }
      if (opts.truncate) {
        res.writeHead(opts.status ?? 200, { ...headers, 'content-length': String(out.length) });
        res.write(out.subarray(0, Math.floor(out.length / 2)), () => res.destroy());
        return;
      }
      res.writeHead(opts.status ?? 200, { ...headers, 'content-length': String(out.length) });
      res.end(out);
    };
    if (req.method !== 'POST') return reply({ body: { result: { resultStatus: 'F', resultCode: 'METHOD_NOT_SUPPORTED', resultMessage: 'only POST' } }, disposition: { kind: 'answer' } }, { sign: false });
    if (!api) return reply({ body: { result: { resultStatus: 'F', resultCode: 'NO_INTERFACE_DEF', resultMessage: `no API at ${path}` } }, disposition: { kind: 'answer' } }, { sign: false });
    const contentType = header(req, 'content-type');
    if (contentType && !/json/i.test(contentType)) return reply({ body: { result: { resultStatus: 'F', resultCode: 'MEDIA_TYPE_NOT_ACCEPTABLE', resultMessage: 'use application/json' } }, disposition: { kind: 'answer' } }, { sign: false });
    if (!clientId) return reply(paramIllegal('client-id header is required'), { sign: false });
    const key = deps.merchantKey(clientId);
    if (!key) return reply({ body: { result: { resultStatus: 'F', resultCode: 'CLIENT_INVALID', resultMessage: 'unknown client id' } }, disposition: { kind: 'answer' } }, { sign: false });
    const requestTime = header(req, 'request-time');
    if (!requestTime || parseHeaderTime(requestTime) === undefined) return reply(paramIllegal('request-time header is required (epoch ms or ISO-8601)'));
    const verified = verifyMessage({ path, clientId, time: requestTime, body, signatureHeader: header(req, 'signature'), publicKey: key });
    // Alipay answers signature failures unsigned (AMS.md §1).
    if (!verified.ok) return reply({ body: { result: { resultStatus: 'F', resultCode: 'INVALID_SIGNATURE', resultMessage: `signature check failed: ${verified.detail}` } }, disposition: { kind: 'answer' } }, { sign: false });
    const stale = deps.wallNow ? staleRequestTime(parseHeaderTime(requestTime)!, deps.wallNow()) : undefined;
    if (stale) return reply(paramIllegal(stale));

    const faults = deps.faults.take(api);
    const has = <K extends string>(kind: K) => faults.find((f) => f.kind === kind);
    const latency = faults.find((f): f is Extract<typeof f, { kind: 'latency' }> => f.kind === 'latency');
    if (latency) await sleep(latency.ms);
    if (has('drop-before')) return void req.socket.destroy();
    const fivexx = faults.find((f): f is Extract<typeof f, { kind: 'http-5xx' }> => f.kind === 'http-5xx');
    if (fivexx && !fivexx.afterProcessing) return sendGatewayError(res, fivexx.status);
    const forceU = faults.find((f): f is Extract<typeof f, { kind: 'force-u' }> => f.kind === 'force-u');
    const forceF = faults.find((f): f is Extract<typeof f, { kind: 'force-f' }> => f.kind === 'force-f');

    let answer: SimAnswer;
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (json === undefined || typeof json !== 'object' || json === null || Array.isArray(json)) answer = paramIllegal('body: malformed JSON');
    else if (forceU && !forceU.process) answer = { body: {}, disposition: { kind: 'answer' } };
    else if (forceF) answer = { body: { result: { resultStatus: 'F', resultCode: forceF.code, resultMessage: `${forceF.code} (injected)` } }, disposition: { kind: 'answer' } };
    else answer = deps.core.handle(api, clientId, json);

    if (forceU) answer = { body: { result: { resultStatus: 'U', resultCode: 'UNKNOWN_EXCEPTION', resultMessage: 'unknown exception (injected)' } }, disposition: { kind: 'answer' } };
    if (has('drop-after') || answer.disposition.kind === 'drop') return void req.socket.destroy();
    if (fivexx) return sendGatewayError(res, fivexx.status);
    if (answer.disposition.kind === 'slow') {
      const held = sleep(deps.slowResponseMs);
      deps.trackHeld?.(held);
      await held;
      // A slow pay is recorded only now, when processing ends: the client may long have given up.
      if (answer.disposition.record) answer = answer.disposition.record();
    }
    reply(answer, { sign: !has('unsigned'), corrupt: Boolean(has('bad-signature')), truncate: Boolean(has('truncate')) });
  }

  return server;
}

function sendGatewayError(res: http.ServerResponse, status: number): void {
  const body = `<html><body><h1>${status}</h1>gateway error</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/**
 * The path of the request target. HTTP/1.1 servers must accept the absolute form
 * (`POST https://host/ams/api/v1/payments/pay`), which the official Python SDK sends.
 */
function requestPath(target: string): string {
  const raw = target.split('?')[0]!;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return raw;
  try {
    return new URL(raw).pathname;
  } catch {
    return raw;
  }
}

/** Header names are case-insensitive (node lower-cases them). */
function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

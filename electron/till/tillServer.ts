/**
 * The till API's own listener (DESIGN §16): loopback by default, LAN only as an explicit setting and
 * then over TLS. It shares nothing with the UI's WebSocket or its token: every call carries an API
 * key a manager made, is checked against that key's scopes and rate, and is audited with its name.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { ErrorCode } from '../../shared/errors/posError';
import { PosError } from '../../shared/errors/posError';
import type { TillScope } from '../../shared/domain/till';
import { isStorageFailure, toStorageError } from '../journal/openJournal';
import type { TillClientRow } from '../journal/repos/tillRepo';
import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import { API_PREFIX, OPERATION_SCOPES, openApiDocument } from './openApiDocument';
import { createRateLimiter } from './rateLimiter';
import { createPaymentSchema, dateQuerySchema, orderReferenceSchema, refundRequestSchema } from './tillApiSchemas';
import type { TillChange, TillService } from './tillService';

export interface TillServerOptions {
  readonly log: Logger;
  /** config till.maxBodyBytes. */
  readonly maxBodyBytes: number;
  readonly service: TillService;
  readonly port: number;
  readonly lan: boolean;
  readonly tls: { readonly cert: string; readonly key: string } | null;
  /** Real time for rate limits, whatever the station's (possibly scaled DEMO) clock does. */
  readonly now?: () => number;
}

export interface RunningTillServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A failed key costs the caller's address a token: guessing keys is slowed down, and so is audit noise. */
const UNAUTHENTICATED_PER_MINUTE = 30;
const HEARTBEAT_MS = 15_000;

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400, INVALID_AMOUNT: 422, UNKNOWN_CURRENCY: 422, AMOUNT_REFUSED: 422, CURRENCY_REFUSED: 422,
  UNAUTHORIZED: 401, FORBIDDEN: 403, PIN_REJECTED: 403, PIN_LOCKED: 423, NOT_FOUND: 404,
  CONFLICT: 409, INVALID_STATE: 409, REFERENCE_REUSED: 409, COUNTER_BUSY: 409, DUPLICATE_SCAN: 409,
  PAYLOAD_TOO_LARGE: 413, RATE_LIMITED: 429, NOT_READY: 503, OFFLINE: 503, DISK_FULL: 503, STORAGE: 503,
};

type Op = keyof typeof OPERATION_SCOPES;
type Route = { op: Op; ref: string | null };

function route(method: string, pathname: string): Route | null {
  const rest = pathname.slice(API_PREFIX.length);
  if (rest === '/payments') return method === 'POST' ? { op: 'createPayment', ref: null } : method === 'GET' ? { op: 'listPayments', ref: null } : null;
  if (rest === '/events') return method === 'GET' ? { op: 'events', ref: null } : null;
  const m = /^\/payments\/([^/]+)(\/cancel|\/refunds)?$/.exec(rest);
  if (!m) return null;
  let ref: string;
  try {
    ref = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (!m[2]) return method === 'GET' ? { op: 'getPayment', ref } : null;
  if (method !== 'POST') return null;
  return { op: m[2] === '/cancel' ? 'cancelPayment' : 'refundPayment', ref };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return; // keep draining, so the caller can still read our 413
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

const tooLarge = (limit: number): PosError => new PosError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`);

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join('.') : '(body)';
  throw new PosError('BAD_REQUEST', `${where}: ${first?.message ?? 'invalid'}`);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new PosError('BAD_REQUEST', 'the body is not JSON');
  }
}

export async function startTillServer(o: TillServerOptions): Promise<RunningTillServer> {
  const { log, service } = o;
  const now = o.now ?? Date.now;
  const limiter = createRateLimiter(now);
  const streams = new Set<ServerResponse>();
  const maxBody = o.maxBodyBytes;

  const send = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
    if (res.headersSent) return;
    const body = JSON.stringify(value);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(body);
  };
  const sendError = (res: ServerResponse, e: PosError, headers: Record<string, string> = {}): number => {
    const status = STATUS[e.code] ?? 500;
    send(res, status, { error: { code: e.code, message: e.message, retryable: e.retryable, ...(e.details ? { details: e.details } : {}) } }, headers);
    return status;
  };

  const bearer = (req: IncomingMessage): string | null => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;

  function authenticate(req: IncomingMessage): TillClientRow {
    const key = bearer(req);
    if (!key) throw new PosError('UNAUTHORIZED', 'send the API key as "Authorization: Bearer <key>"');
    return service.authenticate(key);
  }

  function openEvents(req: IncomingMessage, res: ServerResponse, client: TillClientRow): void {
    const raw = (req.headers['last-event-id'] as string | undefined) ?? new URL(req.url ?? '/', 'http://till').searchParams.get('lastEventId') ?? undefined;
    if (raw !== undefined && !/^\d{1,15}$/.test(raw)) throw new PosError('BAD_REQUEST', 'Last-Event-ID must be a number the stream sent');
    let sent = raw === undefined ? service.lastSeq(client) : Number(raw);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const write = (c: TillChange): void => {
      if (c.clientId !== client.id || c.seq <= sent) return;
      sent = c.seq;
      res.write(`id: ${c.seq}\nevent: payment\ndata: ${JSON.stringify(c.payment)}\n\n`);
    };
    // Listen first, then replay what the till missed: nothing can fall between the two.
    const off = service.onChange(write);
    for (const c of service.changesSince(client, sent)) write(c);
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ lastEventId: sent })}\n\n`);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    streams.add(res);
    const close = (): void => {
      off();
      clearInterval(beat);
      streams.delete(res);
    };
    req.on('close', close);
    res.on('error', close);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://till');
    if (method === 'GET' && url.pathname === `${API_PREFIX}/openapi.json`) return send(res, 200, openApiDocument());
    const r = url.pathname.startsWith(`${API_PREFIX}/`) ? route(method, url.pathname) : null;
    if (!r) {
      sendError(res, new PosError('NOT_FOUND', `no such operation: ${method} ${url.pathname}`));
      return;
    }
    let client: TillClientRow;
    try {
      client = authenticate(req);
    } catch (e) {
      const address = req.socket.remoteAddress ?? '?';
      const wait = limiter.take(`addr:${address}`, UNAUTHENTICATED_PER_MINUTE);
      if (wait !== null) {
        sendError(res, new PosError('RATE_LIMITED', 'too many calls with bad keys', { retryable: true }), { 'Retry-After': String(Math.ceil(wait / 1000)) });
        return;
      }
      const status = sendError(res, e as PosError, { 'WWW-Authenticate': 'Bearer' });
      const key = bearer(req);
      const known = key ? service.identify(key) : null;
      auditCall(known ? { name: known.name, id: known.id } : { name: '(unknown key)', id: null }, r, status, { address, ...(known ? { revoked: true } : {}) });
      return;
    }
    const wait = limiter.take(`client:${client.id}`, client.ratePerMinute);
    if (wait !== null) {
      const status = sendError(res, new PosError('RATE_LIMITED', `over this client's rate of ${client.ratePerMinute} calls a minute`, { retryable: true, details: { retryAfterMs: wait } }), { 'Retry-After': String(Math.ceil(wait / 1000)) });
      auditCall(client, r, status, {});
      return;
    }
    const needs = OPERATION_SCOPES[r.op]!;
    let status = 500;
    const extra: Record<string, unknown> = {};
    try {
      if (!needs.some((s: TillScope) => client.scopes.includes(s))) {
        throw new PosError('FORBIDDEN', `this key lacks the scope for ${r.op} (needs ${needs.join(' or ')}; has ${client.scopes.join(', ')})`);
      }
      const ref = r.ref === null ? null : parse(orderReferenceSchema, r.ref);
      if (ref) extra.orderReference = ref;
      switch (r.op) {
        case 'createPayment': {
          const input = parse(createPaymentSchema, parseJson(await readBody(req, maxBody)));
          extra.orderReference = input.orderReference;
          const out = service.createPayment(client, input);
          status = out.created ? 201 : 200;
          send(res, status, out.payment);
          break;
        }
        case 'getPayment':
          status = 200;
          send(res, status, service.getPayment(client, ref!));
          break;
        case 'listPayments': {
          const d = url.searchParams.get('date');
          status = 200;
          send(res, status, service.listDay(client, d === null ? undefined : parse(dateQuerySchema, d)));
          break;
        }
        case 'cancelPayment':
          await readBody(req, maxBody); // no body is expected; a huge one is still refused
          status = 200;
          send(res, status, await service.cancelPayment(client, ref!));
          break;
        case 'refundPayment': {
          const input = parse(refundRequestSchema, parseJson(await readBody(req, maxBody)));
          extra.refundReference = input.refundReference;
          const out = await service.refundPayment(client, ref!, input);
          status = out.created ? 201 : 200;
          send(res, status, out.refund);
          break;
        }
        case 'events':
          status = 200;
          openEvents(req, res, client);
          break;
      }
    } catch (e) {
      const known = e instanceof PosError ? e : isStorageFailure(e) ? toStorageError(e) : null;
      if (known) {
        const retry = known.code === 'COUNTER_BUSY' || known.code === 'NOT_READY' || known.code === 'OFFLINE' ? { 'Retry-After': '5' } : undefined;
        status = sendError(res, known, retry);
        if (known.code === 'PAYLOAD_TOO_LARGE') res.once('finish', () => req.destroy());
      } else {
        log.error({ err: e, op: r.op }, 'till API call failed');
        status = sendError(res, new PosError('INTERNAL', 'internal error; the terminal logged the details', { retryable: true }));
      }
    }
    auditCall(client, r, status, extra);
  }

  function auditCall(client: { name: string; id: string | null }, r: Route, status: number, details: Record<string, unknown>): void {
    try {
      service.audit(client, `till.api.${r.op}`, { status, ...details });
    } catch (e) {
      log.error({ err: e }, 'till API audit failed');
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((e: unknown) => {
      log.error({ err: e }, 'till API request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server = o.tls ? https.createServer({ cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2' }, listener) : http.createServer(listener);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = o.lan ? '0.0.0.0' : '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = o.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}${API_PREFIX}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads the TLS files named in config (relative paths are inside the data folder). */
export function readTls(config: PosConfig, dataDir: string): { cert: string; key: string } | null {
  const t = config.till;
  if (t.listen !== 'lan') return null;
  const p = (f: string): string => (path.isAbsolute(f) ? f : path.join(dataDir, f));
  return { cert: fs.readFileSync(p(t.tlsCertFile!), 'utf8'), key: fs.readFileSync(p(t.tlsKeyFile!), 'utf8') };
}

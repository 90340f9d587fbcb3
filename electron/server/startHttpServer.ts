import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_PAYLOAD_BYTES, fail } from '../../shared/ipc/envelope';
import type { Station } from '../station/createStation';
import { MAX_HTTP_BODY_BYTES, isPublicPath, setClientIp, type HttpRoute } from '../station/httpRoute';
import { clientIpOf, createRateLimiter } from './clientLimits';
import { contentType, resolveStatic } from './staticFiles';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';

export interface HttpServerOptions {
  readonly station: Station;
  readonly port: number;
  /** Built renderer (dist/renderer). Null: only the station's own routes (Electron host). */
  readonly staticDir: string | null;
  /** Fixed token for tests; otherwise a fresh random one per launch. */
  readonly token?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (POS_TRUSTED_PROXIES). */
  readonly trustedProxies?: readonly string[];
  /** Slow-client and connection limits; tests shorten them. */
  readonly limits?: Partial<HttpLimits>;
}

export interface HttpLimits {
  /** A client must finish sending its headers within this (slowloris). */
  readonly headersTimeoutMs: number;
  /** …and the whole request, body included, within this. */
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxConnections: number;
  /** Public routes: requests per client at once, then per second. */
  readonly publicBurst: number;
  readonly publicPerSecond: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 256, publicBurst: 30, publicPerSecond: 2 };

/** A client that went away mid-request: normal on phones, never an error worth a log line each. */
function isClientGone(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Hard cap on one WebSocket frame; between MAX_PAYLOAD_BYTES and this the caller gets a typed error. */
const WS_FRAME_LIMIT = 1024 * 1024;

const PAGES: Record<string, { file: string; window: 'cashier' | 'customer' }> = {
  '/': { file: 'index.html', window: 'cashier' },
  '/index.html': { file: 'index.html', window: 'cashier' },
  '/customer': { file: 'customer.html', window: 'customer' },
  '/customer.html': { file: 'customer.html', window: 'customer' },
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The body, or 'tooLarge' (the request is cut off), or 'gone' (the client aborted: nothing to answer). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'tooLarge' | 'gone'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve('tooLarge');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('aborted', () => resolve('gone'));
    req.on('error', () => resolve('gone'));
  });
}

function findRoute(routes: readonly HttpRoute[], method: string, pathname: string): HttpRoute | undefined {
  return routes.find((r) => r.method === method && (r.path === pathname || (r.path.endsWith('/') && pathname.startsWith(r.path))));
}

/**
 * The station's HTTP server on loopback: Alipay-facing routes (notify, entry-code page) in both hosts,
 * and in the browser host also the renderer and the contract over a token-guarded WebSocket.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const { station } = opts;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = opts.staticDir ? path.resolve(opts.staticDir) : null;
  let origin = '';
  let allowedOrigins = new Set<string>();
  // The token page and the WebSocket answer only when the browser asked for the station's own
  // loopback address: through a tunnel or reverse proxy the Host is someone else's, and they get 404.
  let localHosts = new Set<string>();
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const trusted = new Set(opts.trustedProxies ?? []);
  const publicLimiter = createRateLimiter({ burst: limits.publicBurst, perSecond: limits.publicPerSecond });
  for (const r of station.routes) {
    if (!isPublicPath(r.path)) throw new Error(`station route ${r.path} is outside the public path set`);
  }
  const isLocal = (req: IncomingMessage): boolean => localHosts.has((req.headers.host ?? '').toLowerCase());

  const securityHeaders = (res: ServerResponse): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
  };

  const servePage = (res: ServerResponse, file: string): void => {
    const full = staticRoot ? resolveStatic(staticRoot, file) : null;
    if (!full) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The renderer is not built: run `npm run build`.');
      return;
    }
    // The token rides in the page itself: only a same-origin document can read it.
    const html = fs.readFileSync(full, 'utf8').replace('</head>', `<meta name="pos-token" content="${token}"></head>`);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': contentSecurityPolicy({ kind: 'browser', port: Number(new URL(origin).port) }),
    });
    res.end(html);
  };

  // Node checks the header/request timeouts on this interval: it must be finer than the timeouts.
  const server = http.createServer({ connectionsCheckingInterval: Math.max(100, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4) }, (req, res) => {
    void (async () => {
      securityHeaders(res);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const ip = clientIpOf(req, trusted);
      setClientIp(req, ip);
      const route = isPublicPath(url.pathname) ? findRoute(station.routes, method, url.pathname) : undefined;
      if (route) {
        if (!publicLimiter.allow(ip)) {
          res.writeHead(429, { 'Retry-After': '5', 'Content-Type': 'text/plain; charset=utf-8' }).end('too many requests');
          return;
        }
        const body = method === 'POST' ? await readBody(req, MAX_HTTP_BODY_BYTES) : Buffer.alloc(0);
        if (body === 'gone') return;
        if (body === 'tooLarge') {
          res.writeHead(413, { Connection: 'close' }).end();
          return;
        }
        await route.handle(req, res, body);
        return;
      }
      if (!staticRoot || !isLocal(req) || (method !== 'GET' && method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      const page = PAGES[url.pathname];
      if (page) {
        servePage(res, page.file);
        return;
      }
      const file = resolveStatic(staticRoot, url.pathname);
      if (!file || file.endsWith('.html')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': contentType(file),
        // Vite fingerprints asset names, so they can be cached for good.
        'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    })().catch((e: unknown) => {
      if (isClientGone(e)) return res.destroy();
      station.ctx.log.error({ err: e, url: req.url }, 'http request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_FRAME_LIMIT });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? '';
    // Both checks: the token proves the page came from us, the Origin stops other local pages.
    if (!staticRoot || !isLocal(req) || url.pathname !== '/ipc' || !sameToken(given, token) || !allowedOrigins.has(req.headers.origin ?? '')) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const windowName = url.searchParams.get('window') === 'customer' ? 'customer' : 'cashier';
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, windowName));
  });

  const attach = (ws: WebSocket, windowName: 'cashier' | 'customer'): void => {
    const unsubscribe = station.events.subscribe((event) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: event.name, payload: event.payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        let id: unknown = null;
        const reply = (result: unknown): void => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
        };
        if (isBinary) return reply(fail({ code: 'BAD_REQUEST', message: 'binary frames are not accepted', retryable: false }));
        if (buf.length > MAX_PAYLOAD_BYTES + 1024) {
          return reply(fail({ code: 'PAYLOAD_TOO_LARGE', message: `message larger than ${MAX_PAYLOAD_BYTES} bytes`, retryable: false }));
        }
        let msg: unknown;
        try {
          msg = JSON.parse(buf.toString('utf8'));
        } catch {
          return reply(fail({ code: 'BAD_REQUEST', message: 'message is not JSON', retryable: false }));
        }
        if (typeof msg !== 'object' || msg === null) return reply(fail({ code: 'BAD_REQUEST', message: 'message must be an object', retryable: false }));
        const m = msg as { id?: unknown; channel?: unknown; payload?: unknown };
        id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
        reply(await station.dispatcher.dispatch(m.channel, m.payload, { host: 'browser', window: windowName }));
      })();
    });
  };

  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = 64;
  // Malformed requests, slow clients cut off, resets: answered (or dropped) quietly, never a log flood.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') socket.end(err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  localHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

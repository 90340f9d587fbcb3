import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_PAYLOAD_BYTES, fail } from '../../shared/ipc/envelope';
import type { Station } from '../station/createStation';
import { MAX_HTTP_BODY_BYTES, type HttpRoute } from '../station/httpRoute';
import { contentType, resolveStatic } from './staticFiles';

export interface HttpServerOptions {
  readonly station: Station;
  readonly port: number;
  /** Built renderer (dist/renderer). Null: only the station's own routes (Electron host). */
  readonly staticDir: string | null;
  /** Fixed token for tests; otherwise a fresh random one per launch. */
  readonly token?: string;
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
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
      'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data:; connect-src 'self' ws://127.0.0.1:${new URL(origin).port} ws://localhost:${new URL(origin).port}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    });
    res.end(html);
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      securityHeaders(res);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const route = findRoute(station.routes, method, url.pathname);
      if (route) {
        const body = method === 'POST' ? await readBody(req, MAX_HTTP_BODY_BYTES) : Buffer.alloc(0);
        if (body === null) {
          res.writeHead(413).end();
          return;
        }
        await route.handle(req, res, body);
        return;
      }
      if (!staticRoot || (method !== 'GET' && method !== 'HEAD')) {
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
    if (!staticRoot || url.pathname !== '/ipc' || !sameToken(given, token) || !allowedOrigins.has(req.headers.origin ?? '')) {
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

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

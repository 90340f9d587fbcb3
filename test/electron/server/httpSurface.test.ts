/**
 * The station's HTTP/WS surface (issue 12 §3), over real sockets on loopback: the token page and the
 * WebSocket only for the station's own Host, the public path set answering any Host, per-client rate
 * limits and a per-client cap on entry-code orders, slow clients cut off, aborted requests silent.
 */
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startHttpServer, type RunningHttpServer } from '../../../electron/server/startHttpServer';
import { ALIPAY_WALLET_USER_AGENT } from '../../../electron/simulator/wallet';
import { MAX_ENTRY_ORDERS_PER_CLIENT } from '../../../electron/payments/entry/entryService';
import { bootDemoStation, type DemoStation } from '../../helpers/demoStation';
import { fakeRendererDir } from '../../helpers/staticRoot';

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

function request(server: RunningHttpServer, opts: { path: string; method?: string; host?: string; headers?: Record<string, string>; body?: string; from?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: opts.path,
        method: opts.method ?? 'GET',
        ...(opts.from ? { localAddress: opts.from } : {}),
        agent: false,
        headers: { host: opts.host ?? `127.0.0.1:${server.port}`, ...(opts.body ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function boot(limits: Parameters<typeof startHttpServer>[0]['limits'] = {}): Promise<{ demo: DemoStation; server: RunningHttpServer }> {
  const demo = await bootDemoStation();
  const server = await startHttpServer({ station: demo.station, port: 0, staticDir: fakeRendererDir(), token: 'T0KEN-T0KEN', limits });
  demo.station.setPublicBaseUrl(server.url);
  const stop = demo.stop.bind(demo);
  Object.assign(demo, { stop: async () => (await server.close(), await stop()) });
  return { demo, server };
}

const tokenOf = (html: string): string => /name="token" value="([^"]+)"/.exec(html)![1]!;

describe('the HTTP/WS surface', () => {
  it('serves the token and accepts the WebSocket only for Host 127.0.0.1:<port> / localhost:<port>', async () => {
    const { server } = await boot();
    const own = await request(server, { path: '/' });
    expect(own.status).toBe(200);
    expect(own.body).toContain('T0KEN-T0KEN');
    expect((await request(server, { path: '/', host: `localhost:${server.port}` })).body).toContain('T0KEN-T0KEN');
    for (const host of ['shop.example', `shop.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      for (const path of ['/', '/customer', '/index.html']) {
        const r = await request(server, { path, host });
        expect(r.status, `${host}${path}`).toBe(404);
        expect(r.body).not.toContain('T0KEN');
      }
    }
    const origin = `http://127.0.0.1:${server.port}`;
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=T0KEN-T0KEN&window=cashier`, { origin, headers: { host: 'shop.example' } });
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    const ok = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=T0KEN-T0KEN&window=cashier`, { origin });
    await new Promise<void>((resolve, reject) => (ok.once('open', () => resolve()), ok.once('error', reject)));
    ok.close();
    // The public path set answers whatever Host a proxy forwards.
    expect((await request(server, { path: '/entry', host: 'shop.example', headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } })).status).toBe(200);
  });

  it('60 entry-code posts from one client make at most its cap of orders; another client still orders', async () => {
    const { demo, server } = await boot({ publicBurst: 200, publicPerSecond: 100 });
    const post = async (from: string): Promise<number> => {
      const form = await request(server, { path: '/entry', from, headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } });
      const body = new URLSearchParams({ token: tokenOf(form.body), amount: '1.00' }).toString();
      const r = await request(server, { path: '/entry/pay', method: 'POST', from, body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${server.port}`, 'user-agent': ALIPAY_WALLET_USER_AGENT } });
      return r.status;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push(await post('127.0.0.1'));
    expect(statuses.filter((s) => s === 303)).toHaveLength(MAX_ENTRY_ORDERS_PER_CLIENT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - MAX_ENTRY_ORDERS_PER_CLIENT);
    const sales = demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM entry_submissions').get() as { n: number };
    expect(sales.n).toBe(MAX_ENTRY_ORDERS_PER_CLIENT);
    expect(await post('127.0.0.2')).toBe(303);
  });

  it('rate-limits one client on the public routes, not the next', async () => {
    const { server } = await boot({ publicBurst: 10, publicPerSecond: 0.001 });
    const codes: number[] = [];
    for (let i = 0; i < 15; i++) codes.push((await request(server, { path: '/entry', headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } })).status);
    expect(codes.filter((c) => c === 200)).toHaveLength(10);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
    expect((await request(server, { path: '/entry', from: '127.0.0.3', headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } })).status).toBe(200);
  });

  it('closes a client that never finishes its headers; aborted posts leave no error in the log', async () => {
    const { demo, server } = await boot({ headersTimeoutMs: 400, requestTimeoutMs: 800, publicBurst: 100 });
    const errors = vi.spyOn(demo.station.ctx.log, 'error');
    const slow = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.resume(); // read what the server says (its 408), so 'close' can come
    slow.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`); // and then nothing
    const t0 = Date.now();
    await new Promise<void>((resolve) => slow.once('close', () => resolve()));
    expect(Date.now() - t0).toBeLessThan(5_000);

    for (let i = 0; i < 30; i++) {
      const s = net.connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      s.write(`POST /entry/pay HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\ntoken=abc`);
      s.destroy();
    }
    // A request after them is answered normally: the server is fine and said nothing about them.
    expect((await request(server, { path: '/entry', headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } })).status).toBe(200);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a body over the limit is refused with 413 and nothing else happens', async () => {
    const { server } = await boot();
    const big = 'token=' + 'x'.repeat(300 * 1024);
    const r = await request(server, { path: '/entry/pay', method: 'POST', body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } }).catch((e: unknown) => ({ status: -1, body: String(e), headers: {} }));
    expect([413, -1]).toContain(r.status);
  });
});

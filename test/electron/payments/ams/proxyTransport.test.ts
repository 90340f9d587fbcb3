/**
 * LIVE transport through an outbound proxy (issue 11 item 9): a real forward proxy on loopback in
 * front of the real simulator. The client honours a configured proxy, HTTP(S)_PROXY / NO_PROXY from
 * the environment, and the connect deadline also covers a proxy that never answers.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAmsClient } from '../../../../electron/payments/ams/amsClient';
import { bypassesProxy } from '../../../../electron/payments/ams/httpTransport';
import { codePay, freshCode, startHarness, type Harness } from '../../simulator/harness';

let h: Harness;
let proxy: http.Server;
let proxyUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  // A forward proxy: absolute-form requests are relayed to their target and counted.
  proxy = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const target = new URL(req.url ?? '/');
    const up = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => proxy.close(() => r()));
  await h.close();
});
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
afterEach(() => {
  seen.length = 0;
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const client = (extra: Parameters<typeof createAmsClient>[0] extends infer O ? Partial<O> : never) =>
  createAmsClient({ clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: h.sim.url, readTimeoutMs: 3_000, connectTimeoutMs: 500, ...extra });

describe('outbound proxy', () => {
  it('a configured proxy carries every call (signatures verify end to end)', async () => {
    const c = client({ proxy: { url: proxyUrl } });
    expect((await c.pay(codePay(freshCode()))).outcome).toBe('S');
    expect(seen).toEqual([`${h.sim.url}/ams/api/v1/payments/pay`]);
    c.close();
  });

  it('noProxy in the setting bypasses it', async () => {
    const c = client({ proxy: { url: proxyUrl, noProxy: 'localhost,127.0.0.1' } });
    expect((await c.pay(codePay(freshCode()))).outcome).toBe('S');
    expect(seen).toEqual([]);
    c.close();
  });

  it('without a setting, HTTP(S)_PROXY and NO_PROXY from the environment decide', async () => {
    process.env.HTTP_PROXY = proxyUrl;
    delete process.env.NO_PROXY;
    const c = client({});
    expect((await c.inquiryPayment({ paymentRequestId: 'NONE' })).outcome).toBe('F');
    expect(seen.length).toBe(1);
    process.env.NO_PROXY = '127.0.0.1';
    expect((await c.inquiryPayment({ paymentRequestId: 'NONE' })).outcome).toBe('F');
    expect(seen.length).toBe(1);
    c.close();
  });

  it('a proxy that accepts the connection and never answers is a connect-phase timeout (not sent), and a dead proxy is not sent', async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((sock) => void held.add(sock)); // swallows CONNECT / requests
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    const https = createAmsClient({ clientId: h.sim.clientId, merchantPrivateKey: h.sim.merchantPrivateKey!, alipayPublicKey: h.sim.alipayPublicKey, baseUrl: 'https://open-sea-global.alipay.com', connectTimeoutMs: 300, readTimeoutMs: 1_000, proxy: { url: `http://127.0.0.1:${port}` } });
    expect(await https.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'timeout', sent: false });
    https.close();
    for (const sock of held) sock.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    const dead = client({ proxy: { url: `http://127.0.0.1:${port}` } });
    expect(await dead.pay(codePay(freshCode()))).toMatchObject({ outcome: 'U', reason: 'network', sent: false });
    dead.close();
  });

  it('NO_PROXY rules: names, suffixes, ports, *', () => {
    const u = new URL('https://open-sea-global.alipay.com/ams');
    expect(bypassesProxy(u, '.alipay.com')).toBe(true);
    expect(bypassesProxy(u, 'alipay.com')).toBe(true);
    expect(bypassesProxy(u, 'alipay.com:80')).toBe(false);
    expect(bypassesProxy(u, 'example.com, *')).toBe(true);
    expect(bypassesProxy(u, 'example.com')).toBe(false);
    expect(bypassesProxy(u, undefined)).toBe(false);
  });
});

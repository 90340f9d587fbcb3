import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStation, type Station } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { startHttpServer, type RunningHttpServer } from '../../../electron/server/startHttpServer';
import { tempDir } from '../../helpers/tempDir';

let running: { server: RunningHttpServer; station: Station } | null = null;

afterEach(async () => {
  if (running) {
    await running.server.close();
    await running.station.stop();
    running = null;
  }
});

async function boot() {
  const staticDir = tempDir('pos-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head></head><body>cashier</body></html>');
  fs.writeFileSync(path.join(staticDir, 'customer.html'), '<html><head></head><body>customer</body></html>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'a.js'), 'console.log(1)');
  const station = createStation({ dataDir: tempDir(), host: 'browser', log: createMemoryLogger([]), env: {} });
  const server = await startHttpServer({ station, port: 0, staticDir });
  await station.start();
  running = { server, station };
  return { server, station, origin: server.url.replace(/\/$/, '') };
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, msg: unknown): Promise<{ id: unknown; result: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  return new Promise((resolve) => {
    const onMsg = (data: WebSocket.RawData): void => {
      const m = JSON.parse(String(data)) as { id?: unknown; event?: string };
      if (m.event) return;
      ws.off('message', onMsg);
      resolve(m as never);
    };
    ws.on('message', onMsg);
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

describe('browser host HTTP + WebSocket', () => {
  it('serves the cashier and customer pages with the per-launch token and a CSP', async () => {
    const { server, origin } = await boot();
    const res = await fetch(`${origin}/`);
    const html = await res.text();
    expect(html).toContain(`<meta name="pos-token" content="${server.token}">`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await (await fetch(`${origin}/customer`)).text()).toContain('customer');
    expect((await fetch(`${origin}/assets/a.js`)).status).toBe(200);
  });

  it('refuses path traversal and unknown files', async () => {
    const { origin } = await boot();
    expect((await fetch(`${origin}/assets/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${origin}/%00`)).status).toBe(404);
    expect((await fetch(`${origin}/nope.js`)).status).toBe(404);
  });

  it('refuses a WebSocket with no token, a wrong token or a foreign origin', async () => {
    const { server, origin } = await boot();
    const base = origin.replace('http', 'ws');
    await expect(connect(`${base}/ipc`, origin)).rejects.toThrow(/401/);
    await expect(connect(`${base}/ipc?token=wrong`, origin)).rejects.toThrow(/401/);
    await expect(connect(`${base}/ipc?token=${server.token}`, 'http://evil.example')).rejects.toThrow(/401/);
    await expect(connect(`${base}/other?token=${server.token}`, origin)).rejects.toThrow(/401/);
  });

  it('carries the contract, answers garbage with typed errors and stays up', async () => {
    const { server, origin } = await boot();
    const ws = await connect(`${origin.replace('http', 'ws')}/ipc?token=${server.token}&window=cashier`, origin);
    expect(await request(ws, { id: 1, channel: 'session:hello', payload: { window: 'cashier' } })).toMatchObject({ id: 1, result: { ok: true, value: { host: 'browser' } } });
    expect(await request(ws, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(await request(ws, { id: 2, channel: 'x:y' })).toMatchObject({ id: 2, result: { ok: false, error: { code: 'UNKNOWN_COMMAND' } } });
    expect(await request(ws, { id: 3, channel: 'session:hello', payload: { window: 1 } })).toMatchObject({ id: 3, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(await request(ws, { id: 4, channel: 'session:hello', payload: { pad: 'x'.repeat(200_000) } })).toMatchObject({ id: null, result: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(await request(ws, 'null')).toMatchObject({ result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(await request(ws, { id: 5, channel: 'session:hello', payload: { window: 'cashier' } })).toMatchObject({ id: 5, result: { ok: true } });
    ws.close();
  });

  it('pushes status events to every connected window', async () => {
    const { server, origin } = await boot();
    const url = `${origin.replace('http', 'ws')}/ipc?token=${server.token}`;
    const a = await connect(`${url}&window=cashier`, origin);
    const b = await connect(`${url}&window=customer`, origin);
    const seen = new Promise<unknown>((resolve) => b.on('message', (d) => {
      const m = JSON.parse(String(d)) as { event?: string; payload?: { customerLocale?: string } };
      // Devices and payments publish status too; wait for the change this test makes.
      if (m.event === 'station:statusChanged' && m.payload?.customerLocale === 'en') resolve(m.payload);
    }));
    await request(a, { id: 1, channel: 'session:setLocale', payload: { locale: 'en', screen: 'customer' } });
    expect(await seen).toMatchObject({ customerLocale: 'en' });
    a.close();
    b.close();
  });
});

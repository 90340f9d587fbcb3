import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator/startSimulator';
import { isLoopbackUrl } from '../../../electron/simulator/controlGuard';
import { entryCodePay, startHarness, type Harness } from './harness';

/** Issue 12 item 9: the DEMO simulator's control API is for this machine's own callers only. */
let h: Harness | null = null;
let extra: RunningSimulator | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await extra?.stop();
  extra = null;
});

const post = (url: string, body: string, headers: Record<string, string>): Promise<Response> => fetch(url, { method: 'POST', headers, body, redirect: 'manual' });

describe('simulator control API (/__sim/)', () => {
  it('takes JSON only: a text/plain or form post (what a cross-site page can send without asking) changes nothing', async () => {
    h = await startHarness();
    const rule = JSON.stringify({ kind: 'force-u', api: 'pay', times: 1 });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await post(`${h.sim.url}/__sim/faults`, rule, { 'content-type': type });
      expect([type, r.status]).toEqual([type, 415]);
    }
    expect(h.sim.faults.list()).toEqual([]);
    expect((await post(`${h.sim.url}/__sim/faults`, '{not json', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post(`${h.sim.url}/__sim/faults`, rule, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(h.sim.faults.list()).toHaveLength(1);
  });

  it('refuses another origin, even with a JSON body; the wallet page\'s own forms still work', async () => {
    h = await startHarness();
    const pay = await h.client.pay(entryCodePay(800)); // waits for the customer's wallet
    if (pay.outcome !== 'S') throw new Error(`pay: ${pay.outcome}`);
    const paymentId = pay.body.paymentId!;
    const json = JSON.stringify({ paymentId });
    expect((await post(`${h.sim.url}/__sim/wallet/confirm`, json, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(`${h.sim.url}/__sim/wallet/confirm`, json, { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post(`${h.sim.url}/__sim/clock`, JSON.stringify({ advanceMs: 60_000 }), { 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    expect(h.sim.faults.clockSkewMs).toBe(0);
    // A form like the wallet page's, posted from any other page (no token): refused.
    const forged = new URLSearchParams({ paymentId, redirect: '1' }).toString();
    expect((await post(`${h.sim.url}/__sim/wallet/confirm`, forged, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403);
    expect((await post(`${h.sim.url}/__sim/wallet/confirm`, `${forged}&formToken=guess`, { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' })).status).toBe(403);
    expect(h.sim.store.payments.get(paymentId)!.status).toBe('PROCESSING');
    // The wallet page's own form carries the simulator's token.
    const html = await (await fetch(`${h.sim.url}/__sim/wallet/entry/${paymentId}`)).text();
    const token = /name="formToken" value="([^"]+)"/.exec(html)![1]!;
    const own = await post(`${h.sim.url}/__sim/wallet/confirm`, new URLSearchParams({ paymentId, redirect: '1', formToken: token }).toString(), { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' });
    expect(own.status).toBe(303); // back to the merchant's result page, as a wallet does
    expect(h.sim.store.payments.get(paymentId)!.status).toBe('SUCCESS');
  });

  it('fetches only pages on this machine for pay-entry and open-entry', async () => {
    h = await startHarness();
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'https://example.com/entry/x', 'file:///etc/passwd', 'http://user:pw@127.0.0.1:1/x', 'gopher://127.0.0.1/']) {
      for (const route of ['pay-entry', 'open-entry']) {
        const r = await post(`${h.sim.url}/__sim/wallet/${route}`, JSON.stringify({ url, amount: '1.00' }), { 'content-type': 'application/json' });
        expect([route, url, r.status]).toEqual([route, url, 403]);
      }
    }
    expect(isLoopbackUrl('http://127.0.0.1:8480/entry/abc')).toBe(true);
    expect(isLoopbackUrl('http://localhost:8480/entry/abc')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8480/entry/abc')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example/')).toBe(false);
  });

  const lan = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  it.runIf(lan)('answers loopback callers only, even when bound to every interface', async () => {
    extra = await startSimulator({ host: '0.0.0.0' });
    const port = new URL(extra.url).port;
    const far = await fetch(`http://${lan!.address}:${port}/__sim/health`);
    expect(far.status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/__sim/health`)).status).toBe(200);
  });
});

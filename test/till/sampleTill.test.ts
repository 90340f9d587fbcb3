import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SUPERVISOR_PIN } from '../../electron/station/paymentsService';
import { bootTillStation } from '../helpers/tillStation';
import { bootDemoStation } from '../helpers/demoStation';
import { tempDir } from '../helpers/tempDir';
import { runSampleTill } from './sampleTill';

describe('the sample till against a DEMO station', () => {
  it('pays (order QR, the DEMO wallet pays), cancels and refunds, end to end', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Sample till', ['pay', 'refund', 'read']);
    const lines: string[] = [];
    const run = await runSampleTill({ url: rig.url, key, pin: DEMO_SUPERVISOR_PIN, amount: { minor: 1234, currency: 'CNY' }, prefix: 'T', log: (l) => lines.push(l) });
    expect(run.paid).toMatchObject({ status: 'paid', orderReference: 'T-1' });
    expect(run.paid.paymentId).toBeTruthy();
    expect(run.cancelled).toMatchObject({ status: 'cancelled', orderReference: 'T-2' });
    expect(run.refunded).toMatchObject({ refundableMinor: 617, refunds: [{ refundReference: 'T-1-R1', status: 'succeeded' }] });
    expect(run.day.payments.map((p) => [p.orderReference, p.status])).toEqual([['T-1', 'paid'], ['T-2', 'cancelled']]);
    // The terminal's own books agree: one paid sale, partly refunded, in the journal's hash chain.
    expect((await rig.demo.call<{ ok: boolean }>('settings:verifyJournal', {})).ok).toBe(true);
    expect(lines.join('\n')).toContain('T-1: paid');
  });

  it('runs as a script (the README command) and exits 0', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Script till', ['pay', 'refund', 'read']);
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'test/till/sampleTill.ts', '--url', rig.url, '--key', key, '--pin', DEMO_SUPERVISOR_PIN], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      p.stdout.on('data', (d: Buffer) => (text += d.toString()));
      p.stderr.on('data', (d: Buffer) => (text += d.toString()));
      p.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.text).toMatch(/-1: paid/);
    expect(out.text).toMatch(/-2: cancelled/);
    expect(out.text).toMatch(/refund succeeded/);
    expect(out.code).toBe(0);
  });
});

describe('till API listener', () => {
  it('LAN access only with TLS: a self-signed certificate made at run time, and the key still required', async () => {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'till.key'), '-out', path.join(dir, 'till.crt'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const rig = await bootTillStation({ config: { till: { listen: 'lan', tlsCertFile: path.join(dir, 'till.crt'), tlsKeyFile: path.join(dir, 'till.key') } } });
    expect(rig.url).toMatch(/^https:/);
    const ca = fs.readFileSync(path.join(dir, 'till.crt'));
    const get = (p: string, key?: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request(`${rig.url}${p}`, { ca, headers: key ? { authorization: `Bearer ${key}` } : {} }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    expect((await get('/openapi.json')).status).toBe(200);
    expect((await get('/payments')).status).toBe(401);
    const { key } = await rig.client('LAN ERP', ['read']);
    expect((await get('/payments', key)).status).toBe(200);
    // Plain HTTP on the TLS port gets nothing usable.
    await expect(fetch(rig.url.replace('https:', 'http:') + '/openapi.json')).rejects.toThrow();
  });

  it('LAN without TLS files is a config error naming the field (setup mode), never a plain-HTTP LAN listener', async () => {
    const demo = await bootDemoStation({ config: { till: { listen: 'lan' } }, env: { POS_TILL_PORT: '0' } });
    expect(demo.station.snapshot().mode).toBe('setup');
    expect(demo.station.snapshot().setupProblem?.field).toMatch(/^till/);
    expect(demo.station.ctx.till ?? null).toBeNull();
  });

  it('a chunked body over the limit is refused with 413 and nothing is made', async () => {
    const rig = await bootTillStation();
    const { key } = await rig.client('Till 1', ['pay']);
    const { request } = await import('node:http');
    const u = new URL(`${rig.url}/payments`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write(`${'x'.repeat(1024)}`);
      req.end();
    });
    expect(status).toBe(413);
    expect((rig.demo.station.ctx.db!.prepare('SELECT count(*) AS n FROM till_orders').get() as { n: number }).n).toBe(0);
  });
});

describe('the README\'s Node example', () => {
  it('runs as printed: it puts an amount on the counter and exits on the paid event', async () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const snippet = /Node \(18\+, no packages\):\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeTruthy();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'till.mjs'), snippet!);
    const rig = await bootTillStation();
    const { key } = await rig.client('README till', ['pay', 'read']);
    const child = spawn(process.execPath, [path.join(dir, 'till.mjs')], { env: { ...process.env, TILL_API: rig.url, TILL_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      const off = rig.demo.station.events.subscribe((e) => {
        if (e.name === 'till:saleOpened') {
          off();
          resolve();
        }
      });
    });
    await rig.demo.call('payment:scan', { code: '281234567890777001' });
    expect(await exited).toBe(0);
    expect(out).toMatch(/^paid \S+/);
  });
});

/**
 * The station's side of notifyPayment (AMS.md §6, §10) against the real simulator over loopback:
 * signed over the public path, amount-checked without spending the dedupe key, fresh, and refused
 * (not acknowledged) before recovery has finished. Hand-made notifications are signed with the
 * simulator's own key, exactly as it signs the ones it sends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAmsKeyPair, loadPrivateKey } from '../../../../electron/payments/ams/keys';
import { NOTIFICATION_ACK_BODY, NOTIFICATION_MAX_SKEW_MS } from '../../../../electron/payments/ams/notification';
import { signMessage } from '../../../../electron/payments/ams/signature';
import { scenarioAmount } from '../../../../electron/simulator';
import { freshCode, makeWorld, type World } from './engineWorld';

const keys = generateAmsKeyPair();
const alipayKey = loadPrivateKey(keys.privateKey);

let w: World | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await w?.close();
  w = undefined;
  for (const c of closers.splice(0)) await c();
});

function notice(world: World, body: Record<string, unknown>, opts: { signedPath?: string; deliveredPath?: string; time?: number } = {}) {
  const text = JSON.stringify(body);
  const time = String(opts.time ?? world.clock.now());
  const signedPath = opts.signedPath ?? '/alipay/notify';
  const signature = signMessage({ path: signedPath, clientId: world.sim.clientId, time, body: text, privateKey: alipayKey });
  return { path: opts.deliveredPath ?? signedPath, headers: { 'client-id': world.sim.clientId, 'request-time': time, signature }, body: Buffer.from(text) };
}

const success = (paymentRequestId: string, value: unknown, currency = 'CNY', status: 'S' | 'F' | 'U' = 'S', code = 'SUCCESS') => ({
  notifyType: 'PAYMENT_RESULT', result: { resultStatus: status, resultCode: code, resultMessage: code },
  paymentRequestId: paymentRequestId, paymentId: 'P-notice', paymentAmount: { currency, value },
});

/** An attempt waiting for the customer (scenario 22: U PAYMENT_IN_PROCESS, nobody confirms). */
async function waiting(world: World): Promise<{ paymentRequestId: string; amount: number }> {
  const amount = scenarioAmount('22');
  const a = world.runtime.startWithCode(world.sale(amount), freshCode());
  await world.settle();
  expect(world.runtime.store.attempts.getAttempt(a.paymentRequestId)!.status).toBe('awaitingCustomer');
  return { paymentRequestId: a.paymentRequestId, amount };
}

const status = (world: World, id: string) => world.runtime.store.attempts.getAttempt(id)!.status;
const notes = (world: World) => world.db.prepare('SELECT dedupe_key, outcome FROM payment_notifications ORDER BY rowid').all() as Array<{ dedupe_key: string; outcome: string }>;

describe('notifyPayment at the station', () => {
  it('a reverse proxy that strips /pos: the simulator signs over the public path, the station still verifies and applies it', async () => {
    // A real prefix-stripping proxy on loopback in front of the world's notify server.
    let target = '';
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const fwd = http.request(target.replace('/alipay/notify', (req.url ?? '').replace(/^\/pos/, '')), { method: 'POST', headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        fwd.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => proxy.close(() => r())));
    const proxyBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    w = await makeWorld({ alipayPrivateKey: keys.privateKey, paymentNotifyUrl: (local) => ((target = local), `${proxyBase}/pos/alipay/notify`) });
    const { paymentRequestId } = await waiting(w);
    expect(w.sim.wallet.confirm({ paymentRequestId: paymentRequestId }).ok).toBe(true);
    await w.advance(0); // the simulator's notification goes out at once, through the proxy
    const sent = [...w.sim.store.notifications.values()].find((n) => n.subject === paymentRequestId)!;
    expect(sent.url).toBe(`${proxyBase}/pos/alipay/notify`);
    expect(sent.status).toBe('delivered');
    expect(status(w, paymentRequestId)).toBe('succeeded');
    expect(w.countCalls('inquiryPayment')).toBe(0); // learnt from the notice, not by polling
  });

  it('an amount or currency mismatch is refused, alerts, and leaves the dedupe key for the genuine notice', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const { paymentRequestId, amount } = await waiting(w);
    const wrongAmount = await w.runtime.handleNotification(notice(w, success(paymentRequestId, String(amount + 1))));
    expect(wrongAmount.status).toBe(400);
    expect(JSON.parse(wrongAmount.body)).toMatchObject({ result: { resultStatus: 'F' } });
    const wrongCurrency = await w.runtime.handleNotification(notice(w, success(paymentRequestId, String(amount), 'USD')));
    expect(wrongCurrency.status).toBe(400);
    expect(status(w, paymentRequestId)).toBe('awaitingCustomer');
    expect(w.runtime.store.attempts.getAttempt(paymentRequestId)!.flags).toContain('amountMismatch');
    expect(notes(w).map((n) => n.outcome)).toEqual(['amountMismatch', 'amountMismatch']);
    // The genuine success (same paymentRequestId|S|SUCCESS key) still pays the sale.
    const genuine = await w.runtime.handleNotification(notice(w, success(paymentRequestId, String(amount))));
    expect(genuine).toEqual({ status: 200, body: NOTIFICATION_ACK_BODY });
    expect(status(w, paymentRequestId)).toBe('succeeded');
  });

  it('an unparseable amount (fraction, unknown currency, missing) never pays the sale and spends nothing', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const { paymentRequestId, amount } = await waiting(w);
    for (const bad of [success(paymentRequestId, '99.22'), success(paymentRequestId, String(amount), 'XYZ'), { ...success(paymentRequestId, '1'), paymentAmount: undefined }]) {
      const r = await w.runtime.handleNotification(notice(w, bad));
      expect(r.status).toBe(400);
      expect(status(w, paymentRequestId)).toBe('awaitingCustomer');
    }
    expect(notes(w).some((n) => n.dedupe_key.startsWith(`${paymentRequestId}|`))).toBe(false);
    expect((await w.runtime.handleNotification(notice(w, success(paymentRequestId, String(amount))))).status).toBe(200);
    expect(status(w, paymentRequestId)).toBe('succeeded');
  });

  it('request-time freshness: a stale or future-dated signed notice is refused unacknowledged; a fresh resend is applied', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const { paymentRequestId, amount } = await waiting(w);
    const body = success(paymentRequestId, String(amount));
    for (const time of [w.clock.now() - NOTIFICATION_MAX_SKEW_MS - 1_000, w.clock.now() + NOTIFICATION_MAX_SKEW_MS + 1_000]) {
      const r = await w.runtime.handleNotification(notice(w, body, { time }));
      expect(r.status).toBe(400);
      expect(r.body).not.toBe(NOTIFICATION_ACK_BODY);
    }
    expect(status(w, paymentRequestId)).toBe('awaitingCustomer');
    expect(notes(w)).toEqual([]);
    expect((await w.runtime.handleNotification(notice(w, body, { time: w.clock.now() - 60_000 }))).status).toBe(200);
    expect(status(w, paymentRequestId)).toBe('succeeded');
  });

  it('unknown attempt: acknowledged once and recorded; U status: acknowledged, changes nothing', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const stranger = await w.runtime.handleNotification(notice(w, success('PR-not-ours', '100')));
    expect(stranger).toEqual({ status: 200, body: NOTIFICATION_ACK_BODY });
    expect(notes(w)).toEqual([{ dedupe_key: 'PR-not-ours|S|SUCCESS', outcome: 'unknownAttempt' }]);
    const { paymentRequestId, amount } = await waiting(w);
    const u = await w.runtime.handleNotification(notice(w, success(paymentRequestId, String(amount), 'CNY', 'U', 'PAYMENT_IN_PROCESS')));
    expect(u).toEqual({ status: 200, body: NOTIFICATION_ACK_BODY });
    expect(status(w, paymentRequestId)).toBe('awaitingCustomer');
    expect(w.runtime.store.attempts.getAttempt(paymentRequestId)!.flags).toEqual([]);
  });

  it('503, not acknowledged, before recovery has finished (Alipay resends); applied once ready', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const { paymentRequestId, amount } = await waiting(w);
    w.down();
    const { openJournal } = await import('../../../../electron/journal/openJournal');
    const { createPaymentsRuntime } = await import('../../../../electron/payments/runner/paymentsRuntime');
    w.db = openJournal(`${w.dir}/journal.sqlite`);
    const rt = createPaymentsRuntime({ db: w.db, clock: w.clock, gateway: (await import('../../../../electron/payments/ams/amsAcquirer')).createAmsAcquirer(w.client), payContext: () => { throw new Error('unused'); }, alipayPublicKey: w.sim.alipayPublicKey, clientId: w.sim.clientId });
    w.runtime = rt;
    const early = await rt.handleNotification(notice(w, success(paymentRequestId, String(amount))));
    expect(early.status).toBe(503);
    expect(JSON.parse(early.body)).toMatchObject({ result: { resultStatus: 'U' } });
    expect(notes(w)).toEqual([]);
    await rt.start();
    expect((await rt.handleNotification(notice(w, success(paymentRequestId, String(amount))))).status).toBe(200);
    expect(status(w, paymentRequestId)).toBe('succeeded');
  });

  it('the simulator notifies in-store successes only: a declined or expired payment sends nothing', async () => {
    w = await makeWorld({ alipayPrivateKey: keys.privateKey });
    const declined = w.runtime.startWithCode(w.sale(scenarioAmount('21')), freshCode()); // U, then the customer declines at +5 s
    await w.settle();
    // Declined at +5 s; the next inquiry on the engine's schedule (whatever it is) finds it.
    await w.advance(10_000);
    expect(status(w, declined.paymentRequestId)).toBe('failed');
    await w.sim.notificationsIdle();
    expect([...w.sim.store.notifications.values()].filter((n) => n.subject === declined.paymentRequestId)).toEqual([]);
    const paid = w.runtime.startWithCode(w.sale(1_000), freshCode());
    await w.settle();
    expect([...w.sim.store.notifications.values()].filter((n) => n.subject === paid.paymentRequestId)).toHaveLength(1);
  });
});

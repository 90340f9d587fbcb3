import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAmsKeyPair } from '../../../electron/payments/ams/keys';
import { NOTIFICATION_ACK_BODY, verifyPaymentNotification, verifyRegistrationNotification, type IncomingNotification } from '../../../electron/payments/ams/notification';
import { NOTIFY_SCHEDULE_MS } from '../../../electron/simulator/notifier';
import { codePay, freshCode, FULL_MERCHANT_INFO, startHarness, type Harness } from './harness';

/** A merchant notify endpoint on loopback that records what it gets and acks per a script. */
function receiver(ackFrom: number): Promise<{ url: string; got: IncomingNotification[]; times: number[]; close(): Promise<void> }> {
  const got: IncomingNotification[] = [];
  const times: number[] = [];
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      times.push(Date.now());
      if (got.length >= ackFrom) res.writeHead(200, { 'content-type': 'application/json' }).end(NOTIFICATION_ACK_BODY);
      else res.writeHead(500).end('busy');
    });
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, got, times,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  })));
}

const until = async (cond: () => boolean, ms = 3_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let h: Harness;
beforeAll(async () => {
  // 2 min → 60 ms, 15 h → 27 s (never reached here: acks come earlier).
  h = await startHarness({ notifyScheduleScale: 0.0005, registrationDelayMs: 20 });
});
afterAll(async () => h.close());

describe('notifyPayment', () => {
  it('is signed, verifies, and is retried on the (compressed) schedule until acknowledged', async () => {
    const rx = await receiver(3);
    const req = codePay(freshCode(), 4321, { paymentNotifyUrl: `${rx.url}/pos/notify?src=alipay` });
    const r = await h.client.pay(req);
    expect(r.outcome).toBe('S');
    await until(() => rx.got.length >= 3);
    await h.sim.notificationsIdle();
    const n = rx.got[0]!;
    const v = verifyPaymentNotification(n, h.sim.alipayPublicKey, h.sim.clientId);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.notification).toMatchObject({ notifyType: 'PAYMENT_RESULT', paymentRequestId: req.paymentRequestId, paymentAmount: { currency: 'CNY', value: '4321' }, result: { resultStatus: 'S' } });
    }
    // Gaps follow 0 s, 2 min, 10 min … scaled by 0.0005: ≈60 ms then ≈300 ms.
    expect(rx.times[1]! - rx.times[0]!).toBeGreaterThanOrEqual(NOTIFY_SCHEDULE_MS[1]! * 0.0005 - 5);
    expect(rx.times[2]! - rx.times[1]!).toBeGreaterThanOrEqual(NOTIFY_SCHEDULE_MS[2]! * 0.0005 - 5);
    const record = [...h.sim.store.notifications.values()].find((x) => x.subject === req.paymentRequestId)!;
    expect(record.status).toBe('delivered');
    expect(record.attempts.map((a) => a.acknowledged)).toEqual([false, false, true]);
    await new Promise((res) => setTimeout(res, 400));
    expect(rx.got.length).toBe(3);
    await rx.close();
  });

  it('rejects tampered, unsigned, foreign-key and wrong-path notifications', async () => {
    const rx = await receiver(1);
    await h.client.pay(codePay(freshCode(), 100, { paymentNotifyUrl: `${rx.url}/notify` }));
    await until(() => rx.got.length >= 1);
    const n = rx.got[0]!;
    expect(verifyPaymentNotification(n, h.sim.alipayPublicKey).ok).toBe(true);
    const tampered = { ...n, body: Buffer.from(n.body.toString().replace('"100"', '"1"')) };
    expect(verifyPaymentNotification(tampered, h.sim.alipayPublicKey)).toMatchObject({ ok: false, error: { code: 'AMS_SIGNATURE', kind: 'bad-signature' } });
    const unsigned = { ...n, headers: { ...n.headers, signature: undefined } };
    expect(verifyPaymentNotification(unsigned, h.sim.alipayPublicKey)).toMatchObject({ ok: false, error: { kind: 'unsigned' } });
    expect(verifyPaymentNotification(n, generateAmsKeyPair().publicKey)).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(verifyPaymentNotification({ ...n, path: '/other' }, h.sim.alipayPublicKey).ok).toBe(false);
    expect(verifyPaymentNotification(n, h.sim.alipayPublicKey, 'SOMEONE_ELSE').ok).toBe(false);
    await rx.close();
  });

  it('gives up after 8 attempts', async () => {
    const h2 = await startHarness({ notifyScheduleScale: 0.000005 });
    const rx = await receiver(99);
    const req = codePay(freshCode(), 100, { paymentNotifyUrl: `${rx.url}/notify` });
    await h2.client.pay(req);
    await until(() => [...h2.sim.store.notifications.values()].some((x) => x.status === 'gave-up'), 5_000);
    expect(rx.got.length).toBe(8);
    await h2.close();
    await rx.close();
  });

  it('registration status is notified and verifies', async () => {
    const rx = await receiver(1);
    await h.client.registration({ registrationRequestId: 'REG-N1', registrationNotifyURL: `${rx.url}/reg`, merchantInfo: { referenceMerchantId: 'M9', ...FULL_MERCHANT_INFO } });
    await until(() => rx.got.length >= 1);
    const v = verifyRegistrationNotification(rx.got[0]!, h.sim.alipayPublicKey, h.sim.clientId);
    expect(v.ok && v.notification.registrationResult?.registrationStatus).toBe('APPROVED');
    await rx.close();
  });
});

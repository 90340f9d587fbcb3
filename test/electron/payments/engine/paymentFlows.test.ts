import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/journal/hashChain';
import { scenarioAmount, scenarioCode } from '../../../../electron/simulator';
import { signMessage } from '../../../../electron/payments/ams/signature';
import { loadPrivateKey } from '../../../../electron/payments/ams/keys';
import { paymentNotificationBody } from '../../../../electron/simulator/startSimulator';
import { cny, freshCode, makeWorld, type World } from './engineWorld';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const simPayment = (world: World, paymentRequestId: string) => world.sim.core.findPayment({ paymentRequestId: paymentRequestId, clientId: world.sim.clientId });
const attempt = (world: World, id: string) => world.runtime.store.attempts.getAttempt(id)!;

describe('user-presented flow against the simulator', () => {
  it('instant S: succeeded after one pay call and two commits, no inquiry', async () => {
    w = await makeWorld();
    const saleId = w.sale(1234);
    const a = w.runtime.startWithCode(saleId, freshCode());
    expect(a.status).toBe('created'); // committed before the answer
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'succeeded', paymentId: expect.any(String) });
    expect(w.runtime.getSale(saleId).status).toBe('paid');
    expect(w.countCalls('inquiryPayment')).toBe(0);
    const events = w.db.prepare('SELECT type, status FROM payment_events WHERE payment_request_id = ? ORDER BY seq').all(a.paymentRequestId);
    expect(events).toEqual([{ type: 'created', status: 'created' }, { type: 'payAnswered', status: 'succeeded' }]);
    expect(verifyChain(w.db).ok).toBe(true);
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('SUCCESS');
  });

  it('the journal keeps only the hash and last 4 digits of the code', async () => {
    w = await makeWorld();
    const code = freshCode();
    const a = w.runtime.startWithCode(w.sale(100), code);
    await w.settle();
    const dump = JSON.stringify([
      w.db.prepare('SELECT * FROM payment_attempts').all(),
      w.db.prepare('SELECT * FROM payment_events').all(),
    ]);
    expect(dump).not.toContain(code);
    expect(a.codeTail).toBe(code.slice(-4));
  });

  it.each([
    ['decline', '01', 'USER_BALANCE_NOT_ENOUGH', false],
    ['customer code problem', '11', 'EXPIRED_CODE', false],
    ['configuration', '12', 'MERCHANT_NOT_REGISTERED', true],
    ['access', '13', 'ACCESS_DENIED', true],
    ['system (no retry)', '15', 'SYSTEM_ERROR', true],
  ])('F (%s) → failed with the code and its message, sale open again', async (_c, scenario, code, alert) => {
    w = await makeWorld();
    const saleId = w.sale(500);
    const a = w.runtime.startWithCode(saleId, scenarioCode(scenario));
    await w.settle();
    const s = attempt(w, a.paymentRequestId);
    expect(s).toMatchObject({ status: 'failed', resultCode: code });
    expect(s.message?.en.length).toBeGreaterThan(3);
    expect(s.flags.includes('needsAttention')).toBe(alert);
    expect(w.countCalls('pay')).toBe(1);
    expect(w.countCalls('inquiryPayment')).toBe(0);
    expect(w.runtime.getSale(saleId).status).toBe('open');
  });

  it('U (PAYMENT_IN_PROCESS) then the customer confirms: found by polling', async () => {
    w = await makeWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('20')), freshCode());
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    await w.advance(4_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    await w.advance(6_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('inquiryPayment')).toBe(3); // +1.5 s, +4 s (processing), +6.5 s (confirmed at +5 s)
  });

  it('U then success is also learnt from the notification, before the next poll', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    await w.advance(2_500); // one poll: PROCESSING
    expect(w.sim.wallet.confirm({ paymentRequestId: a.paymentRequestId }).ok).toBe(true);
    await w.advance(0); // the notification goes out at once (no time passes)
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('inquiryPayment')).toBe(1);
  });

  it('customer never confirms → expiry + grace → last inquiry → cancel → cancelled (sim clock 30 s behind)', async () => {
    w = await makeWorld({ policy: { expiryMs: 60_000 } });
    w.sim.faults.setClockSkew(-30_000); // Alipay's clock behind ours: the grace alone does not cover it
    const saleId = w.sale(scenarioAmount('22'));
    const a = w.runtime.startWithCode(saleId, freshCode());
    expect(a.expiresAt - a.createdAt).toBe(60_000);
    await w.advance(69_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    const polls = w.countCalls('inquiryPayment');
    expect(polls).toBeGreaterThan(5);
    expect(polls).toBeLessThanOrEqual(30);
    expect(w.runtime.getSale(saleId).active?.doNotHandOver).toBe(true);
    await w.advance(2_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'expiry' });
    expect(w.countCalls('cancel')).toBe(1);
    // the last inquiry (and at most one poll due in the last two seconds before expiry + grace)
    expect(w.countCalls('inquiryPayment')).toBeGreaterThanOrEqual(polls + 1);
    expect(w.countCalls('inquiryPayment')).toBeLessThanOrEqual(polls + 2);
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('CANCELLED');
    expect(w.runtime.getSale(saleId).status).toBe('open');
  });

  it('customer never confirms, clocks agree: Alipay closes it at expiry and polling sees that (no cancel needed)', async () => {
    w = await makeWorld({ policy: { expiryMs: 60_000 } });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.advance(75_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'failed', resultCode: 'ORDER_IS_CLOSED' });
    expect(w.countCalls('cancel')).toBe(0);
    expect(w.runtime.unresolved().attempts).toEqual([]);
  });

  it.each([
    ['answer too slow (client timeout)', '26'],
    ['U UNKNOWN_EXCEPTION but paid', '27'],
    ['connection dropped after success', '25'],
  ])('%s → unknown → found paid by inquiry, never rescanned', async (_n, scenario) => {
    w = await makeWorld({ slowResponseMs: 1_200 });
    const a = w.runtime.startWithCode(w.sale(700), scenarioCode(scenario));
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('unknown');
    await w.advance(2_500);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('pay')).toBe(1);
  });

  it('network down during polling, then back: offline refuses new payments, the attempt still resolves', async () => {
    w = await makeWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('20')), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'drop-before', api: 'inquiryPayment', times: 3 });
    await w.advance(2_100);
    expect(w.runtime.network).toBe('offline');
    expect(() => w!.runtime.startWithCode(w!.sale(100), freshCode())).toThrow(expect.objectContaining({ code: 'OFFLINE' }));
    await w.advance(10_000);
    expect(w.runtime.network).toBe('online');
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
  });

  it('cashier cancel: cancel fails (5xx twice) then succeeds from the queue with backoff', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'http-5xx', status: 503, api: 'cancel', times: 2 });
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelling', cancelSent: true });
    const job = w.runtime.queue().jobs.find((j) => j.subject === a.paymentRequestId)!;
    expect(job).toMatchObject({ kind: 'cancel', status: 'pending', attempts: 1 });
    expect(job.lastError).toMatch(/503/);
    await w.advance(10_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'cashier' });
    expect(w.countCalls('cancel')).toBe(3);
    expect(w.runtime.queue().jobs).toEqual([]);
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('CANCELLED');
  });

  it('a late success notification after cancel is recorded and flagged, never resurrects; a forged one changes nothing', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    const p = simPayment(w, a.paymentRequestId)!;
    const body = Buffer.from(paymentNotificationBody({ ...p, status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'success' }, 480));
    const post = async (key: string): Promise<number> => {
      const time = String(w!.clock.now());
      const signature = signMessage({ path: '/alipay/notify', clientId: w!.sim.clientId, time, body, privateKey: loadPrivateKey(key) });
      const res = await fetch(w!.notifyUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', 'client-id': w!.sim.clientId, 'request-time': time, signature } });
      await res.text();
      return res.status;
    };
    const { generateAmsKeyPair } = await import('../../../../electron/payments/ams/keys');
    expect(await post(generateAmsKeyPair().privateKey)).toBe(401);
    expect(attempt(w, a.paymentRequestId).flags).toEqual([]);
    expect(await post(w.sim.store.getMeta('alipayPrivateKey')!)).toBe(200);
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', flags: ['lateSuccessAfterCancel'] });
    expect(await post(w.sim.store.getMeta('alipayPrivateKey')!)).toBe(200); // resend: deduped
    const flagged = w.db.prepare("SELECT count(*) AS n FROM payment_events WHERE payment_request_id = ? AND type = 'notified'").get(a.paymentRequestId) as { n: number };
    expect(flagged.n).toBe(1);
    expect(w.runtime.getSale(a.saleId).status).toBe('open');
  });

  it('scans: only Alipay payment codes start a payment; a replay within the window is refused', async () => {
    w = await makeWorld();
    const saleId = w.sale(100);
    expect(() => w!.runtime.startWithCode(saleId, '4006381333931')).toThrow(expect.objectContaining({ code: 'SCAN_REJECTED' }));
    expect(() => w!.runtime.startWithCode(saleId, '134567890123456789')).toThrow(expect.objectContaining({ code: 'SCAN_REJECTED' }));
    const code = freshCode();
    w.runtime.startWithCode(saleId, scenarioCode('01').slice(0, 0) + code);
    await w.settle();
    expect(() => w!.runtime.startWithCode(w!.sale(100), code)).toThrow(expect.objectContaining({ code: 'DUPLICATE_SCAN' }));
    expect(() => w!.runtime.startWithCode(saleId, freshCode())).toThrow(expect.objectContaining({ code: 'INVALID_STATE' })); // already paid
  });
});

describe('order code', () => {
  it('shows the QR, the wallet pays it, success arrives', async () => {
    w = await makeWorld();
    const saleId = w.sale(2_000);
    const a = w.runtime.showOrderCode(saleId);
    await w.settle();
    const shown = w.runtime.getSale(saleId).active!;
    expect(shown.status).toBe('awaitingCustomer');
    expect(shown.qr?.codeValue).toMatch(/^http/);
    expect(w.sim.wallet.payOrderCode(shown.qr!.codeValue).ok).toBe(true);
    await w.advance(0);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
  });

  it('changing the amount while the QR is shown voids it (cancel) first', async () => {
    w = await makeWorld();
    const saleId = w.sale(2_000);
    w.runtime.showOrderCode(saleId);
    await w.settle();
    const shown = w.runtime.getSale(saleId).active!;
    const after = await w.runtime.setSaleAmount(saleId, cny(2_500));
    expect(after.active?.qr).toBeNull();
    await w.settle();
    expect(attempt(w, shown.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'amountChanged' });
    expect(simPayment(w, shown.paymentRequestId)?.status).toBe('CANCELLED');
    expect(w.sim.wallet.payOrderCode(shown.qr!.codeValue).ok).toBe(false);
    const sale = w.runtime.getSale(saleId);
    expect(sale).toMatchObject({ status: 'open', amount: { minor: 2_500 } });
  });
});

describe('refunds and voids', () => {
  it('partial refunds with retries reuse the refundRequestId; never beyond the paid amount', async () => {
    w = await makeWorld();
    const saleId = w.sale(1_000);
    const a = w.runtime.startWithCode(saleId, freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'drop-after', api: 'refund', times: 1 }); // processed, answer lost
    const r1 = w.runtime.createRefund(a.paymentRequestId, cny(300), 'damaged', 'sup');
    expect(r1.status).toBe('pending');
    await w.settle();
    expect(w.runtime.store.getRefund(r1.refundRequestId)?.status).toBe('pending');
    await w.advance(3_000);
    expect(w.runtime.store.getRefund(r1.refundRequestId)?.status).toBe('succeeded');
    // The lost answer is resolved by inquiryRefund, not by sending the refund again.
    expect(w.countCalls('refund')).toBe(1);
    expect(w.countCalls('inquiryRefund')).toBe(1);
    const r2 = w.runtime.createRefund(a.paymentRequestId, cny(700), null, 'sup');
    await w.settle();
    expect(w.runtime.store.getRefund(r2.refundRequestId)?.status).toBe('succeeded');
    expect(() => w!.runtime.createRefund(a.paymentRequestId, cny(1), null, 'sup')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    const simRefunds = [...w.sim.store.refunds.values()];
    expect(simRefunds.map((r) => r.refundRequestId).sort()).toEqual([r1.refundRequestId, r2.refundRequestId].sort());
    expect(w.runtime.getSale(saleId).status).toBe('refunded');
  });

  it('a refund while offline waits in the queue as pending and goes out on reconnect', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1_000), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'drop-before', times: 4 });
    const r = w.runtime.createRefund(a.paymentRequestId, cny(400), null, 'sup');
    await w.settle();
    expect(w.runtime.network).toBe('offline');
    expect(w.runtime.getSale(a.saleId).refunds[0]).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/network/) });
    await w.advance(20_000);
    expect(w.runtime.store.getRefund(r.refundRequestId)?.status).toBe('succeeded');
    expect(w.runtime.getSale(a.saleId).status).toBe('partially_refunded');
  });

  it('void after the cancel window (CANCEL_WINDOW_EXCEED) turns into a full refund → reversed', async () => {
    w = await makeWorld();
    const saleId = w.sale(800);
    const a = w.runtime.startWithCode(saleId, scenarioCode('30'));
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    await w.runtime.voidPayment(a.paymentRequestId, 'sup');
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'reversed', reason: 'void' });
    expect([...w.sim.store.refunds.values()]).toHaveLength(1);
    expect(w.runtime.getSale(saleId).status).toBe('voided');
  });
});

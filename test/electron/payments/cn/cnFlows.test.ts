/** The one engine speaking 当面付: bar-code pay, waiting customers, cancel, refunds, recovery, notifications. */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/journal/hashChain';
import { cnScenarioCode } from '../../../../electron/simulator/cn/cnScenarios';
import { money } from '../../../../shared/domain/money';
import { freshCnCode, makeCnWorld, type CnWorld } from './cnWorld';

let w: CnWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const attempt = (world: CnWorld, id: string) => world.runtime.store.attempts.getAttempt(id)!;
const events = (world: CnWorld, id: string) => world.db.prepare('SELECT type, status, data_json FROM payment_events WHERE payment_request_id = ? ORDER BY seq').all(id) as { type: string; status: string; data_json: string }[];

describe('当面付 bar-code pay through the engine', () => {
  it('10000: paid after one trade.pay and two commits; out_trade_no is the write-ahead id; the request names store, terminal, cashier and our expiry', async () => {
    w = await makeCnWorld();
    const saleId = w.sale(1234);
    const a = w.runtime.startWithCode(saleId, freshCnCode());
    expect(a.status).toBe('created');
    await w.settle();
    const s = attempt(w, a.paymentRequestId);
    const t = w.sim.trade(a.paymentRequestId)!;
    expect(s).toMatchObject({ status: 'succeeded', paymentId: t.tradeNo });
    expect(s.customerIdMasked).toMatch(/\*{4}/);
    expect(t).toMatchObject({ fen: 1234, storeId: 'S0001', terminalId: 'T01', operatorId: 'cashier-1', status: 'TRADE_SUCCESS' });
    expect(t.expiresAt - t.createdAt).toBe(3 * 60_000);
    expect(w.countCalls('alipay.trade.query')).toBe(0);
    expect(events(w, a.paymentRequestId).map((e) => [e.type, e.status])).toEqual([['created', 'created'], ['payAnswered', 'succeeded']]);
    expect(w.runtime.getSale(saleId).status).toBe('paid');
    expect(verifyChain(w.db).ok).toBe(true);
  });

  it.each([
    ['01', 'ACQ.BUYER_BALANCE_NOT_ENOUGH', 'Insufficient balance'],
    ['02', 'ACQ.PAYMENT_AUTH_CODE_INVALID', 'refresh'],
    ['03', 'ACQ.TRADE_HAS_CLOSE', 'closed'],
    ['04', 'ACQ.CONTEXT_INCONSISTENT', 'differ'],
    ['05', 'ACQ.BUYER_ENABLE_STATUS_FORBID', 'restricted'],
    ['06', 'ACQ.TOTAL_FEE_EXCEED', 'limit'],
    ['08', 'ACQ.TRADE_BUYER_NOT_MATCH', 'buyer'],
  ])('40004 %s → failed with %s and its cashier message; a retry is a new out_trade_no', async (nn, subCode, words) => {
    w = await makeCnWorld();
    const saleId = w.sale(500);
    const a = w.runtime.startWithCode(saleId, cnScenarioCode(nn));
    await w.settle();
    const s = attempt(w, a.paymentRequestId);
    expect(s).toMatchObject({ status: 'failed', resultCode: subCode });
    expect(s.message?.en).toContain(words);
    expect(s.message?.['zh-CN'].length).toBeGreaterThan(2);
    const b = w.runtime.startWithCode(saleId, freshCnCode());
    expect(b.paymentRequestId).not.toBe(a.paymentRequestId);
    await w.settle();
    expect(attempt(w, b.paymentRequestId).status).toBe('succeeded');
  });

  it('ACQ.INVALID_STORE_ID alerts an operator', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(500), cnScenarioCode('07'));
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'failed', resultCode: 'ACQ.INVALID_STORE_ID', flags: ['needsAttention'] });
  });

  it('10003 confirmed after 5 s: waits for the customer, polls trade.query, paid, no cancel', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('20'));
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'awaitingCustomer', resultCode: '10003' });
    expect(attempt(w, a.paymentRequestId).message?.en).toContain('confirm');
    await w.advance(10_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('alipay.trade.query')).toBeGreaterThanOrEqual(2);
    expect(w.countCalls('alipay.trade.cancel')).toBe(0);
  });

  it('10003 declined by the customer: the query finds TRADE_CLOSED, nothing charged', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('21'));
    await w.advance(12_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', resultCode: 'TRADE_CLOSED' });
  });

  it('10003 never confirmed: polled on the schedule; Alipay closes it at our timeout_express and the query sees TRADE_CLOSED', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('22'));
    await w.advance(3 * 60_000 + 15_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', resultCode: 'TRADE_CLOSED' });
    expect(w.sim.trade(a.paymentRequestId)?.status).toBe('TRADE_CLOSED');
    expect(w.countCalls('alipay.trade.query')).toBeGreaterThan(10);
    // The wallet confirming afterwards cannot pay a closed trade.
    expect(w.sim.wallet.confirm(a.paymentRequestId)).toBe(false);
  });

  it('waiting past our deadline while Alipay still waits: a last query, then trade.cancel right after it; action close recorded', async () => {
    // A slow link: our deadline (expiry + grace) comes before Alipay's own close (its clock is behind).
    w = await makeCnWorld({ policy: { graceMs: -30_000 } });
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('22'));
    await w.advance(3 * 60_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'expiry' });
    const ev = events(w, a.paymentRequestId).map((e) => ({ type: e.type, data: JSON.parse(e.data_json) as { event: Record<string, unknown> } }));
    const i = ev.findIndex((e) => e.type === 'cancelSending');
    // No gap: the last thing before the cancel was a query (no cancel without looking first).
    const methods = w.sim.calls.map((c) => c.method);
    expect(methods.slice(-2)).toEqual(['alipay.trade.query', 'alipay.trade.cancel']);
    expect(w.sim.calls.at(-1)!.at - w.sim.calls.at(-2)!.at).toBe(0);
    expect(ev[i + 1]).toMatchObject({ type: 'cancelAnswered', data: { event: { result: 'S', action: 'close' } } });
    expect(w.sim.trade(a.paymentRequestId)).toMatchObject({ status: 'TRADE_CLOSED', cancelAction: 'close' });
    expect(w.sim.wallet.confirm(a.paymentRequestId)).toBe(false);
  });

  it('cashier cancel while the customer is confirming: trade.cancel closes it; a late confirm is refused', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('22'));
    await w.settle();
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'cashier' });
    expect(w.sim.wallet.confirm(a.paymentRequestId)).toBe(false);
  });

  it('cancel answered retry_flag Y: the queue calls trade.cancel again until it is done', async () => {
    w = await makeCnWorld();
    const saleId = w.sale(700);
    const a = w.runtime.startWithCode(saleId, cnScenarioCode('31'));
    await w.settle();
    await w.runtime.voidPayment(a.paymentRequestId, 'supervisor');
    await w.advance(5_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    expect(w.countCalls('alipay.trade.cancel')).toBe(2);
    expect(w.sim.trade(a.paymentRequestId)?.cancelAction).toBe('refund');
  });

  it.each([['10', 'ACQ.SYSTEM_ERROR'], ['12', '20000'], ['13', 'ACQ.TRADE_HAS_SUCCESS'], ['25', 'dropped connection']])('paid behind %s (%s): unknown, the query proves it paid', async (nn) => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(900), cnScenarioCode(nn));
    await w.settle();
    expect(['unknown', 'awaitingCustomer']).toContain(attempt(w, a.paymentRequestId).status);
    await w.advance(3_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'succeeded', paymentId: w.sim.trade(a.paymentRequestId)!.tradeNo });
  });

  it('ACQ.SYSTEM_ERROR and nothing created: once the pay cannot still be recorded, the cancel closes the number (the till is not held to expiry)', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(900), cnScenarioCode('11'));
    await w.advance(60_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'notFound' });
    expect(w.sim.trade(a.paymentRequestId)).toMatchObject({ status: 'TRADE_CLOSED', cancelAction: 'close' });
  });

  it('void of a paid sale: trade.cancel refunds it (action refund)', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(1500), freshCnCode());
    await w.settle();
    await w.runtime.voidPayment(a.paymentRequestId, 'supervisor');
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    expect(w.sim.trade(a.paymentRequestId)).toMatchObject({ status: 'TRADE_CLOSED', cancelAction: 'refund' });
  });

  it('cancel too late (ACQ.TRADE_CANCEL_TIME_OUT): reversed by a full trade.refund instead', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(1500), cnScenarioCode('30'));
    await w.settle();
    await w.runtime.voidPayment(a.paymentRequestId, 'supervisor');
    await w.advance(3_000);
    const s = attempt(w, a.paymentRequestId);
    expect(s.status).toBe('reversed');
    const t = w.sim.trade(a.paymentRequestId)!;
    expect(t.refunds).toEqual([expect.objectContaining({ fen: 1500, outRequestNo: s.status === 'reversed' ? s.refundRequestId : '' })]);
  });

  it('partial and multiple refunds: out_request_no is our persisted refundRequestId; over-refunds are refused before sending', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(1000), freshCnCode());
    await w.settle();
    const r1 = w.runtime.createRefund(a.paymentRequestId, money(300, 'CNY'), 'damaged', 'supervisor');
    // Persisted before anything was sent.
    expect(w.db.prepare('SELECT status FROM refunds WHERE id = ?').get(r1.refundRequestId)).toEqual({ status: 'pending' });
    await w.settle();
    const r2 = w.runtime.createRefund(a.paymentRequestId, money(700, 'CNY'), null, 'supervisor');
    await w.settle();
    expect(() => w!.runtime.createRefund(a.paymentRequestId, money(1, 'CNY'), null, 'supervisor')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    const t = w.sim.trade(a.paymentRequestId)!;
    expect(t.refunds.map((r) => [r.outRequestNo, r.fen])).toEqual([[r1.refundRequestId, 300], [r2.refundRequestId, 700]]);
    expect(w.db.prepare('SELECT status FROM refunds ORDER BY created_at').all()).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);
  });

  it('a refund whose answer is lost: fastpay.refund.query resolves it; Alipay refunded exactly once', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(1000), freshCnCode());
    await w.settle();
    w.sim.addFault({ kind: 'drop-after', method: 'alipay.trade.refund', times: 1 });
    const r = w.runtime.createRefund(a.paymentRequestId, money(400, 'CNY'), null, 'supervisor');
    await w.settle();
    expect(w.db.prepare('SELECT status FROM refunds WHERE id = ?').get(r.refundRequestId)).toEqual({ status: 'pending' });
    // The queue's next run asks fastpay.refund.query before sending anything again.
    await w.advance(60_000);
    expect(w.countCalls('alipay.trade.fastpay.refund.query')).toBe(1);
    expect(w.db.prepare('SELECT status FROM refunds WHERE id = ?').get(r.refundRequestId)).toEqual({ status: 'succeeded' });
    expect(w.sim.trade(a.paymentRequestId)!.refunds).toHaveLength(1);
  });

  it('a refund above what is left at Alipay: ACQ.REFUND_FEE_ERROR, failed, nothing moved', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(1000), freshCnCode());
    await w.settle();
    // Alipay already refunded part of it outside this terminal (e.g. the merchant portal).
    w.sim.trade(a.paymentRequestId)!.refunds.push({ outRequestNo: 'portal-1', fen: 800, at: w.clock.now() });
    const r = w.runtime.createRefund(a.paymentRequestId, money(500, 'CNY'), null, 'supervisor');
    await w.settle();
    expect(w.db.prepare('SELECT status, result_code FROM refunds WHERE id = ?').get(r.refundRequestId)).toEqual({ status: 'failed', result_code: 'ACQ.REFUND_FEE_ERROR' });
  });

  it('restart while the customer is confirming: never re-sent, resolved by query', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('23'));
    await w.settle();
    await w.restart();
    await w.advance(40_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('alipay.trade.pay')).toBe(1);
  });
});

describe('当面付 notifications', () => {
  it('a verified notification is applied and answered exactly `success`; Alipay resending the same notify_id is only acknowledged', async () => {
    w = await makeCnWorld();
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('22'));
    await w.settle();
    w.sim.wallet.confirm(a.paymentRequestId);
    await w.advance(0); // the notification leaves now; the next poll is seconds away
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    expect(w.countCalls('alipay.trade.query')).toBe(0);
    expect(w.notifyAnswers).toEqual(['success']);
    const n = w.sim.notifications[0]!;
    expect(n.status).toBe('delivered');
    const again = await w.runtime.handleCnNotification!(Buffer.from(new URLSearchParams(n.params as Record<string, string>).toString()));
    expect(again).toEqual({ status: 200, body: 'success' });
    expect(w.db.prepare("SELECT count(*) AS n FROM payment_notifications WHERE dedupe_key LIKE 'cn:%'").get()).toEqual({ n: 1 });
  });

  it('forged, unsigned, another app or amount: refused, never applied', async () => {
    w = await makeCnWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(800), cnScenarioCode('22'));
    await w.settle();
    w.sim.wallet.confirm(a.paymentRequestId);
    await w.settle();
    const params = { ...(w.sim.notifications[0]!.params as Record<string, string>) };
    const post = (p: Record<string, string>) => w!.runtime.handleCnNotification!(Buffer.from(new URLSearchParams(p).toString()));
    expect(await post({ ...params, total_amount: '0.01' })).toEqual({ status: 400, body: 'fail' }); // changed after signing
    const { sign: _s, ...unsigned } = params;
    expect(await post(unsigned)).toEqual({ status: 400, body: 'fail' });
    // Signed by Alipay (the simulator) but for another app / amount: does not match our record.
    const { signNotification } = await import('../../../../electron/simulator/cn/cnNotifier');
    const key = (w.sim as unknown as { internals: { alipayKey: import('node:crypto').KeyObject } }).internals.alipayKey;
    const { sign: _x, sign_type: _y, ...fields } = params;
    expect(await post(signNotification({ ...fields, app_id: '2021999999999999', notify_id: 'n-app' }, key))).toEqual({ status: 200, body: 'fail' });
    expect(await post(signNotification({ ...fields, total_amount: '8.01', notify_id: 'n-amt' }, key))).toEqual({ status: 200, body: 'fail' });
    expect(await post(signNotification({ ...fields, seller_id: '2088999999999999', notify_id: 'n-seller' }, key))).toEqual({ status: 200, body: 'fail' });
    // Polling, not the notice, settles the attempt.
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    await w.advance(6_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
  });

  it('a terminal that does not answer `success`: Alipay retries on its pattern with the same notify_id', async () => {
    w = await makeCnWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(800), freshCnCode());
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
    await w.advance(100_000);
    const n = w.sim.notifications[0]!;
    expect(n.attempts.length).toBe(8);
    expect(n.status).toBe('gave-up');
    const gaps = n.attempts.slice(1).map((x, i) => x.at - n.attempts[i]!.at);
    expect(gaps).toEqual([240, 600, 600, 3600, 7200, 21600, 54000]);
  });
});

describe('当面付 QR pay (precreate)', () => {
  it('precreate → the qr_code to show with its expiry; not scanned yet is ACQ.TRADE_NOT_EXIST (keep polling); scanned and paid → succeeded', async () => {
    w = await makeCnWorld();
    const a = w.runtime.showOrderCode(w.sale(2_000));
    await w.settle();
    const s = attempt(w, a.paymentRequestId);
    expect(s.status).toBe('awaitingCustomer');
    const qr = s.status === 'awaitingCustomer' ? s.qr : null;
    expect(qr?.codeValue).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(qr?.expiresAt).toBe(s.expiresAt);
    await w.advance(10_000);
    expect(w.countCalls('alipay.trade.query')).toBeGreaterThan(0);
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    w.sim.wallet.scan(qr!.codeValue);
    w.sim.wallet.confirm(a.paymentRequestId);
    await w.advance(5_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'succeeded', paymentId: w.sim.trade(a.paymentRequestId)!.tradeNo });
  });

  it('the amount changes while the QR is shown: the old order is cancelled (closed) before a new QR; the old QR cannot be paid', async () => {
    w = await makeCnWorld();
    const saleId = w.sale(2_000);
    const a = w.runtime.showOrderCode(saleId);
    await w.settle();
    const old = attempt(w, a.paymentRequestId);
    const qr = old.status === 'awaitingCustomer' ? old.qr!.codeValue : '';
    await w.runtime.setSaleAmount(saleId, money(2_500, 'CNY'));
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'amountChanged' });
    expect(w.sim.trade(a.paymentRequestId)?.status).toBe('TRADE_CLOSED');
    expect(w.sim.wallet.scan(qr)?.status).toBe('TRADE_CLOSED');
    expect(w.sim.wallet.confirm(a.paymentRequestId)).toBe(false);
    const b = w.runtime.showOrderCode(saleId);
    await w.settle();
    expect(b.paymentRequestId).not.toBe(a.paymentRequestId);
    expect(w.sim.trade(b.paymentRequestId)?.fen).toBe(2_500);
  });

  it('nobody scans: at expiry the order is closed at Alipay, nothing charged', async () => {
    w = await makeCnWorld();
    const a = w.runtime.showOrderCode(w.sale(2_000));
    await w.advance(3 * 60_000 + 15_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    expect(w.sim.trade(a.paymentRequestId)?.status).toBe('TRADE_CLOSED');
  });
});

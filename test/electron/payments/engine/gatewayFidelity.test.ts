/**
 * Issue 11: the terminal against a gateway that behaves like real Alipay (AMS.md §10), on the real
 * simulator over loopback and real SQLite. Each test failed on the engine before this change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateAmsKeyPair } from '../../../../electron/payments/ams/keys';
import { createAmsAcquirer } from '../../../../electron/payments/ams/amsAcquirer';
import { buildDayReport } from '../../../../electron/reports/buildDayReport';
import { reportLines } from '../../../../electron/reports/output/reportPrintout';
import { scenarioAmount, scenarioCode } from '../../../../electron/simulator';
import type { DayReport } from '../../../../shared/domain/report';
import { cny, freshCode, makeWorld, T0, type World } from './engineWorld';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const attempt = (world: World, id: string) => world.runtime.store.attempts.getAttempt(id)!;
const simPayment = (world: World, id: string) => world.sim.core.findPayment({ paymentRequestId: id, clientId: world.sim.clientId });

describe('1. a cashier cancel racing a slow pay', () => {
  it('pay delayed past the client timeout, cancel at once: ORDER_NOT_EXIST is not final; the recorded payment is cancelled (refunded) and the sale stays consistent', async () => {
    w = await makeWorld({ notifications: false, slowResponseMs: 1_200 });
    const saleId = w.sale(2_500);
    const a = w.runtime.startWithCode(saleId, scenarioCode('34'));
    await w.settle(); // the client gave up after 600 ms: unknown
    expect(attempt(w, a.paymentRequestId).status).toBe('unknown');
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle(); // last inquiry and cancel: both ORDER_NOT_EXIST while Alipay is still processing
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelling', cancelRefusals: 1 });
    expect(w.runtime.getSale(saleId).status).toBe('paying'); // do not hand over goods, do not reopen
    await w.sim.heldIdle(); // Alipay records the pay: the customer is charged
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('SUCCESS');
    await w.advance(2_000); // the bounded retry: inquiry finds it paid, cancel refunds it
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('CANCELLED');
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'cashier', flags: ['paidWhileCancelling'] });
    expect(w.runtime.getSale(saleId).status).toBe('open');
    expect(w.countCalls('cancel')).toBe(2);
  });

  it('a pay that never reached Alipay (503 before processing) frees the till once absence is proven, not after three minutes', async () => {
    w = await makeWorld({ notifications: false });
    w.sim.faults.add({ kind: 'http-5xx', status: 503, api: 'pay', times: 1 });
    const saleId = w.sale(700);
    const a = w.runtime.startWithCode(saleId, freshCode());
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('unknown');
    await w.advance(25_000);
    expect(w.runtime.getSale(saleId).status).toBe('paying');
    await w.advance(10_000);
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'notFound', resultCode: 'ORDER_NOT_EXIST' });
    expect(attempt(w, a.paymentRequestId).message?.en).toMatch(/no record/);
    expect(w.runtime.getSale(saleId).status).toBe('open');
    expect(w.countCalls('inquiryPayment')).toBeLessThanOrEqual(20);
  });
});

describe('2. unsigned request-level rejections', () => {
  it('a wrong merchant key: pay is resolved at once (failed, keys message zh/en), the sale reopens, an operator alert and the go-live check say so', async () => {
    w = await makeWorld({ merchantPrivateKey: generateAmsKeyPair().privateKey });
    const saleId = w.sale(1_000);
    const a = w.runtime.startWithCode(saleId, freshCode());
    await w.settle();
    const s = attempt(w, a.paymentRequestId);
    expect(s).toMatchObject({ status: 'failed', resultCode: 'INVALID_SIGNATURE', flags: ['needsAttention'] });
    expect(s.message?.en).toMatch(/refused our signature/i);
    expect(s.message?.['zh-CN']).toMatch(/密钥/);
    expect(w.runtime.getSale(saleId).status).toBe('open');
    expect(w.countCalls('inquiryPayment')).toBe(0);
    expect(w.runtime.gatewayRejection).toMatchObject({ resultCode: 'INVALID_SIGNATURE' });
    const audits = w.db.prepare("SELECT action FROM audit_log WHERE action IN ('gateway.rejected', 'payment.alert')").all() as Array<{ action: string }>;
    expect(audits.map((r) => r.action).sort()).toEqual(['gateway.rejected', 'payment.alert']);
    expect(await w.runtime.checkCredentials()).toMatchObject({ resultCode: 'INVALID_SIGNATURE' });
  });

  it('truly unknown unsigned answers: the cancel job still sends the cancel (inquiry answers are unusable) and Alipay ends CANCELLED', async () => {
    w = await makeWorld({ notifications: false });
    w.sim.faults.add({ kind: 'unsigned', api: 'pay', times: 1 });
    w.sim.faults.add({ kind: 'unsigned', api: 'inquiryPayment' });
    const saleId = w.sale(scenarioAmount('22')); // the customer never confirms
    const a = w.runtime.startWithCode(saleId, freshCode());
    await w.settle();
    expect(['unknown', 'awaitingCustomer']).toContain(attempt(w, a.paymentRequestId).status); // unverified: not final
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(w.countCalls('cancel')).toBe(1);
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('CANCELLED');
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    expect(w.runtime.getSale(saleId).status).toBe('open');
  });
});

describe('3. refund outcomes resolved by inquiryRefund', () => {
  it.each([
    ['35', 'succeeded', 300],
    ['36', 'failed', 0],
  ] as const)('scenario %s: REFUND_IN_PROCESS → inquiryRefund PROCESSING … → %s; refundable right while pending; the refund is never resent', async (id, final, refundedAfter) => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1_000), scenarioCode(id));
    await w.settle();
    const r = w.runtime.createRefund(a.paymentRequestId, cny(300), null, 'sup');
    await w.settle();
    expect(w.runtime.store.getRefund(r.refundRequestId)?.status).toBe('pending');
    const live = w.runtime.queue().jobs.find((j) => j.subject === r.refundRequestId);
    expect(live?.status).toBe('pending'); // a live job, due again on the schedule
    const during = w.runtime.store.attemptSnapshot(attempt(w, a.paymentRequestId));
    expect(during.refundableMinor).toBe(700);
    await w.advance(5_000);
    expect(w.runtime.store.getRefund(r.refundRequestId)?.status).toBe('pending');
    await w.advance(20_000);
    expect(w.runtime.store.getRefund(r.refundRequestId)?.status).toBe(final);
    expect(w.countCalls('refund')).toBe(1);
    expect(w.countCalls('inquiryRefund')).toBeGreaterThanOrEqual(2);
    expect(w.runtime.store.attemptSnapshot(attempt(w, a.paymentRequestId)).refundedMinor).toBe(refundedAfter);
  });

  it('an outcome that stays unknown ends dead after the bounded schedule (never pending without a live job), with an alert', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1_000), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'unsigned', api: 'refund' });
    w.sim.faults.add({ kind: 'unsigned', api: 'inquiryRefund' });
    const r = w.runtime.createRefund(a.paymentRequestId, cny(100), null, 'sup');
    await w.advance(3 * 3_600_000);
    expect(w.runtime.getSale(w.runtime.store.getRefund(r.refundRequestId)!.snapshot.saleId).refunds[0]?.status).toBe('dead');
    expect(w.runtime.store.attemptSnapshot(attempt(w, a.paymentRequestId)).refundableMinor).toBe(900); // may have gone: not refundable twice
    expect(w.countCalls('inquiryRefund')).toBeLessThanOrEqual(10);
    expect((w.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'refund.alert'").get() as { n: number }).n).toBe(1);
  });
});

describe('4. a refused reversal', () => {
  it('of a payment never confirmed to us ends unproven (never succeeded) and the day report lists it as such', async () => {
    w = await makeWorld({ notifications: false });
    w.sim.faults.add({ kind: 'unsigned', api: 'pay', times: 1 }); // paid yesterday, but we never learnt it
    w.sim.faults.add({ kind: 'unsigned', api: 'inquiryPayment', times: 1 });
    const saleId = w.sale(1_500);
    const a = w.runtime.startWithCode(saleId, scenarioCode('30'));
    await w.settle();
    w.sim.faults.add({ kind: 'force-f', code: 'REFUND_WINDOW_EXCEED', api: 'refund' });
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    await w.advance(5_000);
    const s = attempt(w, a.paymentRequestId);
    expect(s).toMatchObject({ status: 'unproven', resultCode: 'REFUND_WINDOW_EXCEED', flags: expect.arrayContaining(['reversalFailed', 'needsAttention']) });
    expect(w.runtime.getSale(saleId).paid).toBeNull();
    expect(w.runtime.store.attemptSnapshot(s)).toMatchObject({ final: true, doNotHandOver: true });
    const day = { date: '2026-01-15', start: T0 - 3_600_000, end: T0 + 86_400_000, timeZone: 'Asia/Shanghai', cutoff: '00:00', state: 'open', zNumber: null } as const;
    const body = buildDayReport(w.db, day, { now: w.clock.now(), terminalId: 'T01', storeName: 'Test', chain: { status: 'ok', scope: 'full', events: 0, checkpointSeq: null } });
    expect(body.unproven?.map((u) => u.paymentRequestId)).toEqual([a.paymentRequestId]);
    expect(body.totals.every((t) => t.sales.minor === 0)).toBe(true);
    const text = reportLines({ ...body, kind: 'X' } as DayReport, 'en', 42).join('\n');
    expect(text).toMatch(/money unproven/);
  });
});

describe('11. a journal write that fails once', () => {
  it('does not stop polling: the poll timer survives the failed write and the payment still resolves', async () => {
    w = await makeWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('20')), freshCode()); // confirms at +5 s
    await w.settle();
    expect(attempt(w, a.paymentRequestId).status).toBe('awaitingCustomer');
    w.db.pragma('query_only = ON'); // every write now fails, as on a full disk
    await w.advance(2_100); // the first poll fires (new schedule 1.5 s, old 2 s); its write is refused
    expect(attempt(w, a.paymentRequestId).polls).toBe(0);
    w.db.pragma('query_only = OFF');
    await w.advance(10_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('succeeded');
  });
});

describe('refund and recovery paths', () => {
  it('a verified F refund (REFUND_WINDOW_EXCEED) ends failed at once, the amount refundable again; an unknown refund id is a dead job', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1_000), scenarioCode('31'));
    await w.settle();
    const r = w.runtime.createRefund(a.paymentRequestId, cny(400), null, 'sup');
    await w.settle();
    expect(w.runtime.store.getRefund(r.refundRequestId)?.snapshot).toMatchObject({ status: 'failed', resultCode: 'REFUND_WINDOW_EXCEED', message: { en: expect.stringMatching(/too late/i) } });
    expect(w.runtime.store.attemptSnapshot(attempt(w, a.paymentRequestId)).refundableMinor).toBe(1_000);
    expect(w.countCalls('inquiryRefund')).toBe(0);
    const { runRefundJob } = await import('../../../../electron/payments/engine/refundJob');
    expect(await runRefundJob({ gateway: createAmsAcquirer(w.client), store: w.runtime.store, clock: w.clock }, { subject: 'R-NOPE', attempts: 0, failures: 0 })).toMatchObject({ kind: 'dead' });
  });

  it('a restart in the middle of a refused-cancel wait resumes the bounded retry and still cancels the recorded payment', async () => {
    w = await makeWorld({ notifications: false, slowResponseMs: 1_200 });
    const a = w.runtime.startWithCode(w.sale(2_600), scenarioCode('34'));
    await w.settle();
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(attempt(w, a.paymentRequestId)).toMatchObject({ status: 'cancelling', cancelRefusals: 1 });
    await w.sim.heldIdle();
    await w.restart();
    await w.advance(3_000);
    expect(attempt(w, a.paymentRequestId).status).toBe('cancelled');
    expect(simPayment(w, a.paymentRequestId)?.status).toBe('CANCELLED');
  });
});

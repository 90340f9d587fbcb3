import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalisePaymentStatus } from '../../../electron/payments/ams/amsWire';
import { SCENARIOS, scenarioAmount, scenarioCode } from '../../../electron/simulator/scenarios';
import type { ScenarioBehaviour } from '../../../electron/simulator/scenarios';
import { money } from '../../../shared/domain/money';
import { newRefundRequestId } from '../../../shared/domain/ids';
import { codePay, orderCodePay, startHarness, type Harness } from './harness';

/** Every row of the README scenario table, driven through the real client over loopback. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slowResponseMs: 400 });
});
afterAll(async () => h.close());
// Each scenario moves the simulator clock; the next one starts from real time again.
afterEach(() => h.sim.faults.setClockSkew(0));

async function status(paymentRequestId: string): Promise<string | undefined> {
  const q = await h.client.inquiryPayment({ paymentRequestId });
  return q.outcome === 'S' ? normalisePaymentStatus(q.body.paymentStatus) : q.outcome === 'F' ? q.resultCode : `U:${q.reason}`;
}

const expectations: Record<ScenarioBehaviour['kind'], (id: string, b: ScenarioBehaviour) => Promise<void>> = {
  async success(id) {
    const req = codePay(scenarioCode(id));
    expect((await h.client.pay(req)).outcome).toBe('S');
  },
  async decline(id, b) {
    const req = codePay(scenarioCode(id));
    const r = await h.client.pay(req);
    expect(r).toMatchObject({ outcome: 'F', resultCode: (b as { code: string }).code });
    expect(await status(req.paymentRequestId)).toBe('FAIL');
  },
  async 'confirm-after'(id, b) {
    const { afterMs, outcome } = b as { afterMs: number; outcome: string };
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'U', reason: 'result-U', resultCode: 'PAYMENT_IN_PROCESS' });
    expect(await status(req.paymentRequestId)).toBe('PROCESSING');
    h.sim.advanceTime(afterMs);
    expect(await status(req.paymentRequestId)).toBe(outcome);
  },
  async 'wait-for-wallet'(id) {
    const req = codePay(scenarioCode(id));
    expect((await h.client.pay(req)).outcome).toBe('U');
    h.sim.advanceTime(60_000);
    expect(await status(req.paymentRequestId)).toBe('PROCESSING');
    h.sim.advanceTime(120_001);
    expect(await status(req.paymentRequestId)).toBe('FAIL');
    expect(h.sim.wallet.confirm({ paymentRequestId: req.paymentRequestId }).ok).toBe(false);
  },
  async 'confirm-after-expiry'(id) {
    const req = codePay(scenarioCode(id));
    expect((await h.client.pay(req)).outcome).toBe('U');
    h.sim.advanceTime(200_000);
    expect(h.sim.wallet.confirm({ paymentRequestId: req.paymentRequestId })).toMatchObject({ ok: false });
    expect(await status(req.paymentRequestId)).toBe('FAIL');
  },
  async 'u-but-paid'(id) {
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'U', reason: 'result-U', resultCode: 'UNKNOWN_EXCEPTION' });
    expect(await status(req.paymentRequestId)).toBe('SUCCESS');
  },
  async 'u-not-created'(id, b) {
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'U', resultCode: (b as { code: string }).code });
    expect(await status(req.paymentRequestId)).toBe('ORDER_NOT_EXIST');
  },
  async 'drop-after-success'(id) {
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'U', reason: 'network' });
    expect(await status(req.paymentRequestId)).toBe('SUCCESS');
  },
  async 'slow-success'(id) {
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req, { readTimeoutMs: 150 })).toMatchObject({ outcome: 'U', reason: 'timeout' });
    expect(await status(req.paymentRequestId)).toBe('SUCCESS');
  },
  async 'previous-day'(id) {
    const req = codePay(scenarioCode(id));
    const r = await h.client.pay(req);
    expect(r.outcome).toBe('S');
    expect(await h.client.cancel({ paymentRequestId: req.paymentRequestId })).toMatchObject({ outcome: 'F', resultCode: 'CANCEL_WINDOW_EXCEED' });
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    expect((await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: req.amount })).outcome).toBe('S');
  },
  async 'refund-window-closed'(id) {
    const req = codePay(scenarioCode(id));
    const r = await h.client.pay(req);
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    expect(await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(1, 'CNY') })).toMatchObject({ outcome: 'F', resultCode: 'REFUND_WINDOW_EXCEED' });
  },
  async 'single-refund-only'(id) {
    const r = await h.client.pay(codePay(scenarioCode(id)));
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    expect((await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(1, 'CNY') })).outcome).toBe('S');
    expect(await h.client.refund({ refundRequestId: newRefundRequestId(), paymentId, refundAmount: money(1, 'CNY') })).toMatchObject({ outcome: 'F', resultCode: 'MULTIPLE_REFUNDS_NOT_SUPPORTED' });
  },
  async 'slow-recorded'(id) {
    const req = codePay(scenarioCode(id));
    expect(await h.client.pay(req, { readTimeoutMs: 150 })).toMatchObject({ outcome: 'U', reason: 'timeout' });
    // Still being processed: invisible to inquiry and cancel, and a repeat says it is in process.
    expect(await status(req.paymentRequestId)).toBe('ORDER_NOT_EXIST');
    expect(await h.client.cancel({ paymentRequestId: req.paymentRequestId })).toMatchObject({ outcome: 'F', resultCode: 'ORDER_NOT_EXIST' });
    await h.sim.heldIdle();
    expect(await status(req.paymentRequestId)).toBe('SUCCESS');
    expect((await h.client.cancel({ paymentRequestId: req.paymentRequestId })).outcome).toBe('S');
    expect(await status(req.paymentRequestId)).toBe('CANCELLED');
  },
  async 'async-refund'(id, b) {
    const { afterMs, outcome } = b as { afterMs: number; outcome: 'SUCCESS' | 'FAIL' };
    const r = await h.client.pay(codePay(scenarioCode(id)));
    const paymentId = r.outcome === 'S' ? r.body.paymentId! : '';
    const refundRequestId = newRefundRequestId();
    const ask = { refundRequestId, paymentId, refundAmount: money(100, 'CNY') };
    expect(await h.client.refund(ask)).toMatchObject({ outcome: 'U', reason: 'result-U', resultCode: 'REFUND_IN_PROCESS' });
    expect(await h.client.inquiryRefund({ refundRequestId })).toMatchObject({ outcome: 'S', body: { refundStatus: 'PROCESSING' } });
    h.sim.advanceTime(afterMs);
    expect(await h.client.inquiryRefund({ refundRequestId })).toMatchObject({ outcome: 'S', body: { refundStatus: outcome } });
    // The same request again gives the decided answer; a failed refund leaves the amount refundable.
    expect((await h.client.refund(ask)).outcome).toBe(outcome === 'SUCCESS' ? 'S' : 'F');
    expect(h.sim.store.payments.get(paymentId)?.refundedMinor).toBe(outcome === 'SUCCESS' ? 100 : 0);
  },
  async 'no-notification'(id) {
    const req = codePay(scenarioCode(id));
    expect((await h.client.pay(req)).outcome).toBe('S');
    expect([...h.sim.store.notifications.values()].some((n) => n.subject === req.paymentRequestId)).toBe(false);
  },
};

describe('simulator scenarios by payment code', () => {
  for (const s of SCENARIOS) {
    it(`${s.id} ${s.title}`, async () => {
      await expectations[s.behaviour.kind](s.id, s.behaviour);
    });
  }
});

describe('simulator scenarios by amount (order code)', () => {
  it('an amount of 99NN minor units selects scenario NN: decline on the wallet side', async () => {
    const r = await h.client.pay(orderCodePay(scenarioAmount('01')));
    expect(r.outcome).toBe('S');
    if (r.outcome !== 'S') return;
    const paid = h.sim.wallet.payOrderCode(r.body.orderCodeForm!.codeDetails[0]!.codeValue);
    expect(paid).toMatchObject({ ok: true, payment: { status: 'FAIL', resultCode: 'USER_BALANCE_NOT_ENOUGH' } });
  });

  it('confirm-after on an order code pays by itself after N seconds', async () => {
    const req = orderCodePay(scenarioAmount('20'));
    expect((await h.client.pay(req)).outcome).toBe('S');
    h.sim.advanceTime(5_000);
    expect(await status(req.paymentRequestId)).toBe('SUCCESS');
  });

  it('U scenarios by amount answer U for an order code too', async () => {
    expect(await h.client.pay(orderCodePay(scenarioAmount('28')))).toMatchObject({ outcome: 'U', resultCode: 'UNKNOWN_EXCEPTION' });
  });
});

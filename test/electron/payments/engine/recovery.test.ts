import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/journal/hashChain';
import { createAttempt } from '../../../../electron/payments/engine/transition';
import { newPaymentRequestId } from '../../../../shared/domain/ids';
import { scenarioAmount, scenarioCode } from '../../../../electron/simulator';
import { cny, freshCode, makeWorld, type World } from './engineWorld';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const attempt = (id: string) => w!.runtime.store.attempts.getAttempt(id)!;
const simStatus = (id: string) => w!.sim.core.findPayment({ paymentRequestId: id, clientId: w!.sim.clientId })?.status;
const MERCHANT = { referenceMerchantId: 'M0001', merchantName: 'Test Merchant', store: { referenceStoreId: 'S0001', storeName: 'Test Store' } };

/** The process died right after the write-ahead commit: the attempt is `created` in the journal. */
function crashedAfterCommit(saleId: string, amountMinor: number): string {
  const t = createAttempt({ paymentRequestId: newPaymentRequestId(w!.clock.now()), saleId, scenario: 'PaymentCode', amount: cny(amountMinor), at: w!.clock.now(), codeHash: 'x', codeTail: '0000' }, w!.runtime.engine.enginePolicy);
  w!.runtime.store.attempts.insertAttempt(t.state, { type: 'created', data: {} });
  return t.state.paymentRequestId;
}

describe('restart in the middle of each state resumes correctly', () => {
  it('created, pay never left → inquiry finds nothing → once absence is proven (30 s), cancel → cancelled, no second pay', async () => {
    w = await makeWorld({ policy: { expiryMs: 60_000 } });
    const id = crashedAfterCommit(w.sale(100), 100);
    await w.restart();
    expect(attempt(id).status).toBe('unknown');
    await w.advance(25_000);
    expect(attempt(id).status).toBe('unknown'); // a pay may still be recorded: not yet
    await w.advance(10_000);
    expect(attempt(id)).toMatchObject({ status: 'cancelled', reason: 'notFound', resultCode: 'ORDER_NOT_EXIST' });
    expect(w.countCalls('pay')).toBe(0);
  });

  it('created, pay reached Alipay but the answer was lost → found paid by the first inquiry', async () => {
    w = await makeWorld();
    const saleId = w.sale(300);
    const id = crashedAfterCommit(saleId, 300);
    const s = attempt(id);
    const out = await w.client.pay({ scenario: 'PaymentCode', paymentRequestId: id, amount: cny(300), orderDescription: 'x', merchant: MERCHANT, paymentNotifyUrl: 'http://127.0.0.1:9/none', paymentExpiryTime: s.expiresAt, paymentCode: freshCode(), storeTerminalId: 'T01' });
    expect(out.outcome).toBe('S');
    await w.restart();
    expect(attempt(id).status).toBe('succeeded');
    expect(w.runtime.getSale(saleId).status).toBe('paid');
  });

  it('awaitingCustomer → polling resumes → succeeded', async () => {
    w = await makeWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('20')), freshCode());
    await w.settle();
    expect(attempt(a.paymentRequestId).status).toBe('awaitingCustomer');
    await w.restart();
    await w.advance(6_000);
    expect(attempt(a.paymentRequestId).status).toBe('succeeded');
  });

  it('unknown → immediate inquiry on start → succeeded', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(500), scenarioCode('27'));
    await w.settle();
    expect(attempt(a.paymentRequestId).status).toBe('unknown');
    await w.restart();
    expect(attempt(a.paymentRequestId).status).toBe('succeeded');
  });

  it('down past expiry + grace → cancelling on start (the UI lists it until resolved)', async () => {
    w = await makeWorld({ policy: { expiryMs: 60_000 } });
    w.sim.faults.setClockSkew(-30_000);
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    w.down();
    await w.clock.advanceTo(w.clock.now() + 71_000, async () => undefined);
    w.sim.faults.add({ kind: 'drop-before', times: 100 });
    await w.up();
    expect(attempt(a.paymentRequestId).status).toBe('cancelling');
    expect(w.runtime.unresolved().attempts.map((x) => x.paymentRequestId)).toEqual([a.paymentRequestId]);
    w.sim.faults.clear();
    await w.advance(10_000);
    expect(attempt(a.paymentRequestId).status).toBe('cancelled');
    expect(simStatus(a.paymentRequestId)).toBe('CANCELLED');
    expect(w.runtime.unresolved().attempts).toEqual([]);
  });

  it('cancelling, cancel sent but its answer lost → the same cancel is repeated after restart', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'drop-after', api: 'cancel', times: 1 });
    await w.runtime.cancel(a.paymentRequestId);
    await w.settle();
    expect(attempt(a.paymentRequestId)).toMatchObject({ status: 'cancelling', cancelSent: true });
    expect(simStatus(a.paymentRequestId)).toBe('CANCELLED'); // it did happen
    await w.restart();
    await w.advance(5_000);
    expect(attempt(a.paymentRequestId)).toMatchObject({ status: 'cancelled', reason: 'cashier' });
  });

  it('reversing → the reversal refund (same refundRequestId) completes after restart', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(800), scenarioCode('30'));
    await w.settle();
    w.sim.faults.add({ kind: 'drop-after', api: 'refund', times: 1 });
    await w.runtime.voidPayment(a.paymentRequestId, 'sup');
    await w.settle();
    const s = attempt(a.paymentRequestId);
    expect(s.status).toBe('reversing');
    await w.restart();
    await w.advance(5_000);
    expect(attempt(a.paymentRequestId)).toMatchObject({ status: 'reversed', refundRequestId: s.status === 'reversing' ? s.refundRequestId : '' });
    expect([...w.sim.store.refunds.values()]).toHaveLength(1);
  });

  it('a pending refund survives a restart and is sent once', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1_000), freshCode());
    await w.settle();
    w.sim.faults.add({ kind: 'drop-before', api: 'refund', times: 1 });
    const r = w.runtime.createRefund(a.paymentRequestId, cny(250), null, 'sup');
    await w.settle();
    await w.restart();
    await w.advance(5_000);
    expect(w.runtime.store.getRefund(r.refundRequestId)?.status).toBe('succeeded');
    expect([...w.sim.store.refunds.values()]).toHaveLength(1);
    expect(verifyChain(w.db).ok).toBe(true);
  });

  it('no scan is accepted before recovery has finished', async () => {
    w = await makeWorld();
    const saleId = w.sale(100);
    w.down();
    const { openJournal } = await import('../../../../electron/journal/openJournal');
    const { createPaymentsRuntime } = await import('../../../../electron/payments/runner/paymentsRuntime');
    w.db = openJournal(`${w.dir}/journal.sqlite`);
    const rt = createPaymentsRuntime({ db: w.db, clock: w.clock, gateway: (await import('../../../../electron/payments/ams/amsAcquirer')).createAmsAcquirer(w.client), payContext: () => { throw new Error('unused'); }, alipayPublicKey: w.sim.alipayPublicKey, clientId: w.sim.clientId });
    expect(() => rt.startWithCode(saleId, freshCode())).toThrow(expect.objectContaining({ code: 'NOT_READY' }));
    rt.stop();
    w.db.close();
    await w.up();
  });
});

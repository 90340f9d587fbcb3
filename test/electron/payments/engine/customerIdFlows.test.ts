/**
 * The payer's masked id end to end against the simulator (fake clock, real SQLite): whichever answer
 * proves the payment (pay S, an inquiry, a notification) carries Alipay's displayCustomerId into the
 * attempt state, its snapshot and the payment_attempts.customer_id_masked column; the unmasked
 * pspCustomerId is never stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scenarioAmount } from '../../../../electron/simulator';
import { SIM_DISPLAY_CUSTOMER_ID } from '../../../../electron/simulator/simCore';
import { freshCode, makeWorld, type World } from './engineWorld';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const column = (world: World, paymentRequestId: string): string | null =>
  (world.db.prepare('SELECT customer_id_masked AS c FROM payment_attempts WHERE id = ?').get(paymentRequestId) as { c: string | null }).c;

/** The simulator's unmasked pspCustomerId for this payment (2088 + the paymentId's last 12) is nowhere in the journal. */
function expectNoUnmaskedId(world: World, paymentRequestId: string): void {
  const p = world.sim.core.findPayment({ paymentRequestId: paymentRequestId, clientId: world.sim.clientId })!;
  const unmasked = `2088${p.paymentId.slice(-12)}`;
  const dump = JSON.stringify([world.db.prepare('SELECT * FROM payment_attempts').all(), world.db.prepare('SELECT * FROM payment_events').all()]);
  expect(dump).not.toContain(unmasked);
}

describe('masked customer id from the simulator', () => {
  it('pay S: the snapshot, the stored state and the column carry Alipay’s display id', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(1234), freshCode());
    expect(a.customerIdMasked).toBeNull();
    await w.settle();
    const s = w.runtime.store.attempts.getAttempt(a.paymentRequestId)!;
    expect(s).toMatchObject({ status: 'succeeded', customerIdMasked: SIM_DISPLAY_CUSTOMER_ID });
    expect(w.runtime.getSale(s.saleId).paid).toMatchObject({ paymentRequestId: a.paymentRequestId, customerIdMasked: SIM_DISPLAY_CUSTOMER_ID });
    expect(column(w, a.paymentRequestId)).toBe(SIM_DISPLAY_CUSTOMER_ID);
    expect(w.events.at(-1)?.attempt).toMatchObject({ status: 'succeeded', customerIdMasked: SIM_DISPLAY_CUSTOMER_ID });
    expectNoUnmaskedId(w, a.paymentRequestId);
  });

  it('U then paid, learnt by polling: the inquiry answer carries it', async () => {
    w = await makeWorld({ notifications: false });
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('20')), freshCode());
    await w.settle();
    expect(w.runtime.store.attempts.getAttempt(a.paymentRequestId)).toMatchObject({ status: 'awaitingCustomer', customerIdMasked: null });
    await w.advance(10_000);
    expect(w.runtime.store.attempts.getAttempt(a.paymentRequestId)).toMatchObject({ status: 'succeeded', customerIdMasked: SIM_DISPLAY_CUSTOMER_ID });
    expect(column(w, a.paymentRequestId)).toBe(SIM_DISPLAY_CUSTOMER_ID);
    expectNoUnmaskedId(w, a.paymentRequestId);
  });

  it('U then paid, learnt from the notification: the notification carries it', async () => {
    w = await makeWorld();
    const a = w.runtime.startWithCode(w.sale(scenarioAmount('22')), freshCode());
    await w.settle();
    await w.advance(2_500); // one poll: PROCESSING, no customer yet
    expect(w.sim.wallet.confirm({ paymentRequestId: a.paymentRequestId }).ok).toBe(true);
    await w.advance(0);
    expect(w.countCalls('inquiryPayment')).toBe(1);
    expect(w.runtime.store.attempts.getAttempt(a.paymentRequestId)).toMatchObject({ status: 'succeeded', customerIdMasked: SIM_DISPLAY_CUSTOMER_ID });
    expectNoUnmaskedId(w, a.paymentRequestId);
  });

  it('a state stored by older code (no field) reads back as null and survives a restart', async () => {
    w = await makeWorld({ notifications: false }); // a late notification would fill it in again
    const a = w.runtime.startWithCode(w.sale(1234), freshCode());
    await w.settle();
    w.db.prepare("UPDATE payment_attempts SET state_json = json_remove(state_json, '$.customerIdMasked'), customer_id_masked = NULL WHERE id = ?").run(a.paymentRequestId);
    await w.restart();
    const s = w.runtime.store.attempts.getAttempt(a.paymentRequestId)!;
    expect(s).toMatchObject({ status: 'succeeded', customerIdMasked: null });
    expect(w.runtime.store.attemptSnapshot(s).customerIdMasked).toBeNull();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioCode } from '../../../electron/simulator/scenarios';
import { codePay, freshCode, startHarness } from './harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-persist-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('simulator persistence (SQLite file)', () => {
  it('keeps keys, client id, payments and pending plans across a restart', async () => {
    const file = path.join(dir, 'sim.sqlite');
    const first = await startHarness({ dataFile: file });
    const paid = codePay(freshCode(), 250);
    const paidRes = await first.client.pay(paid);
    const pending = codePay(scenarioCode('20'));
    expect((await first.client.pay(pending)).outcome).toBe('U');
    const keys = { pub: first.sim.alipayPublicKey, priv: first.sim.merchantPrivateKey, clientId: first.sim.clientId };
    await first.close();

    const second = await startHarness({ dataFile: file });
    expect({ pub: second.sim.alipayPublicKey, priv: second.sim.merchantPrivateKey, clientId: second.sim.clientId }).toEqual(keys);
    const again = await second.client.pay(paid);
    expect(again.outcome === 'S' && paidRes.outcome === 'S' && again.body.paymentId === paidRes.body.paymentId).toBe(true);
    // The one-time code is still remembered.
    expect(await second.client.pay({ ...codePay(paid.paymentCode) })).toMatchObject({ outcome: 'F', resultCode: 'INVALID_PAYMENT_CODE' });
    const q1 = await second.client.inquiryPayment({ paymentRequestId: pending.paymentRequestId });
    expect(q1.outcome === 'S' && q1.body.paymentStatus).toBe('PROCESSING');
    second.sim.advanceTime(5_000);
    const q2 = await second.client.inquiryPayment({ paymentRequestId: pending.paymentRequestId });
    expect(q2.outcome === 'S' && q2.body.paymentStatus).toBe('SUCCESS');
    await second.close();

    // The clock skew is state too (a crash test may have moved it).
    const third = await startHarness({ dataFile: file });
    expect(third.sim.faults.clockSkewMs).toBe(5_000);
    await third.close();
  });
});

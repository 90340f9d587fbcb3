import { describe, expect, it } from 'vitest';
import { manualClock } from '../../helpers/manualClock';
import { scenarioCode } from '../../../electron/simulator/scenarios';
import { codePay, startHarness } from './harness';


describe('simulator with an injected clock', () => {
  it('expires a pending payment and reports the timestamps from the injected clock', async () => {
    const clock = manualClock(Date.UTC(2030, 0, 1, 2, 0, 0));
    const h = await startHarness({ clock }, { clock });
    const req = codePay(scenarioCode('22'), 100, { paymentExpiryTime: clock.now() + 180_000 });
    expect(await h.client.pay(req)).toMatchObject({ outcome: 'U', resultCode: 'PAYMENT_IN_PROCESS' });
    clock.advance(179_000);
    const q1 = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(q1.outcome === 'S' && q1.body.paymentStatus).toBe('PROCESSING');
    expect(q1.outcome === 'S' && q1.body.paymentCreateTime).toBe('2030-01-01T10:00:00+08:00');
    clock.advance(1_000);
    const q2 = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(q2).toMatchObject({ outcome: 'S', body: { paymentStatus: 'FAIL', paymentResultCode: 'ORDER_IS_CLOSED' } });
    expect(q2.trace.requestTime).toBe(String(Date.UTC(2030, 0, 1, 2, 3, 0)));
    await h.close();
  });
});

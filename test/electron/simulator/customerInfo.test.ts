import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_DISPLAY_CUSTOMER_ID } from '../../../electron/simulator/simCore';
import { paymentNotificationBody } from '../../../electron/simulator/startSimulator';
import { codePay, freshCode, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('pspCustomerInfo (AMS.md §4, §6)', () => {
  it('a paid payment names its customer in the pay answer, the inquiry and the notification; an unpaid one does not', async () => {
    const req = codePay(freshCode(), 1234);
    const pay = await h.client.pay(req);
    expect(pay.outcome).toBe('S');
    if (pay.outcome !== 'S') return;
    expect(pay.body.pspCustomerInfo).toMatchObject({ pspName: 'ALIPAY_CN', displayCustomerId: SIM_DISPLAY_CUSTOMER_ID, pspCustomerId: expect.stringMatching(/^2088/) });
    const inq = await h.client.inquiryPayment({ paymentRequestId: req.paymentRequestId });
    expect(inq.outcome === 'S' && inq.body.pspCustomerInfo?.displayCustomerId).toBe(SIM_DISPLAY_CUSTOMER_ID);
    const p = h.sim.core.findPayment({ paymentRequestId: req.paymentRequestId, clientId: h.sim.clientId })!;
    expect(JSON.parse(paymentNotificationBody(p, 480)).pspCustomerInfo).toMatchObject({ displayCustomerId: SIM_DISPLAY_CUSTOMER_ID });

    const declined = codePay('280000000000000001', 500);
    const f = await h.client.pay(declined);
    expect(f.outcome).toBe('F');
    const fp = h.sim.core.findPayment({ paymentRequestId: declined.paymentRequestId, clientId: h.sim.clientId });
    if (fp) expect(JSON.parse(paymentNotificationBody(fp, 480)).pspCustomerInfo).toBeUndefined();
  });
});

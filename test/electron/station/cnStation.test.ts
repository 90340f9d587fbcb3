/** A whole DEMO station with alipay.acquirer = alipay-cn: the in-process 当面付 simulator behind the one engine. */
import { describe, expect, it } from 'vitest';
import { cnScenarioCode } from '../../../electron/simulator/cn/cnScenarios';
import type { AttemptSnapshot, RefundSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { bootDemoStation, demoSignIn, until } from '../../helpers/demoStation';

const boot = () => bootDemoStation({ config: { alipay: { acquirer: 'alipay-cn' } } });

describe('station in alipay-cn DEMO', () => {
  it('sale → scan → paid by trade.pay; the notification reaches the station route and is answered `success`; refund', async () => {
    const demo = await boot();
    const events = demo.eventsOf('payment:stateChanged');
    const sim = demo.station.ctx.payments!.cnSimulator!;
    expect(sim).toBeTruthy();
    expect(demo.station.ctx.payments!.gateway).toBeNull(); // AMS-only services are off
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_250 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123456' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'succeeded'));
    const t = sim.trade(a.paymentRequestId)!;
    expect(t).toMatchObject({ fen: 1_250, storeId: 'S0001', terminalId: 'T01' });
    expect(t.notifyUrl).toBe(`${demo.base}/alipay/cn/notify`);
    await until(() => sim.notifications[0]?.status === 'delivered');
    expect(sim.notifications[0]!.attempts.map((x) => x.body)).toEqual(['success']);
    const paid = await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId });
    expect(paid.paymentId).toBe(t.tradeNo);
    const r = await demo.call<RefundSnapshot>('refund:create', { paymentRequestId: a.paymentRequestId, amountMinor: 250, approval: demoSignIn('supervisor'), reason: 'one item' });
    await until(() => demo.station.ctx.payments!.runtime!.store.getRefund(r.refundRequestId)?.status === 'succeeded');
    expect(sim.trade(a.paymentRequestId)!.refunds.map((x) => [x.outRequestNo, x.fen])).toEqual([[r.refundRequestId, 250]]);
    expect(await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).toMatchObject({ status: 'partially_refunded' });
  });

  it('a 当面付 decline comes back with the sub_code and its message; the notify route refuses a forged post', async () => {
    const demo = await boot();
    const events = demo.eventsOf('payment:stateChanged');
    await demo.call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: cnScenarioCode('01') });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.final));
    expect(await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).toMatchObject({ status: 'failed', resultCode: 'ACQ.BUYER_BALANCE_NOT_ENOUGH' });
    const forged = await fetch(`${demo.base}/alipay/cn/notify`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ notify_id: 'x', app_id: '2021000000000001', out_trade_no: a.paymentRequestId, trade_no: '1', trade_status: 'TRADE_SUCCESS', total_amount: '5.00', sign_type: 'RSA2', sign: 'Zm9yZ2Vk' }).toString(),
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toBe('fail');
    expect((await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status).toBe('failed');
  });

  it('end of day: report:importSettlement fetches the 当面付 bill, report:reconcile matches it', async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
    const demo = await bootDemoStation({ config: { alipay: { acquirer: 'alipay-cn' } }, clock });
    const events = demo.eventsOf('payment:stateChanged');
    await demo.call<SaleSnapshot>('sale:create', { amountMinor: 3_300 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123999' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'succeeded'));
    const day = new Date(clock.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Today's bill is not ready yet: a clear refusal, nothing imported.
    await expect(demo.call('report:importSettlement', { date: day, jobId: 'j0' })).rejects.toMatchObject({ code: 'SETTLEMENT_INVALID', message: expect.stringContaining('isp.bill_not_exist') });
    offset += 86_400_000;
    // A day later the idle counter has locked itself: the manager signs in again.
    await demo.station.ctx.accounts!.signIn(demoSignIn('manager'));
    const imp = await demo.call<{ files: Array<{ status: string }> }>('report:importSettlement', { date: day, jobId: 'j1' });
    expect(imp.files.map((f) => f.status)).toEqual(['imported']);
    const rec = await demo.call<{ counts: { matched: number }; items: unknown[] }>('report:reconcile', { date: day, includeMatched: false });
    expect(rec.counts.matched).toBe(1);
    expect(rec.items).toEqual([]);
  });
});

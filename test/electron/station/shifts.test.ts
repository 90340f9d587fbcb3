import { describe, expect, it } from 'vitest';
import { bootDemoStation, DEMO_APPROVAL, demoSignIn, until } from '../../helpers/demoStation';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { ShiftReport, ShiftSnapshot } from '../../../shared/domain/shift';
import type { CashTendered } from '../../../shared/ipc/commands/shift';
import type { DayReport } from '../../../shared/domain/report';

type Demo = Awaited<ReturnType<typeof bootDemoStation>>;
const rejects = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });
let codeSeq = 0;
const okCode = (): string => `2812345678${String(10_000_000 + ++codeSeq).slice(-8)}`;

async function openShift(d: Demo, floatMinor = 20_000): Promise<ShiftSnapshot> {
  return d.call<ShiftSnapshot>('shift:open', { float: { totalMinor: floatMinor } });
}
async function paidAlipay(d: Demo, saleId: string, amountMinor?: number): Promise<AttemptSnapshot> {
  const a = await d.call<AttemptSnapshot>('payment:scan', { saleId, code: okCode(), ...(amountMinor ? { amountMinor } : {}) });
  await until(async () => (await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).final);
  return d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId });
}
const printed = (d: Demo): string => d.station.ctx.devices!.virtual.printer!.core.lines().join('\n');

describe('shifts and cash (issue 14), on a whole DEMO station', () => {
  it('DEMO opens a shift for the cashier on the first sale; one shift per terminal', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    expect(await d.call('shift:current', {})).toBeNull();
    await d.call<SaleSnapshot>('sale:create', { amountMinor: 100 });
    const s = await d.call<ShiftSnapshot>('shift:current', {});
    expect(s).toMatchObject({ status: 'open', floatMinor: 0, cashierName: expect.any(String) });
    await rejects(openShift(d), 'SHIFT_ALREADY_OPEN');
  });

  it('LIVE-like (autoOpen off): a sale needs an open shift', async () => {
    const d = await bootDemoStation({ config: { shifts: { autoOpen: false } }, signInAs: 'cashier' });
    await rejects(d.call('sale:create', { amountMinor: 100 }), 'SHIFT_NOT_OPEN');
    await rejects(d.call('shift:noSale', { reason: 'x' }), 'SHIFT_NOT_OPEN');
    await openShift(d);
    await expect(d.call<SaleSnapshot>('sale:create', { amountMinor: 100 })).resolves.toMatchObject({ status: 'open' });
  });

  it('a cash sale: change computed, sale paid, drawer expected grows by the sale, one receipt with the change', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    await openShift(d, 20_000);
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 3_750 });
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 3_000 }), 'TENDER_SHORT');
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: -5_000 }), 'CASH_OUT_OF_RANGE');
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 5_000_000_000 }), 'CASH_OUT_OF_RANGE');
    // Nothing was recorded by the refusals.
    expect((await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).tenders).toHaveLength(0);
    const r = await d.call<CashTendered>('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 5_000 });
    expect(r).toMatchObject({ changeMinor: 1_250, settles: true });
    expect(r.sale).toMatchObject({ status: 'paid', dueMinor: 0, takenMinor: 3_750 });
    expect((await d.call<ShiftSnapshot>('shift:current', {})).drawerMinor).toBe(23_750);
    await until(() => printed(d).includes('CHANGE'));
    expect(printed(d)).toContain('12.50');
    expect(printed(d)).toContain('Cash');
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 100 }), 'INVALID_STATE');
  });

  it('a split: cash part then Alipay for the rest; a failed Alipay part leaves the sale open with the cash recorded; refunds per tender', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    await openShift(d, 10_000);
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 10_000 });
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 10_000, mode: 'part' }), 'TENDER_EXCEEDS');
    const cash = await d.call<CashTendered>('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 4_000, mode: 'part' });
    expect(cash.sale).toMatchObject({ status: 'open', dueMinor: 6_000, takenMinor: 4_000 });
    await rejects(d.call('payment:scan', { saleId: sale.saleId, code: okCode(), amountMinor: 6_001 }), 'TENDER_EXCEEDS');
    // A declined Alipay part: the sale stays open, the cash is still there.
    const declined = await d.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000001' });
    await until(async () => (await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: declined.paymentRequestId })).final);
    const after = await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(after).toMatchObject({ status: 'open', dueMinor: 6_000 });
    expect(after.tenders.map((t) => t.kind)).toEqual(['cash']);
    expect(declined.amount.minor).toBe(6_000);
    await rejects(d.call('sale:void', { saleId: sale.saleId }), 'INVALID_STATE');

    const alipay = await paidAlipay(d, sale.saleId);
    expect(alipay).toMatchObject({ status: 'succeeded', amount: { minor: 6_000 } });
    const paid = await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(paid).toMatchObject({ status: 'paid', dueMinor: 0 });
    expect(paid.tenders.map((t) => [t.kind, t.amount.minor])).toEqual([['cash', 4_000], ['alipay', 6_000]]);
    await until(() => printed(d).includes(`${sale.saleId}`) && printed(d).includes(alipay.paymentRequestId));

    // Refund the cash part (supervisor approval), out of the drawer; more than the cash part is refused.
    await rejects(d.call('refund:cash', { saleId: sale.saleId, amountMinor: 4_001, approval: DEMO_APPROVAL }), 'TENDER_EXCEEDS');
    await d.call('refund:cash', { saleId: sale.saleId, amountMinor: 4_000, reason: 'returned', approval: DEMO_APPROVAL });
    const refunded = await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(refunded.status).toBe('partially_refunded');
    expect(refunded.cashRefunds.map((c) => c.amount.minor)).toEqual([4_000]);
    expect((await d.call<ShiftSnapshot>('shift:current', {})).drawerMinor).toBe(10_000);

    const report = await d.call<ShiftReport>('shift:report', {});
    expect(report.cash).toMatchObject({ float: 10_000, sales: { count: 1, minor: 4_000 }, refunds: { count: 1, minor: 4_000 }, expected: 10_000 });
    expect(report.alipay).toEqual([{ scenario: 'PaymentCode', sales: { count: 1, minor: 6_000 } }]);
    expect(report.splitSales).toBe(1);
    expect(report.net).toBe(6_000);
  });

  it('cash rounding where the shop configures it (CHF to 5 rappen); none by default', async () => {
    const d = await bootDemoStation({ config: { currency: 'CHF', cashRounding: { CHF: { stepMinor: 5, mode: 'nearest' } } }, signInAs: 'cashier' });
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 1_232 });
    await rejects(d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 1_229 }), 'TENDER_SHORT');
    const r = await d.call<CashTendered>('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 2_000 });
    expect(r).toMatchObject({ changeMinor: 770, roundingMinor: -2 });
    expect(r.sale).toMatchObject({ status: 'paid', dueMinor: 0 });
    const cny = await bootDemoStation({ signInAs: 'cashier' });
    const s2 = await cny.call<SaleSnapshot>('sale:create', { amountMinor: 1_232 });
    expect(await cny.call<CashTendered>('sale:tenderCash', { saleId: s2.saleId, tenderedMinor: 2_000 })).toMatchObject({ changeMinor: 768, roundingMinor: 0 });
  });

  it('two Alipay codes pay one sale', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 5_000 });
    const first = await paidAlipay(d, sale.saleId, 2_000);
    expect(first.status).toBe('succeeded');
    expect(await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).toMatchObject({ status: 'open', dueMinor: 3_000, paid: null });
    await paidAlipay(d, sale.saleId);
    const s = await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(s).toMatchObject({ status: 'paid', dueMinor: 0 });
    expect(s.tenders.map((t) => t.amount.minor)).toEqual([2_000, 3_000]);
  });

  it('paid-in, paid-out and no-sale need a reason; close on a blind count: variance above the limit needs approval; the printed 交班单', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    await openShift(d, 20_000);
    await rejects(d.call('shift:cashMovement', { kind: 'paidIn', amountMinor: 1_000, reason: '  ' }), 'BAD_REQUEST');
    await rejects(d.call('shift:cashMovement', { kind: 'paidOut', amountMinor: 999_999, reason: 'too much' }), 'CASH_OUT_OF_RANGE');
    await d.call('shift:cashMovement', { kind: 'paidIn', amountMinor: 1_000, reason: 'coins from the bank' });
    await d.call('shift:cashMovement', { kind: 'paidOut', amountMinor: 500, reason: 'milk' });
    await rejects(d.call('shift:noSale', { reason: '' }), 'BAD_REQUEST');
    await d.call('shift:noSale', { reason: 'customer needed change' });
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 3_000 });
    await d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 5_000 });
    const s = await d.call<ShiftSnapshot>('shift:current', {});
    expect(s.drawerMinor).toBe(23_500);

    await rejects(d.call('shift:close', { count: { pieces: { '10000': 'two' } } }), 'COUNT_INVALID');
    await rejects(d.call('shift:close', { count: { totalMinor: 20_000 } }), 'VARIANCE_NEEDS_APPROVAL');
    expect((await d.call<ShiftSnapshot>('shift:current', {})).status).toBe('open');
    // 23,000 counted by denomination: 2×100 + 3×10 = 230.00, short by 5.00: within the limit.
    const report = await d.call<ShiftReport>('shift:close', { count: { pieces: { '10000': '2', '1000': 3 } } });
    expect(report.shift).toMatchObject({ status: 'closed', expectedMinor: 23_500, countedMinor: 23_000, varianceMinor: -500 });
    expect(report.cash).toMatchObject({ paidIn: { count: 1, minor: 1_000 }, paidOut: { count: 1, minor: 500 }, noSales: 1, variance: -500 });
    expect(await d.call('shift:current', {})).toBeNull();

    await d.call('shift:print', { shiftId: report.shift.shiftId, locale: 'zh-CN' });
    await until(() => printed(d).includes('交班单'));
    expect(printed(d)).toContain('差额');
    expect(printed(d)).toContain('-5.00');
    await d.call('shift:print', { shiftId: report.shift.shiftId, locale: 'en' });
    await until(() => printed(d).includes('SHIFT REPORT'));
    expect(printed(d)).toContain('Variance');
  });

  it('a large variance closes with a supervisor approval; hand-over opens the next cashier with the counted float', async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    await openShift(d, 20_000);
    const closed = await d.call<ShiftReport>('shift:closeApproved', { count: { totalMinor: 15_000 }, approval: DEMO_APPROVAL });
    expect(closed.shift).toMatchObject({ varianceMinor: -5_000, approvedBy: expect.any(String) });
    await openShift(d, 10_000);
    await rejects(d.call('shift:handOver', { count: { totalMinor: 10_000 }, next: { shortId: demoSignIn('cashier').shortId, pin: '0000' } }), 'PIN_REJECTED');
    expect((await d.call<ShiftSnapshot>('shift:current', {})).floatMinor).toBe(10_000);
    const h = await d.call<{ closed: ShiftReport; opened: ShiftSnapshot }>('shift:handOver', { count: { totalMinor: 10_000 }, next: demoSignIn('supervisor') });
    expect(h.closed.shift.status).toBe('closed');
    expect(h.opened).toMatchObject({ floatMinor: 10_000, handedFrom: h.closed.shift.shiftId });
    expect(h.opened.cashierId).not.toBe(h.closed.shift.cashierId);
    expect(d.station.ctx.accounts!.current()?.accountId).toBe(h.opened.cashierId);
  });

  it('a shift cannot close while a payment is unresolved; the Z needs every shift closed and lists them', async () => {
    const d = await bootDemoStation();
    await openShift(d, 1_000);
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    const a = await d.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000022' });
    await until(async () => (await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'awaitingCustomer');
    await rejects(d.call('shift:close', { count: { totalMinor: 1_000 } }), 'SHIFT_UNRESOLVED');
    await d.call('payment:cancel', { paymentRequestId: a.paymentRequestId });
    await until(async () => (await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).final);
    await d.station.ctx.payments!.requireRuntime().idle();
    const today = d.station.ctx.payments ? (await d.call<{ date: string }>('report:day', {})).date : '';
    await rejects(d.call('report:closeDay', { date: today, confirm: true }), 'SHIFTS_OPEN');
    await d.call('shift:close', { count: { totalMinor: 1_000 } });
    const z = await d.call<DayReport>('report:closeDay', { date: today, confirm: true });
    expect(z.shifts).toHaveLength(1);
    expect(z.shifts![0]).toMatchObject({ varianceMinor: 0, closedAt: expect.any(Number) });
  });

  it("DEMO's automatic, cashless shift is closed by the Z itself; one that took cash is not", async () => {
    const d = await bootDemoStation();
    const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    const today = (await d.call<{ date: string }>('report:day', {})).date;
    await d.call('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 1_000 });
    await rejects(d.call('report:closeDay', { date: today, confirm: true }), 'SHIFTS_OPEN');
    await d.call('shift:close', { count: { totalMinor: 700 } });
    await d.call<SaleSnapshot>('sale:create', { amountMinor: 100 });
    const z = await d.call<DayReport>('report:closeDay', { date: today, confirm: true });
    expect(z.shifts!.map((s) => s.closedAt !== null)).toEqual([true, true]);
    // The printed Z lists the day's shifts with their cashiers.
    await d.call('report:print', { ref: { kind: 'Z', date: today }, locale: 'en' });
    await until(() => printed(d).includes('Shifts / cashiers'));
    expect(printed(d)).toContain('Demo Manager');
  });
});

/**
 * 交班 and the 交班单's scope (issue 14, tillday), on a whole DEMO station: a hand-over whose count is
 * off by more than the limit needs a supervisor and changes nothing without one; each shift's report
 * holds exactly the payments and refunds recorded while it was open (by shift id, not by time); a
 * device scanner's code with no sale open is forwarded to the cashier window, never refused or spent.
 */
import { describe, expect, it } from 'vitest';
import { bootDemoStation, DEMO_APPROVAL, demoSignIn, until } from '../../helpers/demoStation';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { ShiftReport, ShiftSnapshot } from '../../../shared/domain/shift';
import type { ScanForwarded, ScanRefused } from '../../../shared/ipc/commands/payment';

type Demo = Awaited<ReturnType<typeof bootDemoStation>>;
const rejects = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ code });
let codeSeq = 0;
const okCode = (): string => `2812345678${String(20_000_000 + ++codeSeq).slice(-8)}`;

async function paid(d: Demo, amountMinor: number): Promise<AttemptSnapshot> {
  const sale = await d.call<SaleSnapshot>('sale:create', { amountMinor });
  const a = await d.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: okCode() });
  await until(async () => (await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).final);
  const done = await d.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId });
  expect(done.status).toBe('succeeded');
  await d.call('sale:dismiss', { saleId: sale.saleId });
  return done;
}

describe('hand-over and the shift-scoped 交班单', () => {
  it('a variance above the limit needs approval: refused alone (nothing changes), done with a supervisor, audited', async () => {
    const d = await bootDemoStation({ config: { shifts: { varianceApprovalMinor: 100 } }, signInAs: 'cashier' });
    const first = await d.call<ShiftSnapshot>('shift:open', { float: { pieces: { '10000': 1, '1000': '2' } } });
    expect(first.floatMinor).toBe(12_000);
    const count = { pieces: { '10000': '1' } }; // 20.00 short
    await rejects(d.call('shift:handOver', { count, next: demoSignIn('supervisor') }), 'VARIANCE_NEEDS_APPROVAL');
    expect((await d.call<ShiftSnapshot>('shift:current', {})).shiftId).toBe(first.shiftId);
    expect(d.station.ctx.accounts!.current()?.accountId).toBe(first.cashierId);
    await rejects(d.call('shift:handOver', { count: { pieces: { '10000': 'one' } }, next: demoSignIn('supervisor') }), 'COUNT_INVALID');
    const h = await d.call<{ closed: ShiftReport; opened: ShiftSnapshot }>('shift:handOverApproved', { count, next: demoSignIn('manager'), approval: DEMO_APPROVAL });
    expect(h.closed.shift).toMatchObject({ status: 'closed', countedMinor: 10_000, varianceMinor: -2_000, approvedBy: 'Demo Supervisor' });
    expect(h.opened).toMatchObject({ floatMinor: 10_000, handedFrom: first.shiftId, cashierName: 'Demo Manager' });
    const audit = d.station.ctx.db!.prepare("SELECT details_json AS d FROM audit_log WHERE action = 'shift.handOver'").all() as Array<{ d: string }>;
    expect(audit.map((a) => JSON.parse(a.d))).toEqual([expect.objectContaining({ from: first.shiftId, to: h.opened.shiftId, floatMinor: 10_000 })]);
  });

  it("each shift's report holds what was recorded in it: the Alipay sales, and a refund made in the next shift", async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    await d.call('shift:open', { float: { totalMinor: 0 } });
    const a1 = await paid(d, 1_100);
    const h = await d.call<{ closed: ShiftReport; opened: ShiftSnapshot }>('shift:handOver', { count: { totalMinor: 0 }, next: demoSignIn('supervisor') });
    // Recorded at once after the hand-over: a time window around the edge could count it twice.
    await paid(d, 2_200);
    await d.call('refund:create', { paymentRequestId: a1.paymentRequestId, amountMinor: 300, approval: DEMO_APPROVAL });
    await until(async () => (await d.call<ShiftReport>('shift:report', {})).alipayRefunds.count === 1);
    const before = await d.call<ShiftReport>('shift:report', { shiftId: h.closed.shift.shiftId });
    const now = await d.call<ShiftReport>('shift:report', {});
    expect(before.alipay).toEqual([{ scenario: 'PaymentCode', sales: { count: 1, minor: 1_100 } }]);
    expect(before.alipayRefunds).toEqual({ count: 0, minor: 0 });
    expect(now.shift.shiftId).toBe(h.opened.shiftId);
    expect(now.alipay).toEqual([{ scenario: 'PaymentCode', sales: { count: 1, minor: 2_200 } }]);
    expect(now.alipayRefunds).toEqual({ count: 1, minor: 300 });
  });

  it("a serial scanner's code with no sale open goes to the cashier window; with a sale open it pays it", async () => {
    const d = await bootDemoStation({ signInAs: 'cashier' });
    const forwarded: ScanForwarded[] = [];
    const refused: ScanRefused[] = [];
    d.station.ctx.events.subscribe((e) => {
      if (e.name === 'payment:scanForwarded') forwarded.push(e.payload);
      if (e.name === 'payment:scanRefused') refused.push(e.payload);
    });
    const code = okCode();
    d.station.ctx.devices!.virtual.scanner!.scan(code);
    await until(() => forwarded.length === 1);
    expect(forwarded[0]).toMatchObject({ code, codeTail: code.slice(-4) });
    expect(refused).toEqual([]);
    expect(await d.call('sale:current', {})).toBeNull();
    // The window answers with the keyed amount and the code, as for a wedge scan.
    const sale = await d.call<SaleSnapshot>('sale:createWithCode', { amountMinor: 4_560, code: forwarded[0]!.code });
    expect(sale.amount.minor).toBe(4_560);
    await until(async () => (await d.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid');
    // The payment belongs to the shift opened for it.
    expect((await d.call<ShiftReport>('shift:report', {})).alipay).toEqual([{ scenario: 'PaymentCode', sales: { count: 1, minor: 4_560 } }]);

    const open = await d.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    d.station.ctx.devices!.virtual.scanner!.scan(okCode());
    await until(async () => (await d.call<SaleSnapshot>('sale:get', { saleId: open.saleId })).status === 'paid');
    expect(forwarded).toHaveLength(1);
  });
});

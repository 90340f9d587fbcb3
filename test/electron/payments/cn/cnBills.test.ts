/** 当面付 bills: downloadurl.query → zip (GBK CSV detail + summary) → import → the end-of-day reconciliation. */
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCnBillZip } from '../../../../electron/payments/cn/cnBill';
import { fetchCnBill, importCnBillZip } from '../../../../electron/payments/cn/cnBillFetch';
import { CN_METHODS, billUrlSchema } from '../../../../electron/payments/cn/cnSchemas';
import { readZip, writeZip } from '../../../../electron/payments/cn/cnZip';
import { reconcileDay } from '../../../../electron/reports/settlement/reconcile';
import { money } from '../../../../shared/domain/money';
import { freshCnCode, makeCnWorld, type CnWorld } from './cnWorld';

let w: CnWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const DAY = '2026-01-15'; // T0 is 10:00 Beijing on this day

async function dayOfSales(world: CnWorld): Promise<{ paid: string[] }> {
  const paid: string[] = [];
  for (const fen of [1_000, 2_345, 99]) {
    const a = world.runtime.startWithCode(world.sale(fen), freshCnCode());
    await world.settle();
    paid.push(a.paymentRequestId);
  }
  world.runtime.createRefund(paid[1]!, money(345, 'CNY'), 'one item', 'supervisor');
  await world.settle();
  await world.runtime.voidPayment(paid[2]!, 'supervisor'); // trade.cancel refunds it (action refund)
  await world.settle();
  await world.advance(24 * 3_600_000); // the bill is ready the next day
  return { paid };
}

describe('当面付 bills', () => {
  it('the zip writer and reader agree; GBK names and contents survive; a cut or altered zip is refused', () => {
    const zip = writeZip([{ name: '业务明细.csv', data: iconv.encode('中文,1\r\n', 'gbk') }, { name: 'b.txt', data: Buffer.alloc(10_000, 7) }]);
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(['业务明细.csv', 'b.txt']);
    expect(iconv.decode(back[0]!.data, 'gbk')).toBe('中文,1\r\n');
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(expect.objectContaining({ code: 'SETTLEMENT_INVALID' }));
    const flipped = Buffer.from(zip);
    flipped[44] = flipped[44]! ^ 0xff; // inside the first entry's deflated data
    expect(() => readZip(flipped)).toThrow(expect.objectContaining({ code: 'SETTLEMENT_INVALID' }));
    expect(() => readZip(Buffer.from('not a zip at all, but long enough to look'))).toThrow(/end-of-central-directory/);
  });

  it('fetches the day’s bill, imports it and reconciles: every payment, refund and cancel matched', async () => {
    w = await makeCnWorld();
    await dayOfSales(w);
    const r = await fetchCnBill(w.client, w.db, { date: DAY, sellerId: w.sim.sellerId, now: () => w!.clock.now() });
    expect(r).toMatchObject({ status: 'imported', rows: 5 });
    const rec = reconcileDay(w.db, DAY, { now: w.clock.now(), dayOffsetMinutes: 480, includeMatched: true });
    expect(rec.items.filter((i) => i.status !== 'matched')).toEqual([]);
    expect(rec.counts).toMatchObject({ matched: 5 });
    // The same bill again counts nothing twice.
    const again = await fetchCnBill(w.client, w.db, { date: DAY, sellerId: w.sim.sellerId, now: () => w!.clock.now() });
    expect(again.status).toBe('alreadyImported');
    expect(reconcileDay(w.db, DAY, { now: w.clock.now(), dayOffsetMinutes: 480, includeMatched: false }).counts).toMatchObject({ matched: 5 });
  }, 30_000);

  it('refuses a bill for another day or another merchant, a corrupt download, rows imported before; an expired link is a 404', async () => {
    w = await makeCnWorld();
    await dayOfSales(w);
    const u = await w.client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: DAY }, billUrlSchema);
    expect(u.outcome).toBe('S');
    const url = u.outcome === 'S' ? u.body.bill_download_url! : '';
    const zip = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(parseCnBillZip(zip).rows).toHaveLength(5);
    expect(() => importCnBillZip(w!.db, zip, { date: '2026-01-14', now: 0, fileName: 'x.zip' })).toThrow(expect.objectContaining({ code: 'SETTLEMENT_WRONG_FILE' }));
    expect(() => importCnBillZip(w!.db, zip, { date: DAY, sellerId: '2088999999999999', now: 0, fileName: 'x.zip' })).toThrow(expect.objectContaining({ code: 'SETTLEMENT_WRONG_FILE', message: expect.stringContaining('2088999999999999') }));
    w.sim.corruptNextBills(1);
    await expect(fetchCnBill(w.client, w.db, { date: DAY, now: () => w!.clock.now() })).rejects.toMatchObject({ code: 'SETTLEMENT_INVALID' });
    expect(importCnBillZip(w.db, zip, { date: DAY, now: 1, fileName: 'a.zip' }).status).toBe('imported');
    expect(importCnBillZip(w.db, zip, { date: DAY, now: 2, fileName: 'a.zip' }).status).toBe('alreadyImported');
    // Other bytes carrying the same transactions (a re-export a second later): refused, nothing counted twice.
    await w.advance(1_000);
    await expect(fetchCnBill(w.client, w.db, { date: DAY, now: () => w!.clock.now() })).rejects.toMatchObject({ code: 'SETTLEMENT_INVALID', message: expect.stringContaining('already imported') });
    expect(w.db.prepare("SELECT count(*) AS n FROM settlement_rows WHERE kind = 'transactionItems'").get()).toEqual({ n: 5 });
    // A summary that does not add up to the detail.
    const entries = readZip(zip).map((e) => (e.name.includes('汇总') ? { ...e, data: iconv.encode(iconv.decode(e.data, 'gbk').replace(/^合计,,3,/m, '合计,,4,'), 'gbk') } : e));
    expect(() => parseCnBillZip(writeZip(entries))).toThrow(/does not add up/);
    // The link lives ~30 s.
    const u2 = await w.client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: DAY }, billUrlSchema);
    await w.advance(31_000);
    expect((await fetch(u2.outcome === 'S' ? u2.body.bill_download_url! : '')).status).toBe(404);
    // Today's bill does not exist yet.
    const today = await w.client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: '2026-01-16' }, billUrlSchema);
    expect(today).toMatchObject({ outcome: 'F', subCode: 'isp.bill_not_exist' });
    // DEMO releases today's bill early; tomorrow's still does not exist.
    expect(w.sim.releaseTodaysBill()).toBe('2026-01-16');
    expect(await w.client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: '2026-01-16' }, billUrlSchema)).toMatchObject({ outcome: 'S' });
    expect(await w.client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: '2026-01-17' }, billUrlSchema)).toMatchObject({ outcome: 'F', subCode: 'isp.bill_not_exist' });
  }, 30_000);

  it('a payment Alipay has that the journal lacks, and an amount that differs, are listed with next steps', async () => {
    w = await makeCnWorld();
    const { paid } = await dayOfSales(w);
    w.db.prepare("UPDATE payment_attempts SET amount_minor = 999 WHERE id = ?").run(paid[0]);
    const t = w.sim.trade(paid[0]!)!;
    // A trade at Alipay this terminal never recorded (another till with the same app).
    const other = { ...t, outTradeNo: 'OTHER-TILL-1', tradeNo: `${t.tradeNo.slice(0, -1)}9`, refunds: [] };
    (w.sim.trades as Map<string, typeof t>).set(other.outTradeNo, other);
    await fetchCnBill(w.client, w.db, { date: DAY, now: () => w!.clock.now() });
    const rec = reconcileDay(w.db, DAY, { now: w.clock.now(), dayOffsetMinutes: 480, includeMatched: false });
    const byId = new Map(rec.items.map((i) => [i.transactionRequestId, i]));
    expect(byId.get('OTHER-TILL-1')).toMatchObject({ status: 'missingOurs', action: 'checkOtherTerminal' });
    expect(byId.get(paid[0]!)).toMatchObject({ status: 'mismatch', differences: ['amount'], action: 'contactAlipay' });
  }, 30_000);
});

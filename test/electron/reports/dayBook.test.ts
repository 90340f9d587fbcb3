import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../electron/journal/openJournal';
import { createDayBook, type DayBook } from '../../../electron/reports/dayBook';
import { attemptTotals, attemptTotalsPlain } from '../../../electron/reports/attemptTotals';
import type { DayReport } from '../../../shared/domain/report';
import { isPosError } from '../../../shared/errors/posError';
import { tempDir } from '../../helpers/tempDir';
import { startFlows, type Flows } from './journalFlows';

const SETTINGS = { cutoff: '04:00', timeZone: 'Asia/Shanghai' };
// 2030-01-01 10:00 in Shanghai.
const T0 = Date.UTC(2030, 0, 1, 2, 0, 0);
const HOUR = 3_600_000;

function sortRows<T extends { hour: number; scenario: string; currency: string; cashier: string; status: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.hour - b.hour || `${a.scenario}${a.currency}${a.cashier}${a.status}`.localeCompare(`${b.scenario}${b.currency}${b.cashier}${b.status}`));
}

function merged(rows: ReturnType<typeof attemptTotals>): Map<string, { n: number; minor: number }> {
  const m = new Map<string, { n: number; minor: number }>();
  for (const r of rows) {
    const k = [r.hour, r.scenario, r.currency, r.cashier, r.status].join('|');
    const v = m.get(k) ?? { n: 0, minor: 0 };
    m.set(k, { n: v.n + r.n, minor: v.minor + r.minor });
  }
  for (const [k, v] of m) if (v.n === 0) m.delete(k);
  return m;
}

describe('business day, X and Z reports over a journal filled through the simulator', () => {
  let db: Db;
  let flows: Flows;
  let book: DayBook;

  beforeEach(async () => {
    db = openJournal(path.join(tempDir(), 'journal.sqlite'));
    flows = await startFlows(db, T0);
    book = createDayBook(db, () => SETTINGS, flows.clock, () => ({ terminalId: 'T01', storeName: '测试店 Test' }));
  });
  afterEach(async () => {
    await flows.close();
    db.close();
  });

  it('counts sales, declines, cancels and refunds per scenario, currency and cashier; lists unresolved attempts', async () => {
    const a1 = await flows.codeSale(1000, { cashier: 'alice' });
    flows.clock.advance(60_000);
    await flows.codeSale(2550, { cashier: 'bob' });
    flows.clock.advance(60_000);
    await flows.codeSale(1200, { cashier: 'alice', currency: 'USD' });
    await flows.codeSale(700, { cashier: 'alice', outcome: 'declined' });
    const o1 = await flows.orderCodeSale(3000, { cashier: 'bob' });
    flows.clock.advance(60_000);
    await flows.refund(a1, 400);
    const pending = await flows.codeSale(800, { cashier: 'alice', outcome: 'pending' });
    const toCancel = await flows.codeSale(900, { cashier: 'bob', outcome: 'pending' });
    await flows.cancel(toCancel);

    const x = book.xReport();
    expect(x.kind).toBe('X');
    expect(x.day).toMatchObject({ date: '2030-01-01', state: 'open', start: Date.UTC(2029, 11, 31, 20), end: Date.UTC(2030, 0, 1, 20) });
    const line = (scenario: string, currency: string, cashier: string) => x.lines.find((l) => l.scenario === scenario && l.currency === currency && l.cashier === cashier);
    expect(line('PaymentCode', 'CNY', 'alice')).toMatchObject({ sales: { count: 1, minor: 1000 }, refunds: { count: 1, minor: 400 }, declined: 1, cancels: { count: 0, minor: 0 }, net: 600 });
    expect(line('PaymentCode', 'CNY', 'bob')).toMatchObject({ sales: { count: 1, minor: 2550 }, cancels: { count: 1, minor: 0 }, net: 2550 });
    expect(line('OrderCode', 'CNY', 'bob')).toMatchObject({ sales: { count: 1, minor: 3000 }, net: 3000 });
    expect(line('PaymentCode', 'USD', 'alice')).toMatchObject({ sales: { count: 1, minor: 1200 }, net: 1200 });
    expect(x.totals).toEqual([
      { currency: 'CNY', sales: { count: 3, minor: 6550 }, cancels: { count: 1, minor: 0 }, refunds: { count: 1, minor: 400 }, declined: 1, net: 6150 },
      { currency: 'USD', sales: { count: 1, minor: 1200 }, cancels: { count: 0, minor: 0 }, refunds: { count: 0, minor: 0 }, declined: 0, net: 1200 },
    ]);
    expect(x.first).toMatchObject({ paymentRequestId: a1, minor: 1000, at: T0 });
    expect(x.last).toMatchObject({ paymentRequestId: o1, minor: 3000 });
    expect(x.unresolved.map((u) => [u.paymentRequestId, u.status])).toEqual([[pending, 'awaitingCustomer']]);
    expect(x.queue).toEqual({ pending: 0, running: 0, dead: 0, pendingRefunds: 0 });
    expect(x.chain).toMatchObject({ status: 'ok', scope: 'full' });
    expect(x.byHour.filter((h) => h.currency === 'CNY')).toEqual([{ hourStart: T0, currency: 'CNY', count: 3, minor: 6550 }]);
    // The maintained buckets agree with a plain scan of the attempts.
    expect(merged(attemptTotals(db, x.day.start, x.day.end))).toEqual(merged(sortRows(attemptTotalsPlain(db, x.day.start, x.day.end))));
  });

  it('refuses the Z while an attempt is unresolved, listing it; then closes, numbered and immutable', async () => {
    await flows.codeSale(1000);
    const pending = await flows.codeSale(800, { outcome: 'pending' });
    let err: unknown;
    try {
      book.closeDay('2030-01-01', 'manager');
    } catch (e) {
      err = e;
    }
    expect(isPosError(err) && err.code).toBe('DAY_UNRESOLVED');
    expect(isPosError(err) && (err.details?.attempts as Array<{ paymentRequestId: string }>).map((a) => a.paymentRequestId)).toEqual([pending]);
    expect(db.prepare('SELECT count(*) AS n FROM z_reports').get()).toEqual({ n: 0 });

    // The wallet confirms; an inquiry resolves it (as recovery would).
    flows.h.sim.wallet.confirm({ paymentRequestId: pending });
    expect(await flows.inquire(pending)).toBe('succeeded');
    flows.clock.advance(5 * HOUR);
    const z = book.closeDay('2030-01-01', 'manager') as Extract<DayReport, { kind: 'Z' }>;
    expect(z).toMatchObject({ kind: 'Z', number: 1, closedBy: 'manager', chain: { status: 'ok', scope: 'full' } });
    expect(z.totals[0]).toMatchObject({ currency: 'CNY', sales: { count: 2, minor: 1800 }, net: 1800 });
    expect(z.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(() => db.prepare("UPDATE z_reports SET report_json = '{}'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM z_reports').run()).toThrow(/immutable/);
    expect(() => book.closeDay('2030-01-01', 'manager')).toThrow(expect.objectContaining({ code: 'DAY_CLOSED' }));
    expect(book.zReport({ number: 1 })).toEqual(z);
    expect(book.xReport('2030-01-01').totals).toEqual(z.totals);
    expect(db.prepare("SELECT action FROM audit_log WHERE action = 'day.close'").all()).toHaveLength(1);
  });

  it('an early Z ends the day there: later sales belong to the next business day', async () => {
    await flows.codeSale(1000);
    flows.clock.advance(HOUR); // 11:00 Shanghai, long before the 04:00 cut-off
    const z = book.closeDay('2030-01-01', 'manager');
    expect(z.day.end).toBe(T0 + HOUR + 1);
    flows.clock.advance(60_000);
    expect(book.currentDate()).toBe('2030-01-02');
    await flows.codeSale(2000);
    const next = book.xReport();
    expect(next.day).toMatchObject({ date: '2030-01-02', start: T0 + HOUR + 1, state: 'open' });
    expect(next.totals[0]).toMatchObject({ sales: { count: 1, minor: 2000 } });
    expect(book.xReport('2030-01-01').totals[0]).toMatchObject({ sales: { count: 1, minor: 1000 } });
    const z2 = book.closeDay('2030-01-02', 'manager');
    expect(z2).toMatchObject({ kind: 'Z', number: 2 });
  });

  it('a sale after midnight but before the cut-off belongs to the previous business day', async () => {
    flows.clock.set(Date.UTC(2030, 0, 1, 17, 30)); // 01:30 on 2 Jan in Shanghai
    await flows.codeSale(1500);
    expect(book.currentDate()).toBe('2030-01-01');
    expect(book.xReport('2030-01-01').totals[0]).toMatchObject({ sales: { count: 1, minor: 1500 } });
    flows.clock.set(Date.UTC(2030, 0, 1, 20, 0)); // 04:00: the new day
    expect(book.currentDate()).toBe('2030-01-02');
    await flows.codeSale(100);
    expect(book.xReport().totals[0]).toMatchObject({ sales: { count: 1, minor: 100 } });
    expect(book.day('2030-01-05').state).toBe('future');
    expect(() => book.closeDay('2030-01-05', 'm')).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
  });

  it('reports a tampered event chain: incrementally in X after a checkpoint, in full at Z', async () => {
    await flows.codeSale(1000);
    expect(book.xReport().chain).toMatchObject({ status: 'ok', scope: 'full' });
    await flows.codeSale(2000);
    expect(book.xReport().chain).toMatchObject({ status: 'ok', scope: 'sinceCheckpoint' });
    const head = db.prepare('SELECT max(seq) AS s FROM payment_events').get() as { s: number };
    db.prepare("UPDATE payment_events SET data_json = '{\"minor\":1}' WHERE seq = ?").run(head.s);
    expect(book.xReport().chain).toMatchObject({ status: 'broken', scope: 'sinceCheckpoint', brokenAt: head.s, reason: 'edited' });
    db.prepare("UPDATE payment_events SET data_json = '{\"minor\":2}' WHERE seq = 1").run();
    flows.clock.advance(12 * HOUR);
    const z = book.closeDay('2030-01-01', 'manager');
    expect(z.chain).toMatchObject({ status: 'broken', scope: 'full', brokenAt: 1, reason: 'edited' });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { importSettlementDay } from '../../../../electron/reports/settlement/importSettlement';
import { reconcileDay } from '../../../../electron/reports/settlement/reconcile';
import { freshCode, codePay } from '../../simulator/harness';
import { tempDir } from '../../../helpers/tempDir';
import { startFlows, type Flows } from '../journalFlows';

// 2030-01-01 10:00 Beijing: Alipay's settlement day is 2030-01-01.
const T0 = Date.UTC(2030, 0, 1, 2, 0, 0);
const DAY = '2030-01-01';

/** Writes the simulator's files for a day where an SFTP sync would: <drop>/v1/settlements/<customerId>/<YYYYMMDD>/. */
export function dropFiles(flows: Flows, drop: string, day: string): string[] {
  const files = [flows.h.sim.files.transactionItems(day), ...flows.h.sim.files.settlement(day)];
  return files.map((f) => {
    const target = path.join(drop, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.csv);
    return target;
  });
}

describe('reconciliation with Alipay files produced by the simulator', () => {
  let db: Db;
  let flows: Flows;
  let drop: string;

  beforeEach(async () => {
    const dir = tempDir();
    db = openJournal(path.join(dir, 'journal.sqlite'));
    drop = path.join(dir, 'drop');
    flows = await startFlows(db, T0);
  });
  afterEach(async () => {
    await flows.close();
    db.close();
  });

  it('matches real flows, and names each difference with what to do next; re-importing changes nothing', async () => {
    const expect_ = { customerId: flows.h.sim.clientId, referenceMerchantId: 'M0001', dayOffsetMinutes: 480 };
    const paid = await flows.codeSale(1000);
    flows.clock.advance(60_000);
    const refunded = await flows.codeSale(2000);
    const refund = await flows.refund(refunded, 500);
    const order = await flows.orderCodeSale(3000);
    await flows.codeSale(700, { outcome: 'declined' });
    const late = await flows.codeSale(800, { outcome: 'pending' });
    flows.h.sim.wallet.confirm({ paymentRequestId: late });
    await flows.inquire(late);

    // Another till of the store: Alipay has it, this journal does not.
    const other = await flows.h.client.pay(codePay(freshCode(), 4200, { paymentExpiryTime: flows.clock.now() + 180_000 }));
    expect(other.outcome).toBe('S');
    // A cancel that never reached Alipay, while the customer had paid: Alipay kept the money.
    const lostCancel = await flows.codeSale(900, { outcome: 'pending' });
    flows.h.sim.wallet.confirm({ paymentRequestId: lostCancel });
    db.prepare("UPDATE payment_attempts SET status = 'cancelled' WHERE id = ?").run(lostCancel);
    // A cancel that did reach Alipay after the customer paid: paid and given back.
    const returned = await flows.codeSale(950, { outcome: 'pending' });
    flows.h.sim.wallet.confirm({ paymentRequestId: returned });
    await flows.cancel(returned);
    // Our record of a paid sale with the wrong amount (a bug we must see).
    const wrong = await flows.codeSale(1234);
    db.prepare('UPDATE payment_attempts SET amount_minor = 1243 WHERE id = ?').run(wrong);

    dropFiles(flows, drop, '20300101');
    const progress: string[] = [];
    const imported = await importSettlementDay(db, drop, { date: DAY, expect: expect_, now: flows.clock.now, onProgress: (p) => progress.push(p.phase) });
    expect(imported.files.map((f) => [f.fileName.split('_')[0], f.status])).toEqual([
      ['settlementItems', 'imported'],
      ['settlementSummary', 'imported'],
      ['transactionItems', 'imported'],
    ]);
    expect(progress.at(-1)).toBe('done');

    const r = reconcileDay(db, DAY, { now: flows.clock.now(), dayOffsetMinutes: 480, includeMatched: true });
    const byId = (id: string, type = 'PAYMENT') => r.items.find((i) => i.transactionRequestId === id && i.type === type);
    expect(byId(paid)).toMatchObject({ status: 'matched', action: 'none' });
    expect(byId(order)).toMatchObject({ status: 'matched' });
    expect(byId(late)).toMatchObject({ status: 'matched' });
    expect(byId(refund, 'REFUND')).toMatchObject({ status: 'matched', ours: { minor: -500 }, alipay: { minor: -500 } });
    const otherItem = r.items.find((i) => i.status === 'missingOurs');
    expect(otherItem).toMatchObject({ type: 'PAYMENT', alipay: { minor: 4200 }, action: 'checkOtherTerminal' });
    expect(byId(lostCancel)).toMatchObject({ status: 'mismatch', differences: ['status'], action: 'refundOrHandOver' });
    expect(byId(returned)).toMatchObject({ status: 'mismatch', action: 'netZeroReversal' });
    expect(byId(returned, 'CANCEL')).toMatchObject({ status: 'mismatch', action: 'netZeroReversal', alipay: { minor: -950 } });
    expect(byId(wrong)).toMatchObject({ status: 'mismatch', differences: ['amount'], action: 'contactAlipay', ours: { minor: 1243 }, alipay: { minor: 1234 } });
    expect(r.counts).toEqual({ matched: 5, missingOurs: 1, missingAlipay: 0, mismatch: 4 });
    expect(r.settlementChecks).toEqual([expect.objectContaining({ currency: 'CNY', ok: true })]);
    // Counting plain matches in SQL gives exactly what matching every row one by one gives.
    const fast = reconcileDay(db, DAY, { now: flows.clock.now(), dayOffsetMinutes: 480, includeMatched: false });
    expect({ counts: fast.counts, totals: fast.totals, items: fast.items }).toEqual({ counts: r.counts, totals: r.totals, items: r.items.filter((i) => i.status !== 'matched') });
    expect(fast.totals).toEqual([{ currency: 'CNY', oursMinor: 1000 + 2000 - 500 + 3000 + 800 + 1243, alipayMinor: 1000 + 2000 - 500 + 3000 + 800 + 4200 + 900 + 950 - 950 + 1234 }]);
    // Unmatched first, so the screen opens on what needs doing.
    expect(r.items.slice(0, 5).every((i) => i.status !== 'matched')).toBe(true);

    // A sale in our journal that Alipay never saw: missing on Alipay's side.
    flows.clock.advance(60_000);
    const ghost = await flows.codeSale(600); // after the files were delivered: not in them
    const before = db.prepare('SELECT (SELECT count(*) FROM settlement_rows) AS rows, (SELECT count(*) FROM settlement_imports) AS imports').get();
    const again = await importSettlementDay(db, drop, { date: DAY, expect: expect_, now: flows.clock.now });
    expect(again.files.every((f) => f.status === 'alreadyImported')).toBe(true);
    expect(db.prepare('SELECT (SELECT count(*) FROM settlement_rows) AS rows, (SELECT count(*) FROM settlement_imports) AS imports').get()).toEqual(before);
    const r2 = reconcileDay(db, DAY, { now: flows.clock.now(), dayOffsetMinutes: 480, includeMatched: false });
    expect(r2.items.find((i) => i.transactionRequestId === ghost)).toMatchObject({ status: 'missingAlipay', action: 'waitForFile', ours: { minor: 600 } });
    expect(r2.items.some((i) => i.status === 'matched')).toBe(false);
    expect(r2.counts.matched).toBe(5);
  });
});

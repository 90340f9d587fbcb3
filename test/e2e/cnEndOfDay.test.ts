import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AttemptSnapshot } from '../../shared/domain/payment';
import type { DayReport } from '../../shared/domain/report';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';
import { simControl, type StationClient } from './helpers/stationClient';

/**
 * End of day on an alipay-cn DEMO terminal in real Chromium at 1024×768 (issue 15): the X report
 * with its per-acquirer breakdown (当面付) and the first/last payment named by trade_no /
 * out_trade_no; then the reconciliation tab fetches the day's 当面付 bill from the simulator (a zip
 * of GBK CSV files, released early by the DEMO button) and lists matched, mismatched (an amount our
 * journal holds differently), missing here (a trade of another till) and missing at Alipay (a sale
 * after the bill was taken), each with its next step — in English and in Chinese.
 */
let pos: RunningPos;
let browser: Browser;
let station: StationClient;
let simUrl: string;
let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_ALIPAY_ACQUIRER: 'alipay-cn', POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
  ({ pos, browser, station, simUrl } = session);
});
afterAll(async () => {
  await session?.close();
});

let codeSeq = 0;
/** A sale paid at once (the simulator's happy path). Each needs its own code: the terminal refuses a code seen before as a replay. */
async function paidSale(amountMinor: number): Promise<AttemptSnapshot> {
  await station.call('sale:create', { amountMinor });
  const code = `28${String(Date.now()).slice(-10)}${String(++codeSeq).padStart(6, '0')}`;
  const a = await station.call<AttemptSnapshot>('payment:scan', { code });
  const end = Date.now() + 20_000;
  for (;;) {
    const now = await station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId });
    if (now.status === 'succeeded') return now;
    if (Date.now() > end) throw new Error(`payment ${a.paymentRequestId} did not succeed (${now.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function endOfDay(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  await page.goto(pos.url);
  await page.getByTestId('sale-flow').waitFor();
  await page.keyboard.press('F6');
  await page.getByTestId('endOfDay-screen').waitFor();
  return page;
}

describe('alipay-cn end of day in Chromium', () => {
  it('X report by acquirer, then the 当面付 bill fetched and reconciled with next steps, in en and zh-CN', async () => {
    const a1 = await paidSale(1_250);
    const a2 = await paidSale(3_000);
    const a3 = await paidSale(880);
    // Our journal holds a3 at another amount than Alipay charged (a mismatch the bill must show).
    const journal = new Database(path.join(pos.dataDir, 'journal.sqlite'));
    journal.pragma('busy_timeout = 5000');
    journal.prepare('UPDATE payment_attempts SET amount_minor = 980 WHERE id = ?').run(a3.paymentRequestId);
    journal.close();
    // Another till of the same merchant took 42.00: in the bill, unknown to this terminal.
    const other = await simControl<{ outTradeNo: string; tradeNo: string }>(simUrl, '/__sim/trades/other-till', { fen: 4_200 });

    const report = await station.call<DayReport>('report:get', { ref: { kind: 'X' } });
    expect(report.byAcquirer).toEqual([expect.objectContaining({ acquirer: 'alipay-cn', currency: 'CNY', sales: { count: 3, minor: 1_250 + 3_000 + 980 } })]);
    expect(report.first).toMatchObject({ paymentRequestId: a1.paymentRequestId, acquirer: 'alipay-cn' });

    const page = await endOfDay();
    await page.getByTestId('eod-acquirer-alipay-cn').waitFor();
    const row = page.getByTestId('eod-acquirer-alipay-cn');
    expect(await row.getAttribute('data-sales')).toBe('3');
    expect(await row.textContent()).toContain('当面付');
    const firstIds = (await page.getByTestId('eod-first-ids').textContent()) ?? '';
    expect(firstIds).toContain('trade_no');
    expect(firstIds).toContain(a1.paymentRequestId);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await shot(page, 'cn-eod-1-report-en');

    // Reconciliation: the DEMO button releases today's bill; Enter fetches it (downloadurl.query → zip) and imports.
    await page.keyboard.press('r');
    await page.getByTestId('recon-panel').waitFor();
    await page.getByTestId('recon-import').filter({ hasText: 'Fetch the 当面付 bill' }).waitFor();
    await page.getByTestId('recon-demo-deliver').click();
    await page.getByTestId('recon-notice').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('recon-summary').filter({ hasText: 'Imported 1 file(s) with 4 row(s)' }).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="recon-count-matched"][data-count="2"]').waitFor();
    expect(await page.getByTestId('recon-count-mismatch').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('recon-count-missingOurs').getAttribute('data-count')).toBe('1');

    // A sale after the bill was taken: ours, not in Alipay's file yet.
    const a4 = await paidSale(560);
    await page.close();
    const recon = await endOfDay();
    await recon.keyboard.press('r');
    await recon.getByTestId('recon-panel').waitFor();
    await recon.locator('[data-testid="recon-count-missingAlipay"][data-count="1"]').waitFor({ timeout: 10_000 });
    const byId = async (id: string): Promise<{ status: string | null; action: string | null }> => {
      const r = recon.locator(`[data-testid="recon-row"][data-request-id="${id}"]`);
      return { status: await r.getAttribute('data-status'), action: await r.getByTestId('recon-next').getAttribute('data-action') };
    };
    expect(await byId(a3.paymentRequestId)).toEqual({ status: 'mismatch', action: 'contactAlipay' });
    expect(await byId(other.outTradeNo)).toEqual({ status: 'missingOurs', action: 'checkOtherTerminal' });
    expect((await byId(a4.paymentRequestId)).status).toBe('missingAlipay');
    expect(await recon.getByTestId('recon-col-ids').first().textContent()).toBe('out_trade_no / trade_no');
    // Alipay's trade_no stands under our out_trade_no.
    expect(await recon.locator(`[data-testid="recon-row"][data-request-id="${other.outTradeNo}"] .recon-id-alipay`).textContent()).toBe(other.tradeNo);
    await shot(recon, 'cn-eod-2-recon-en');

    await recon.getByTestId('lang-zh-CN').click();
    await recon.getByTestId('recon-col-ids').first().filter({ hasText: '商户订单号' }).waitFor();
    await shot(recon, 'cn-eod-3-recon-zh');
    await recon.keyboard.press('x');
    await recon.getByTestId('eod-acquirer-alipay-cn').waitFor();
    expect(await recon.getByTestId('eod-totals').textContent()).toContain('按收单方');
    expect(await recon.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await shot(recon, 'cn-eod-4-report-zh');
    await recon.close();
    void a2;
  });
});

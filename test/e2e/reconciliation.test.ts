import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AttemptSnapshot } from '../../shared/domain/payment';
import type { BusinessDay } from '../../shared/domain/report';
import { transactionItemsCsv } from '../fixtures/settlement/makeTransactionItems';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';
import type { StationClient } from './helpers/stationClient';

/**
 * Reconciliation with Alipay's files from the end-of-day screen (F6 → R), in real Chromium against
 * the browser host in DEMO mode: paid sales, the simulator delivers the day's files into the drop
 * folder (the DEMO button), import from the UI, matched rows, a second import that changes nothing,
 * CSV export; then a cut-short file (clear error) and a long import cancelled with Esc that leaves
 * nothing behind.
 */
let pos: RunningPos;
let browser: Browser;
let station: StationClient;

const DAY_MS = 86_400_000;
/** Alipay's settlement day (Beijing) `daysBack` days before `today` (YYYY-MM-DD). */
const beijingDay = (today: string, daysBack: number): string => new Date(Date.parse(`${today}T00:00:00Z`) - daysBack * DAY_MS).toISOString().slice(0, 10);

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
  ({ pos, browser, station } = session);
});

afterAll(async () => {
  await session?.close();
});

/**
 * A sale paid at once (the simulator's happy path). Each sale needs its own code: the terminal
 * refuses a payment code seen within the expiry window as a replay, so only the first sale may use
 * scenario 00's fixed 280000000000000000.
 */
async function paidSale(amountMinor: number, code: string): Promise<string> {
  await station.call('sale:create', { amountMinor });
  const a = await station.call<AttemptSnapshot>('payment:scan', { code });
  const end = Date.now() + 15_000;
  while ((await station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status !== 'succeeded') {
    if (Date.now() > end) throw new Error(`payment ${a.paymentRequestId} did not succeed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return a.paymentRequestId;
}

/** Into the reconciliation tab with the keyboard, as a manager would: F6, then R. */
async function openRecon(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pos.url);
  await page.getByTestId('sale-flow').waitFor();
  await page.keyboard.press('F6');
  await page.getByTestId('endOfDay-screen').waitFor();
  await page.keyboard.press('r');
  await page.getByTestId('recon-panel').waitFor();
  return page;
}

describe('reconciliation in Chromium', () => {
  it('imports the simulator’s files for the day, shows matched rows, and a second import changes nothing', async () => {
    await paidSale(1_250, '280000000000000000');
    await paidSale(3_000, `28${String(Date.now()).slice(-10)}123456`);
    const today = (await station.call<BusinessDay>('report:day', {})).date;

    const page = await openRecon();
    expect(await page.getByTestId('recon-date').inputValue()).toBe(today);
    await page.getByTestId('recon-no-imports').waitFor();

    // Nothing delivered yet: Enter imports, and the station says there is nothing to import.
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="recon-error"][data-code="NOT_FOUND"]').waitFor();
    await shot(page, 'recon-1-nothing-delivered');

    await page.getByTestId('recon-demo-deliver').click();
    await page.getByTestId('recon-notice').filter({ hasText: 'delivered 3 file(s)' }).waitFor();

    await page.keyboard.press('Enter');
    const summary = page.getByTestId('recon-summary');
    await summary.filter({ hasText: 'Imported 3 file(s)' }).waitFor();
    expect(await summary.getAttribute('data-nothing-changed')).toBe('false');
    await page.locator('[data-testid="recon-count-matched"][data-count="2"]').waitFor();
    for (const s of ['mismatch', 'missingOurs', 'missingAlipay']) expect(await page.getByTestId(`recon-count-${s}`).getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId('recon-error').count()).toBe(0);

    // Matched rows fold away by default; M opens them.
    expect(await page.getByTestId('recon-row').count()).toBe(0);
    await page.keyboard.press('m');
    await page.locator('[data-testid="recon-row"][data-status="matched"]').nth(1).waitFor();
    const rows = page.locator('[data-testid="recon-list-matched"] [data-testid="recon-row"]');
    expect(await rows.count()).toBe(2);
    const amounts = await rows.locator('td.num').allTextContents();
    expect(amounts.sort()).toEqual(['CNY 12.50', 'CNY 12.50', 'CNY 30.00', 'CNY 30.00']);
    expect(await rows.first().getByTestId('recon-next').textContent()).toBe('Nothing to do.');
    // The cashier layout scrolls inside its main area, so a full-page shot shows only what is in view.
    await page.getByTestId('recon-section-matched').scrollIntoViewIfNeeded();
    await shot(page, 'recon-2-matched');

    // Re-importing the same files: skipped, nothing changed, the same reconciliation.
    await page.getByTestId('recon-import').click();
    await summary.filter({ hasText: 'Already imported' }).waitFor();
    expect(await summary.getAttribute('data-nothing-changed')).toBe('true');
    expect(await page.getByTestId('recon-count-matched').getAttribute('data-count')).toBe('2');
    await shot(page, 'recon-3-already-imported');

    await page.keyboard.press('e');
    const notice = page.getByTestId('recon-notice').filter({ hasText: '.csv' });
    await notice.waitFor();
    const file = /saved as (.+\.csv)$/.exec((await notice.textContent()) ?? '')?.[1];
    expect(file && fs.readFileSync(file, 'utf8')).toMatch(/^\uFEFFstatus,type,transaction_request_id/);
    await page.close();
  });

  it('says clearly when a file is cut short, and a cancelled long import leaves nothing behind', async () => {
    const today = (await station.call<BusinessDay>('report:day', {})).date;
    const sim = await station.call<{ clientId: string }>('demo:simulator');
    const drop = path.join(pos.dataDir, 'settlement');
    const compact = (d: string): string => d.replace(/-/g, '');
    const dayStart = (d: string): number => Date.parse(`${d}T00:00:00+08:00`);

    // A transaction-items file whose download stopped before <END>.
    const cut = beijingDay(today, 2);
    fs.mkdirSync(drop, { recursive: true });
    fs.writeFileSync(path.join(drop, `transactionItems_${compact(cut)}_000.csv`), transactionItemsCsv(sim.clientId, [{ requestId: 'P1', transactionId: 'T1', minor: 100, at: dayStart(cut) + 3_600_000 }], { end: false }));
    // A long file for another day: long enough that the import is still checking when Esc arrives.
    const long = beijingDay(today, 1);
    const rows = 400_000;
    const items = Array.from({ length: rows }, (_, i) => ({ requestId: `LP${i}`, transactionId: `LT${i}`, minor: 100 + i, at: dayStart(long) + 3_600_000 + i }));
    fs.writeFileSync(path.join(drop, `transactionItems_${compact(long)}_000.csv`), transactionItemsCsv(sim.clientId, items));

    const page = await openRecon();
    await page.getByTestId('recon-date').fill(cut);
    await page.getByTestId('recon-no-imports').waitFor();
    await page.getByTestId('recon-import').click();
    const error = page.locator('[data-testid="recon-error"][data-code="SETTLEMENT_INVALID"]');
    await error.waitFor();
    expect(await error.locator('strong').textContent()).toContain('no <END> line');
    await page.getByTestId('recon-no-imports').waitFor();
    await shot(page, 'recon-4-cut-short');

    await page.getByTestId('recon-date').fill(long);
    await page.getByTestId('recon-import').click();
    const progress = page.locator('[data-testid="recon-progress"][data-phase="checking"]');
    await progress.waitFor();
    await page.locator('[role="progressbar"]').waitFor();
    await shot(page, 'recon-5-progress');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="recon-error"][data-code="CANCELLED"]').waitFor();
    expect(await page.getByTestId('recon-progress').count()).toBe(0);
    await page.getByTestId('recon-no-imports').waitFor();
    await shot(page, 'recon-6-cancelled');
    const rec = await station.call<{ imports: unknown[]; counts: Record<string, number> }>('report:reconcile', { date: long });
    expect(rec.imports).toEqual([]);
    expect(rec.counts.missingOurs).toBe(0);
    await page.close();
  }, 180_000);
});

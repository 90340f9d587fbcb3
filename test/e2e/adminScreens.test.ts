import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AttemptSnapshot, QueueSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';
import { simControl, type StationClient } from './helpers/stationClient';

/**
 * The admin screens (history, queue, devices, settings) in real Chromium against the browser host
 * in DEMO mode: the real station, the in-process simulator (its /__sim/ control API reached through
 * demo:simulator) and the virtual printer. Set-up that is not what a test is about goes through the
 * contract; what the test is about goes through the screen.
 */
let pos: RunningPos;
let browser: Browser;
let station: StationClient;
let simUrl: string;
const pageErrors: string[] = [];

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession();
  ({ pos, browser, station, simUrl } = session);
});

afterAll(async () => {
  await session?.close();
});

async function cashier(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(pos.url);
  await page.getByTestId('cashier').waitFor();
  return page;
}

/** Polls the station until `pred` holds (bounded: the machine is shared). */
async function until<T>(get: () => Promise<T>, pred: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (pred(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function paidSale(amountMinor: number, code = '280000000000000000'): Promise<SaleSnapshot> {
  const sale = await station.call<SaleSnapshot>('sale:create', { amountMinor });
  await station.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code });
  return until(() => station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId }), (s) => s.status === 'paid');
}

/** A keyboard-wedge burst (digits then Enter) dispatched inside the page, as the scanner types it. */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate((c) => {
    const fire = (key: string, codeName: string): void => void window.dispatchEvent(new KeyboardEvent('keydown', { key, code: codeName, bubbles: true, cancelable: true }));
    for (const ch of c) fire(ch, `Digit${ch}`);
    fire('Enter', 'Enter');
  }, code);
}

describe('admin screens in Chromium', () => {
  it('devices: live status, test print goes through the virtual printer with its Chinese line, preview on the paper width', async () => {
    const page = await cashier();
    await page.keyboard.press('F4');
    await page.getByTestId('devices-screen').waitFor();
    await page.locator('[data-testid="printer-status"].dev-ok').waitFor();
    expect(await page.getByTestId('scanner-status').getAttribute('class')).toContain('dev-ok');
    expect(await page.getByTestId('test-page-preview').textContent()).toContain('中文测试：支付宝收款');
    await page.getByTestId('test-print').click();
    await page.locator('[data-testid^="print-job-"][data-kind="test"][data-status="printed"]').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('virtual-paper').filter({ hasText: '支付宝收款' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('virtual-paper').textContent()).toContain('PRINTER TEST');
    await page.getByTestId('list-ports').click();
    await page.getByTestId('port-list').waitFor();
    expect(await page.getByTestId('port-row').count()).toBeGreaterThanOrEqual(2); // the virtual scanner and printer ptys
    await shot(page, 'devices-test-print');

    // The drawer kick goes through the printer too.
    await page.getByTestId('kick-drawer').click();
    await page.getByTestId('devices-notice').waitFor();

    // 58 mm paper: the running printer keeps its port, the preview narrows to 32 columns.
    await page.getByTestId('printer-setup').click();
    await page.getByTestId('printer-paper-58mm').check();
    await page.getByTestId('printer-apply').click();
    await page.getByTestId('printer-device').filter({ hasText: '58' }).waitFor();
    await page.locator('[data-testid="test-page-preview"].paper-58mm').waitFor();
    await page.locator('[data-testid="printer-status"].dev-ok').waitFor({ timeout: 15_000 });
    await shot(page, 'devices-58mm');
    const cfg = JSON.parse(fs.readFileSync(path.join(pos.dataDir, 'config.json'), 'utf8')) as { devices: { printer: { paper: string } } };
    expect(cfg.devices.printer.paper).toBe('58mm');
    await page.close();
  });

  it('(f) partial refund approved by a supervisor (id + PIN) from History; a wrong PIN is refused without losing the screen', async () => {
    const sale = await paidSale(1_250);
    const page = await cashier();
    await page.keyboard.press('F2');
    await page.getByTestId('history-screen').waitFor();
    await page.getByTestId(`history-row-${sale.saleId}`).click();
    await page.getByTestId('sale-detail').waitFor();
    await page.locator('[data-testid="timeline-item"][data-type="created"]').waitFor();
    await shot(page, 'f-1-history-detail');

    await page.getByTestId('refund-open').click();
    expect(await page.getByTestId('refund-amount').inputValue()).toBe('12.50');
    await page.getByTestId('refund-amount').fill('2.50');
    await page.getByTestId('refund-reason').fill('one item returned');
    await page.getByTestId('refund-pin-id').fill('200');
    await page.getByTestId('refund-pin').fill('000000');
    await page.getByTestId('refund-pin').press('Enter');
    await page.locator('[data-testid="refund-error"][data-code="PIN_REJECTED"]').waitFor();
    expect(await page.getByTestId('sale-detail').isVisible()).toBe(true);
    await shot(page, 'f-2-wrong-pin');

    await page.getByTestId('refund-pin').fill('246810');
    await page.getByTestId('refund-submit').click();
    await page.getByTestId('detail-notice').waitFor();
    await page.locator('[data-testid="refund-row"][data-status="succeeded"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="detail-status"].sale-partially_refunded').waitFor();
    expect(await page.getByTestId('detail-refundable').textContent()).toBe('CNY 10.00');
    await page.locator('[data-testid="timeline-item"][data-type="refund.succeeded"]').waitFor();
    // The list row follows the whole-snapshot event as well.
    await page.getByTestId(`history-row-${sale.saleId}`).locator('.sale-partially_refunded').waitFor();
    await shot(page, 'f-3-partially-refunded');

    // Filters: the code tail and the status find it; an impossible amount range says why.
    await page.getByTestId('filter-tail').fill('0000');
    await page.getByTestId('filter-status').selectOption('partially_refunded');
    await page.getByTestId('history-search').click();
    await page.getByTestId(`history-row-${sale.saleId}`).waitFor();
    await page.getByTestId('filter-min').fill('20');
    await page.getByTestId('filter-max').fill('1');
    await page.getByTestId('filter-max').press('Enter');
    await page.getByTestId('filter-error').waitFor();
    await shot(page, 'f-4-filters');

    const after = await station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(after).toMatchObject({ status: 'partially_refunded', paid: { refundedMinor: 250, refundableMinor: 1_000 } });
    await page.close();
  });

  it('(g) gateway unreachable: a new payment is refused clearly, a pending cancel waits in the queue and drains when the gateway is back', async () => {
    const sale = await station.call<SaleSnapshot>('sale:create', { amountMinor: 800 });
    const a = await station.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000022' }); // never confirms
    await until(() => station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId }), (x) => x.status === 'awaitingCustomer');

    await simControl(simUrl, '/__sim/faults', { kind: 'drop-before' });
    try {
      await station.call('payment:cancel', { paymentRequestId: a.paymentRequestId });
      const q = await until(() => station.call<QueueSnapshot>('queue:get'), (x) => x.network === 'offline' && x.jobs.some((j) => j.kind === 'cancel' && j.subject === a.paymentRequestId));
      expect(q.pending).toBeGreaterThanOrEqual(1);

      const page = await cashier();
      await page.getByTestId('offline-banner').waitFor();
      await page.keyboard.press('F3');
      await page.getByTestId('queue-screen').waitFor();
      await page.locator('[data-testid="queue-network"].net-offline').waitFor();
      const job = page.locator(`[data-testid^="queue-job-"][data-kind="cancel"]`).first();
      await job.waitFor();
      expect(await job.getAttribute('data-status')).toMatch(/pending|running/);
      await job.locator('[data-testid^="queue-details-"]').click();
      await page.locator('[data-testid^="queue-job-details-"]').first().waitFor();
      await shot(page, 'g-1-queue-offline');

      // The cancelling sale tells the cashier not to hand over the goods.
      await page.keyboard.press('F1');
      await page.getByTestId('sale-flow').waitFor();
      await shot(page, 'g-2-sale-cancelling');

      // A new Alipay payment is refused up front with a clear message.
      await station.call<SaleSnapshot>('sale:create', { amountMinor: 500 });
      await page.keyboard.press('F3');
      await page.keyboard.press('F1');
      await page.getByTestId('waiting-scan').waitFor();
      await wedgeScan(page, '280000000000000000');
      await page.locator('[data-testid="flow-error"][data-code="OFFLINE"]').waitFor();
      await shot(page, 'g-3-new-payment-refused');

      // The gateway comes back: the probe notices, the queue wakes and the cancel goes through.
      await simControl(simUrl, '/__sim/faults', null, 'DELETE');
      await page.keyboard.press('F3');
      await page.getByTestId('queue-empty').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="queue-network"].net-online').waitFor();
      expect((await station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status).toBe('cancelled');
      await shot(page, 'g-4-queue-drained');
      await page.close();
    } finally {
      await simControl(simUrl, '/__sim/faults', null, 'DELETE').catch(() => undefined);
    }
  });

  it('end of day: X report with its chart, print and export; Z refused with the unresolved list, then closed', async () => {
    const page = await cashier();
    await page.keyboard.press('F6');
    await page.getByTestId('endOfDay-screen').waitFor();
    await page.locator('[data-testid="eod-kind"][data-kind="X"]').waitFor();
    await page.getByTestId('eod-chart').first().waitFor();
    expect(await page.getByTestId('eod-bar').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('eod-net').first().textContent()).toMatch(/^CNY \d+\.\d{2}$/);
    await page.getByTestId('eod-export-csv').click();
    await page.getByTestId('eod-notice').filter({ hasText: '.csv' }).waitFor();
    await page.getByTestId('eod-print').click();
    await page.getByTestId('eod-notice').filter({ hasNotText: '.csv' }).waitFor();
    await shot(page, 'eod-1-x-report');

    // An attempt still waiting for the customer keeps the day open.
    // Amount 99.22 selects scenario 22 (never confirms) with any fresh code; a code is never presented twice.
    const sale = await station.call<SaleSnapshot>('sale:create', { amountMinor: 9_922 });
    const a = await station.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281234567890004422' });
    await until(() => station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId }), (x) => x.status === 'awaitingCustomer');
    await page.getByTestId('eod-refresh').click();
    await page.getByTestId('eod-close').click();
    await page.getByTestId('eod-confirm-close').click();
    await page.locator('[data-testid="eod-error"][data-code="DAY_UNRESOLVED"]').waitFor();
    await page.getByTestId('eod-refused').filter({ hasText: a.paymentRequestId }).waitFor();
    await shot(page, 'eod-2-close-refused');

    await station.call('payment:cancel', { paymentRequestId: a.paymentRequestId });
    await until(() => station.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId }), (x) => x.status === 'cancelled');
    await page.getByTestId('eod-close').click();
    await page.getByTestId('eod-confirm-close').click();
    await page.locator('[data-testid="eod-kind"][data-kind="Z"]').waitFor();
    await page.getByTestId('eod-notice').waitFor();
    await shot(page, 'eod-3-z-closed');
    await page.close();
  });

  it('settings: language and payment expiry saved, audited, still there after a reload; registration follows Alipay to approved', async () => {
    const page = await cashier();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    await page.getByTestId('settings-locale').selectOption('en');
    await page.getByTestId('settings-expiry').selectOption('5');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
    await page.getByTestId('restart-needed').filter({ hasText: 'payment.expiryMinutes' }).waitFor();
    await page.getByTestId('nav-settings').filter({ hasText: 'Settings' }).waitFor(); // the shell follows the new language
    await shot(page, 'settings-1-saved');

    await page.reload();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    expect(await page.getByTestId('settings-locale').inputValue()).toBe('en');
    expect(await page.getByTestId('settings-expiry').inputValue()).toBe('5');
    const file = JSON.parse(fs.readFileSync(path.join(pos.dataDir, 'config.json'), 'utf8')) as { locale: string; payment: { expiryMinutes: number } };
    expect(file).toMatchObject({ locale: 'en', payment: { expiryMinutes: 5 } });

    await page.getByTestId('register').click();
    await page.locator('[data-testid="registration-status"][data-status="PROCESSING"]').waitFor();
    await shot(page, 'settings-2-registration-processing');
    await simControl(simUrl, '/__sim/clock', { advanceMs: 6_000 });
    await page.locator('[data-testid="registration-status"][data-status="APPROVED"]').waitFor({ timeout: 15_000 });
    await shot(page, 'settings-3-registration-approved');

    // The signed-in manager's own PIN: a wrong current PIN is refused; the demo manager's works.
    await page.getByTestId('pin-current').fill('999999');
    await page.getByTestId('pin-new').fill('432100');
    await page.getByTestId('pin-again').fill('432100');
    await page.getByTestId('pin-submit').click();
    await page.locator('[data-testid="pin-change"] [data-code="PIN_REJECTED"]').waitFor();
    await page.getByTestId('pin-current').fill('135790');
    await page.getByTestId('pin-new').fill('432100');
    await page.getByTestId('pin-again').fill('432100');
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('pin-changed').waitFor();
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});

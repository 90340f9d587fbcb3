/**
 * Entry code as a phone sees it: the H5 page opened in Chromium with a mobile viewport and Alipay's
 * wallet user agent, the amount typed and paid on the (simulated) Alipay cashier, back on the
 * merchant's result page — and the payment appears in the cashier screen's live feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ALIPAY_WALLET_USER_AGENT } from '../../electron/simulator/wallet';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';

let pos: RunningPos;
let browser: Browser;

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession();
  ({ pos, browser } = session);
});

afterAll(async () => {
  await session?.close();
});

describe('entry code in real Chromium', () => {
  it('a phone pays on the H5 page and the cashier screen shows it', async () => {
    const cashier = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await cashier.goto(pos.url);
    await cashier.getByTestId('entry-feed').waitFor();
    expect(await cashier.getByTestId('entry-feed-item').count()).toBe(0);

    const customer = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await customer.goto(new URL('customer', pos.url).href);
    const qr = customer.getByTestId('entry-qr');
    await qr.waitFor();
    const entryUrl = await qr.getAttribute('data-entry-url');
    expect(entryUrl).toBe(new URL('entry', pos.url).href);
    await shot(customer, 'entry-customer-idle');

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, userAgent: ALIPAY_WALLET_USER_AGENT });
    const page = await phone.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(entryUrl!);
    expect(await page.getByTestId('entry-store').textContent()).toBe('Demo Store');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByTestId('entry-amount').fill('23.45');
    await shot(page, 'entry-phone-form');
    await Promise.all([page.waitForURL(/\/__sim\/wallet\/entry\//), page.getByTestId('entry-pay').tap()]);
    await shot(page, 'entry-phone-alipay-cashier');
    await Promise.all([page.waitForURL(/\/entry\/result\//), page.getByRole('button', { name: 'Pay' }).tap()]);
    // Confirming until the station has a verified answer; the page's script reloads when it has.
    const result = page.getByTestId('entry-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 15_000 }).toBe('paid');
    expect(await page.getByTestId('entry-result-amount').textContent()).toBe('CNY 23.45');
    await shot(page, 'entry-phone-paid');

    const item = cashier.getByTestId('entry-feed-item').first();
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getByTestId('entry-feed-amount').textContent()).toBe('CNY 23.45');
    expect(await item.textContent()).toMatch(/\*+\d{4}/);
    await shot(cashier, 'entry-cashier-feed');
    expect(errors).toEqual([]);
    await phone.close();
    await customer.close();
    await cashier.close();
  });
});

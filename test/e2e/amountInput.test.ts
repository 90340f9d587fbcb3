/**
 * Amounts as people type them (issue 11 item 10), in real Chromium against the DEMO browser host:
 * the cashier keypad in zh-CN and en (a typed comma stays a comma and is read by the locale's
 * rules), and the entry-code H5 page on phones whose keyboards are zh-CN, en and comma-decimal.
 * "12,50" must never become 1,250.00; what could mean two amounts is refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ALIPAY_WALLET_USER_AGENT } from '../../electron/simulator/wallet';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';
import type { StationClient } from './helpers/stationClient';

let pos: RunningPos;
let browser: Browser;
let station: StationClient;
let session: DemoSession;

beforeAll(async () => {
  // Every phone here comes from 127.0.0.1; as behind the shop's proxy, each names its own address
  // (X-Forwarded-For) so the per-client limits of the public routes see five phones, not one.
  session = await openDemoSession({ POS_TRUSTED_PROXIES: '127.0.0.1' });
  ({ pos, browser, station } = session);
});

afterAll(async () => {
  await session?.close();
});

const KEY: Record<string, string> = { '.': 'Period', ',': 'Comma' };

async function typeAmount(page: Page, amount: string): Promise<void> {
  await page.locator('[data-phase="entry"]').waitFor();
  for (const ch of amount) {
    await page.keyboard.press(KEY[ch] ?? `Digit${ch}`);
    await page.waitForTimeout(60); // a person's pace: slower than the scanner detector's window
  }
}

/** Types, presses Enter, and returns the amount of the sale that opened. */
async function charge(page: Page, amount: string): Promise<number> {
  await typeAmount(page, amount);
  expect(await page.getByTestId('amount-display').locator('.value').textContent()).toBe(amount);
  await page.keyboard.press('Enter');
  await page.getByTestId('waiting-scan').waitFor();
  const sale = (await station.call<SaleSnapshot | null>('sale:current'))!;
  await station.call('sale:void', { saleId: sale.saleId });
  await page.reload();
  return sale.amount.minor;
}

describe('cashier keypad', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`${locale}: "12,50" is 12.50, "1,234.56" is 1234.56, "1,234" is 1234; bad grouping is refused on screen`, async () => {
      await station.call('settings:update', { patch: { locale } });
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.goto(pos.url);
      await page.getByTestId('sale-flow').waitFor();
      expect(await charge(page, '12,50')).toBe(1250);
      expect(await charge(page, '1,234.56')).toBe(123456);
      expect(await charge(page, '1,234')).toBe(123400);
      await typeAmount(page, '1,2,3');
      const hint = page.getByTestId('amount-hint');
      expect(await hint.getAttribute('data-problem')).toBe('invalid');
      expect(await hint.textContent()).toMatch(locale === 'en' ? /Not an amount/ : /金额格式不正确/);
      expect(await page.getByTestId('key-charge').isDisabled()).toBe(true);
      await page.keyboard.press('Enter'); // refused: nothing opens
      expect(await station.call<SaleSnapshot | null>('sale:current')).toBeNull();
      await shot(page, `amount-keypad-refused-${locale}`);
      await page.close();
    });
  }
});

describe('entry-code H5 page on phones', () => {
  let phones = 0;
  async function phone(locale: string): Promise<{ page: Page; close(): Promise<void> }> {
    phones += 1;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale, userAgent: ALIPAY_WALLET_USER_AGENT, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${phones}` } });
    const page = await ctx.newPage();
    await page.goto(new URL('entry', pos.url).href);
    return { page, close: () => ctx.close() };
  }

  /** Types, pays on the simulated Alipay cashier, and returns what the result page says was paid. */
  async function pay(locale: string, typed: string): Promise<string> {
    const p = await phone(locale);
    await p.page.getByTestId('entry-amount').fill(typed);
    await Promise.all([p.page.waitForURL(/\/__sim\/wallet\/entry\//), p.page.getByTestId('entry-pay').tap()]);
    await Promise.all([p.page.waitForURL(/\/entry\/result\//), p.page.getByRole('button', { name: 'Pay' }).tap()]);
    const result = p.page.getByTestId('entry-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 15_000 }).toBe('paid');
    const amount = (await p.page.getByTestId('entry-result-amount').textContent())!;
    await p.close();
    return amount;
  }

  it('zh-CN and en phones: "12,50" pays CNY 12.50; full-width IME digits are read', async () => {
    expect(await pay('zh-CN', '12,50')).toBe('CNY 12.50');
    expect(await pay('en-US', '12,50')).toBe('CNY 12.50');
    expect(await pay('zh-CN', '１２．５')).toBe('CNY 12.50');
  });

  it('a comma-decimal phone (de-DE): "1.234,50" is 1234.50 and "1.234" is 1234', async () => {
    expect(await pay('de-DE', '1.234,50')).toBe('CNY 1234.50');
    expect(await pay('de-DE', '1.234')).toBe('CNY 1234.00');
  });

  it('an en phone typing "1.234": refused as ambiguous with a clear message, nothing ordered', async () => {
    const p = await phone('en-US');
    await p.page.getByTestId('entry-amount').fill('1.234');
    await Promise.all([p.page.waitForLoadState('load'), p.page.getByTestId('entry-pay').tap()]);
    const form = p.page.locator('[data-error]');
    await form.waitFor();
    expect(await form.getAttribute('data-error')).toBe('amountAmbiguous');
    expect(await p.page.locator('body').textContent()).toMatch(/read two ways|两种理解/);
    await shot(p.page, 'entry-amount-ambiguous');
    expect(p.page.url()).not.toMatch(/__sim/);
    await p.close();
  });
});

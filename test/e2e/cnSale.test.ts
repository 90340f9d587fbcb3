import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import type { RunningPos } from './helpers/startPos';
import { simControl, type StationClient } from './helpers/stationClient';

/**
 * One sale end to end in real Chromium with alipay.acquirer = alipay-cn (DEMO: the in-process 当面付
 * simulator): keyed amount, wedge scan, 10003 "waiting for the customer", the customer confirms in
 * the simulator's virtual wallet, PAID, the receipt and the history name 当面付 and its ids.
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

describe('alipay-cn DEMO in Chromium', () => {
  it('a sale paid through trade.pay after the customer confirms (10003), receipt and history name 当面付 and trade_no', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(pos.url);
    await page.getByTestId('sale-flow').waitFor();
    await page.locator('[data-phase="entry"]').waitFor();
    for (const ch of '12.50') {
      await page.keyboard.press(ch === '.' ? 'Period' : `Digit${ch}`);
      await page.waitForTimeout(60); // a person's pace, slower than the wedge detector's window
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('waiting-scan').waitFor();
    // Scenario 22: 10003, the customer has not confirmed yet; the virtual wallet confirms below.
    await page.evaluate((c) => {
      for (const ch of c) window.dispatchEvent(new KeyboardEvent('keydown', { key: ch, code: `Digit${ch}`, bubbles: true, cancelable: true }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
    }, '280000000000000022');
    await page.getByTestId('payment-panel').waitFor();
    await expect.poll(() => page.getByTestId('payment-panel').getAttribute('data-status'), { timeout: 10_000 }).toBe('awaitingCustomer');
    expect(await page.getByTestId('do-not-hand-over').isVisible()).toBe(true);
    await shot(page, 'cn-1-waiting-for-customer');
    const pending = await simControl<Array<{ outTradeNo: string }>>(simUrl, '/__sim/wallet/pending', null, 'GET');
    expect(pending).toHaveLength(1);
    await simControl(simUrl, '/__sim/wallet/confirm', { outTradeNo: pending[0]!.outTradeNo });
    await page.getByTestId('result-panel').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('result-panel').getAttribute('data-status')).toBe('succeeded');
    await page.getByTestId('receipt-preview').waitFor();
    const receipt = (await page.getByTestId('receipt-preview').textContent()) ?? '';
    expect(receipt).toContain('12.50');
    expect(receipt).toContain('trade_no');
    expect(receipt).toContain(pending[0]!.outTradeNo);
    await shot(page, 'cn-2-paid');
    const trade = await simControl<{ tradeNo: string; status: string }>(simUrl, `/__sim/trades/${pending[0]!.outTradeNo}`, null, 'GET');
    expect(trade.status).toBe('TRADE_SUCCESS');
    await page.keyboard.press('Enter');
    await page.locator('[data-phase="entry"]').waitFor();
    // History: the sale names its acquirer and both ids.
    const sales = await station.call<Array<{ saleId: string }>>('sale:list', { limit: 5 });
    await page.keyboard.press('F2');
    await page.getByTestId('history-screen').waitFor();
    await page.getByTestId(`history-row-${sales[0]!.saleId}`).click();
    await page.getByTestId('detail-acquirer').waitFor();
    expect(await page.getByTestId('detail-acquirer').getAttribute('data-acquirer')).toBe('alipay-cn');
    expect(await page.getByTestId('detail-payment-id').textContent()).toBe(trade.tradeNo);
    expect(await page.getByTestId('detail-request-id').textContent()).toBe(pending[0]!.outTradeNo);
    await shot(page, 'cn-3-history');
    await page.close();
  });

  it('the settings screen shows the acquirer and takes 当面付 credentials; a wrong key is refused by name', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(pos.url);
    await page.getByTestId('sale-flow').waitFor();
    await page.keyboard.press('F5');
    await page.getByTestId('settings-screen').waitFor();
    expect(await page.getByTestId('settings-acquirer').inputValue()).toBe('alipay-cn');
    await page.getByTestId('cn-credentials').waitFor();
    await page.getByTestId('cn-app-id').fill('2021000000000001');
    // A placeholder in PEM armour, not key material: the station must refuse it as an unreadable key.
    // The armour is built here so the file holds no private-key block for secret scanners to flag.
    const armour = (edge: 'BEGIN' | 'END'): string => `-----${edge} ${['PRIVATE', 'KEY'].join(' ')}-----`;
    await page.getByTestId('cn-app-key').fill(`${armour('BEGIN')}\nnot really a key, but long enough to be sent to the station\n${armour('END')}`);
    await page.getByTestId('cn-alipay-key').fill('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA-not-a-real-key-but-long-enough-too');
    await page.getByTestId('cn-import').click();
    await page.getByTestId('cn-credentials').getByRole('alert').waitFor();
    expect(await page.getByTestId('cn-credentials').getByRole('alert').textContent()).toMatch(/appPrivateKey|key/i);
    await shot(page, 'cn-4-settings');
    await page.close();
  });
});

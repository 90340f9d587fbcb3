import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { shot } from './helpers/browser';
import { DEMO_SIGN_IN, openDemoSession, type DemoSession } from './helpers/demoSession';
import { startPos, type RunningPos } from './helpers/startPos';

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

describe('smoke: the browser host in real Chromium', () => {
  it('shows the cashier screen in demo mode, takes keyboard input, switches language', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(pos.url);
    await page.getByTestId('cashier').waitFor();
    expect(await page.getByTestId('demo-banner').isVisible()).toBe(true);
    expect(await page.getByTestId('status-mode').textContent()).toBe('演示');
    // Typed keys reach the keypad after the wedge detector's few-millisecond look at them.
    await page.keyboard.type('12.5', { delay: 80 });
    await page.getByTestId('amount-display').filter({ hasText: '12.5' }).waitFor({ timeout: 5_000 });
    await page.getByTestId('key-0').click();
    await page.getByTestId('amount-display').filter({ hasText: '12.50' }).waitFor({ timeout: 5_000 });
    await shot(page, 'smoke-cashier-zh');

    await page.getByTestId('lang-en').click();
    await page.getByText('Charge').first().waitFor();
    expect(await page.getByTestId('status-mode').textContent()).toBe('DEMO');
    await shot(page, 'smoke-cashier-en');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('opens the customer display with its own language', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    await page.goto(new URL('customer', pos.url).href);
    await page.getByTestId('customer-idle').waitFor();
    expect(await page.getByTestId('customer-store').textContent()).toBe('Demo Store');
    expect(await page.getByText('欢迎光临').isVisible()).toBe(true);
    await page.getByTestId('lang-en').click();
    await page.getByText('Welcome').waitFor();
    await shot(page, 'smoke-customer-en');
    await page.close();
  });

  it('starts into a setup screen naming the bad field when config.json is corrupt', async () => {
    const dataDir = fs.mkdtempSync(path.join(path.dirname(pos.dataDir), 'pos-e2e-bad-'));
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ payment: { expiryMinutes: 99 } }));
    const bad = await startPos({}, { dataDir });
    try {
      const page = await browser.newPage();
      await page.goto(bad.url);
      await page.getByTestId('setup-screen').waitFor();
      expect(await page.getByTestId('setup-field').textContent()).toBe('payment.expiryMinutes');
      await shot(page, 'smoke-setup');
      await page.getByTestId('setup-reset').click();
      // Out of setup mode the till is locked again: DEMO's documented cashier signs in.
      await page.getByTestId('sign-in').waitFor();
      await page.getByTestId('sign-in-id').fill(DEMO_SIGN_IN.cashier.shortId);
      await page.getByTestId('sign-in-pin').fill(DEMO_SIGN_IN.cashier.pin);
      await page.getByTestId('sign-in-pin').press('Enter');
      await page.getByTestId('keypad').waitFor();
      expect(fs.readdirSync(dataDir).some((f) => f.startsWith('config.json.bad-'))).toBe(true);
      await page.close();
    } finally {
      await bad.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

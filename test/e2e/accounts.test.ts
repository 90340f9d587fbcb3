import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AttemptSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import type { StationSnapshot } from '../../shared/domain/station';
import { shot } from './helpers/browser';
import { DEMO_SIGN_IN, openDemoSession, type DemoSession } from './helpers/demoSession';

/**
 * Accounts at the counter in real Chromium (issue 12): the locked till, sign-in, switching cashier,
 * a refund a cashier starts and a supervisor approves with their own id and PIN, and a cashier
 * refused the manager's screens (and the station refusing the command behind it).
 */
let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en' }, null);
});

afterAll(async () => {
  await session?.close();
});

async function signIn(page: Page, who: { shortId: string; pin: string }): Promise<void> {
  await page.getByTestId('sign-in').waitFor();
  await page.getByTestId('sign-in-id').fill(who.shortId);
  await page.getByTestId('sign-in-pin').fill(who.pin);
  await page.getByTestId('sign-in-pin').press('Enter');
  await page.getByTestId('signed-in').waitFor();
}

describe('accounts at the counter', () => {
  it('signs in, refuses a wrong PIN, switches cashier, and a cashier is refused the manager screens', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('keypad').count()).toBe(0);
    await shot(page, 'accounts-1-locked');

    await page.getByTestId('sign-in-id').fill(DEMO_SIGN_IN.cashier.shortId);
    await page.getByTestId('sign-in-pin').fill('9999');
    await page.getByTestId('sign-in-submit').click();
    await page.locator('[data-testid="sign-in-error"][data-code="PIN_REJECTED"]').waitFor();
    await signIn(page, DEMO_SIGN_IN.cashier);
    expect(await page.getByTestId('signed-in-name').textContent()).toContain('Demo Cashier');
    await page.getByTestId('keypad').waitFor();
    await shot(page, 'accounts-2-cashier');

    await page.keyboard.press('F5');
    await page.getByTestId('screen-forbidden').waitFor();
    expect(await page.getByTestId('settings-screen').count()).toBe(0);
    await shot(page, 'accounts-3-cashier-refused-settings');
    // Not only hidden: the station refuses the command to this account too.
    await expect(session.station.call('settings:get', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await page.getByTestId('switch-cashier').click();
    await signIn(page, DEMO_SIGN_IN.manager);
    expect(await page.getByTestId('signed-in-name').textContent()).toContain('Demo Manager');
    await page.keyboard.press('F5');
    await page.getByTestId('settings-screen').waitFor();
    const snap = await session.station.call<StationSnapshot>('session:hello', { window: 'cashier' });
    expect(snap.session).toMatchObject({ shortId: DEMO_SIGN_IN.manager.shortId, role: 'manager' });
    await page.close();
  });

  it('a cashier’s refund is approved by a supervisor’s id and PIN; the cashier cannot approve it', async () => {
    await session.station.call('account:signIn', DEMO_SIGN_IN.cashier);
    const sale = await session.station.call<SaleSnapshot>('sale:create', { amountMinor: 1_500 });
    await session.station.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281111222233334444' });
    for (let i = 0; ; i++) {
      const s = await session.station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
      if (s.status === 'paid') break;
      if (i > 200) throw new Error('sale not paid');
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.getByTestId('signed-in').waitFor();
    await page.keyboard.press('F2');
    await page.getByTestId(`history-row-${sale.saleId}`).click();
    await page.getByTestId('refund-open').click();
    await page.getByTestId('refund-amount').fill('5.00');
    // The cashier's own id and PIN do not approve anything.
    await page.getByTestId('refund-pin-id').fill(DEMO_SIGN_IN.cashier.shortId);
    await page.getByTestId('refund-pin').fill(DEMO_SIGN_IN.cashier.pin);
    await page.getByTestId('refund-submit').click();
    await page.locator('[data-testid="refund-error"][data-code="FORBIDDEN"]').waitFor();
    await shot(page, 'accounts-4-cashier-cannot-approve');
    await page.getByTestId('refund-pin-id').fill(DEMO_SIGN_IN.supervisor.shortId);
    await page.getByTestId('refund-pin').fill(DEMO_SIGN_IN.supervisor.pin);
    await page.getByTestId('refund-submit').click();
    await page.locator('[data-testid="refund-row"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    await shot(page, 'accounts-5-refund-approved');
    await page.close();
  });
});

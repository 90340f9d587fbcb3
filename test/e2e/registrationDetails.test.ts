/**
 * The legal entity Alipay needs for registration (issue 11 item 6), entered on the settings screen
 * in real Chromium: a bad value is refused with the station's reason, a good one is saved and is
 * what registration sends to the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../shared/ipc/commands/settings';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';

let session: DemoSession;
beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en' });
});
afterAll(async () => {
  await session?.close();
});

describe('registration details on the settings screen', () => {
  it('are entered, validated by the station, saved, and sent with the registration', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    await page.getByTestId('registration-details').locator('summary').click();
    await page.getByTestId('reg-legalName').fill('Shanghai Tea House Co., Ltd.');
    await page.getByTestId('reg-registrationNo').fill('91310000MA1FL0000X');
    await page.getByTestId('reg-region').fill('cn');
    await page.getByTestId('reg-city').fill('Shanghai');
    await page.getByTestId('reg-address1').fill('88 Nanjing Road');
    await page.getByTestId('reg-logoUrl').fill('http://teahouse.example/logo.png');
    await page.getByTestId('reg-details-save').click();
    await page.getByTestId('reg-details-error').waitFor();
    expect(await page.getByTestId('reg-details-error').textContent()).toMatch(/logoUrl/);
    await page.getByTestId('reg-logoUrl').fill('https://teahouse.example/logo.png');
    await page.getByTestId('reg-details-save').click();
    await page.getByTestId('reg-details-saved').waitFor();
    await shot(page, 'settings-registration-details');
    const v = await session.station.call<SettingsView>('settings:get');
    expect(v.registrationDetails).toMatchObject({ legalName: 'Shanghai Tea House Co., Ltd.', registrationAddress: { region: 'CN', city: 'Shanghai', address1: '88 Nanjing Road' }, logoUrl: 'https://teahouse.example/logo.png' });
    await page.getByTestId('register').click();
    await page.locator('[data-testid="registration-status"][data-status="PROCESSING"], [data-testid="registration-status"][data-status="APPROVED"]').first().waitFor();
    await page.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqLinkStatus } from '../../shared/domain/hqLink';
import { startHqRig, type HqRig } from '../helpers/hqFixture';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';

/** Issue 16: the manager enrols the terminal with head office from Settings, in real Chromium, against HQ on real PostgreSQL. */
let session: DemoSession;
let rig: HqRig;

beforeAll(async () => {
  rig = await startHqRig();
  await rig.store('M1', 'S1');
  session = await openDemoSession({ POS_LOCALE: 'en' });
}, 120_000);

afterAll(async () => {
  await session?.close();
  await rig?.stop();
});

const code = (): Promise<string> => rig.code('M1', 'S1');

describe('head office link in Settings', () => {
  it('refuses a used code with its reason, enrols with a fresh one and shows the relay connected', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    await page.getByTestId('hq-link').waitFor();
    await shot(page, 'hq-link-1-unlinked');

    const used = await code();
    await fetch(new URL('/api/v1/enrol', rig.hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: used, publicKey: 'someone else' }) });
    await page.getByTestId('hq-url').fill(rig.hq.url);
    await page.getByTestId('hq-code').fill(used);
    await page.getByTestId('hq-enrol').click();
    await page.locator('[data-code="CODE_USED"]').waitFor();
    await shot(page, 'hq-link-2-code-used');

    await page.getByTestId('hq-code').fill(await code());
    await page.getByTestId('hq-code').press('Enter');
    await page.getByTestId('hq-linked').waitFor();
    await page.locator('[data-testid="hq-relay"][data-state="connected"]').waitFor({ timeout: 15_000 });
    const status = await session.station.call<Extract<HqLinkStatus, { linked: true }>>('hq:status', {});
    expect(await page.getByTestId('hq-linked').textContent()).toContain(status.terminalId);
    // Fits the 1024×768 counter screen without scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await shot(page, 'hq-link-3-linked');
  });
});

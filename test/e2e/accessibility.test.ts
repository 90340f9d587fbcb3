import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';
import { audit, smallTargets } from './helpers/a11y';

/**
 * WCAG AA checks with axe-core on the real screens in Chromium: colour contrast, names for every
 * control, valid ARIA; and touch targets of at least 44 × 44 px on every button.
 */
let session: DemoSession;
beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en' });
});
afterAll(async () => {
  await session?.close();
});

const SCREENS = [
  { key: 'F1', name: 'sale' },
  { key: 'F2', name: 'history' },
  { key: 'F3', name: 'queue' },
  { key: 'F4', name: 'devices' },
  { key: 'F5', name: 'settings' },
  { key: 'F6', name: 'eod' },
] as const;

describe('accessibility (axe-core, WCAG 2 A/AA) in Chromium', () => {
  it('every cashier screen passes and every control is a 44 px touch target', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(session.pos.url);
    await page.getByTestId('sale-flow').waitFor();
    const report: Record<string, unknown> = {};
    for (const s of SCREENS) {
      await page.keyboard.press(s.key);
      await page.waitForTimeout(400);
      const v = await audit(page);
      const small = await smallTargets(page);
      if (v.length > 0 || small.length > 0) {
        report[s.name] = { violations: v, small };
        await shot(page, `a11y-${s.name}`);
      }
    }
    expect(report).toEqual({});
    await page.close();
  });

  it('the customer display passes', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(new URL('customer', session.pos.url).href);
    await page.getByTestId('customer').waitFor();
    expect(await audit(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    await page.close();
  });
});

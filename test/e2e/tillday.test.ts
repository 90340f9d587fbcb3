/**
 * The till's day (issue 14, tillday) in real Chromium against the DEMO browser host:
 *  - 交班: the float counted per note and coin (letters and negatives refused at the field, nothing
 *    opened), the outgoing cashier's blind count, a wrong PIN that hands nothing over, then the next
 *    cashier signed in with the counted cash as their float; the 交班单 on screen;
 *  - End of day lists the day's shifts and refuses the Z while one is open, naming it;
 *  - Settings, History and Devices scroll inside their own column at the three counter sizes in en
 *    and zh-CN with the DEMO banner, and the top bar's names stay readable (whole, or with a title).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ShiftSnapshot } from '../../shared/domain/shift';
import { COUNTER_SIZES, shot } from './helpers/browser';
import { DEMO_SIGN_IN, openDemoSession, type DemoSession } from './helpers/demoSession';

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
});
afterAll(async () => {
  await session?.close();
});

async function cashierPage(size: { width: number; height: number } = COUNTER_SIZES[0]): Promise<Page> {
  const page = await session.browser.newPage({ viewport: size });
  await page.goto(session.pos.url);
  await page.locator('[data-phase="entry"]').waitFor();
  return page;
}

describe('hand-over (交班) with counts per note and coin', () => {
  it('opens on a counted float, refuses letters and negatives, hands over to the next cashier with the counted cash as float', async () => {
    const { station } = session;
    const page = await cashierPage();
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-float-fields').waitFor();
    expect(await page.getByTestId('shift-float-fields').getAttribute('data-mode')).toBe('pieces');

    // Letters in a count: named at the field, and the station opens nothing.
    await page.getByTestId('shift-float-500').fill('3x');
    expect(await page.getByTestId('shift-float-sum').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('shift-float-sum').textContent()).toMatch(/whole number/);
    await page.getByTestId('shift-open').click();
    expect(await page.getByTestId('shift-error').getAttribute('data-code')).toBe('COUNT_INVALID');
    await shot(page, 'tillday-1-float-letters');
    await page.getByTestId('shift-float-500').fill('-2');
    await page.getByTestId('shift-open').click();
    expect(await page.getByTestId('shift-error').getAttribute('data-code')).toBe('COUNT_INVALID');
    expect(await station.call<ShiftSnapshot | null>('shift:current', {})).toBeNull();

    // 1 × 100 + 2 × 10 + 3 × 5 + 4 × 0.5 = 137.00, in integer fen.
    await page.getByTestId('shift-float-500').fill('3');
    await page.getByTestId('shift-float-10000').fill('1');
    await page.getByTestId('shift-float-1000').fill('2');
    await page.getByTestId('shift-float-50').fill('4');
    expect(await page.getByTestId('shift-float-sum').textContent()).toContain('137.00');
    await shot(page, 'tillday-2-float-counted');
    await page.getByTestId('shift-open').click();
    await page.getByTestId('shift-open-card').waitFor();
    const first = (await station.call<ShiftSnapshot | null>('shift:current', {}))!;
    expect(first.floatMinor).toBe(13_700);

    // 交班: the outgoing cashier counts blind (one 5-yuan note short), then the next cashier signs in.
    await page.getByTestId('shift-hand-over').click();
    await page.getByTestId('hand-over').waitFor();
    await page.getByTestId('hand-over-count-10000').fill('1');
    await page.getByTestId('hand-over-count-1000').fill('2');
    await page.getByTestId('hand-over-count-500').fill('2');
    await page.getByTestId('hand-over-count-50').fill('4');
    await shot(page, 'tillday-3-hand-over-count');
    await page.getByTestId('hand-over-to-next').click();
    expect(await page.getByTestId('hand-over-counted').textContent()).toContain('132.00');
    await page.getByTestId('hand-over-next-id').fill(DEMO_SIGN_IN.cashier.shortId);
    await page.getByTestId('hand-over-next-pin').fill('9999');
    await page.getByTestId('hand-over-submit').click();
    await page.getByTestId('hand-over-error').waitFor();
    expect(await page.getByTestId('hand-over-error').getAttribute('data-code')).toBe('PIN_REJECTED');
    // Nothing handed over: the same shift is open.
    expect((await station.call<ShiftSnapshot | null>('shift:current', {}))!.shiftId).toBe(first.shiftId);
    await shot(page, 'tillday-4-hand-over-wrong-pin');
    await page.getByTestId('hand-over-next-pin').fill(DEMO_SIGN_IN.cashier.pin);
    await page.getByTestId('hand-over-submit').click();
    await page.getByTestId('shift-report').waitFor();
    expect(await page.getByTestId('shift-note').textContent()).toMatch(/Demo Cashier.*132\.00/);
    expect(await page.getByTestId('report-counted').textContent()).toBe('132.00');
    expect(await page.getByTestId('report-variance').textContent()).toBe('-5.00');
    await page.getByTestId('signed-in-name').filter({ hasText: 'Demo Cashier' }).waitFor();
    await shot(page, 'tillday-5-handed-over');
    const next = (await station.call<ShiftSnapshot | null>('shift:current', {}))!;
    expect(next.shiftId).not.toBe(first.shiftId);
    expect(next.handedFrom).toBe(first.shiftId);
    expect(next.cashierName).toBe('Demo Cashier');
    expect(next.floatMinor).toBe(13_200);
    await page.close();
  });

  it('End of day lists the shifts and refuses the Z while one is open, saying which', async () => {
    const { station } = session;
    await station.call('account:signIn', DEMO_SIGN_IN.manager);
    const page = await cashierPage();
    await page.getByTestId('nav-eod').click();
    await page.getByTestId('eod-shifts').waitFor();
    await expect.poll(() => page.getByTestId('eod-shift').count()).toBe(2);
    expect(await page.locator('[data-testid="eod-shift"][data-open="true"]').count()).toBe(1);
    expect(await page.getByTestId('eod-shifts').textContent()).toContain('still open');
    await page.getByTestId('eod-close').click();
    await page.getByTestId('eod-confirm-close').click();
    await page.getByTestId('eod-shifts-open').waitFor();
    expect(await page.getByTestId('eod-error').getAttribute('data-code')).toBe('SHIFTS_OPEN');
    expect(await page.getByTestId('eod-shift-open').textContent()).toContain('Demo Cashier');
    await shot(page, 'tillday-6-eod-shift-open');
    await page.close();
  });
});

/** Settings, History and Devices: the page never scrolls; the screen's own column does. */
async function scrollProblems(page: Page, screen: string): Promise<string[]> {
  return page.evaluate((testId) => {
    const out: string[] = [];
    for (const el of [document.documentElement, document.body, document.getElementById('root'), document.querySelector('.app'), document.querySelector('.cashier-main')]) {
      if (el && el.scrollHeight > el.clientHeight + 1) out.push(`${el.tagName}.${el.className} scrolls (${el.scrollHeight} > ${el.clientHeight})`);
    }
    const bar = document.querySelector('[data-testid="status-bar"]')!.getBoundingClientRect();
    if (bar.bottom > window.innerHeight + 1) out.push(`status bar below the window (${bar.bottom})`);
    const root = document.querySelector(`[data-testid="${testId}"]`)!;
    const r = root.getBoundingClientRect();
    if (r.bottom > bar.top + 1) out.push(`${testId} reaches under the status bar (${Math.round(r.bottom)} > ${Math.round(bar.top)})`);
    // What is taller than the column scrolls in it, and its end can be scrolled into view above the bar.
    const scrollers = [root, ...root.querySelectorAll('*')].filter((e) => /(auto|scroll)/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1);
    for (const s of scrollers) {
      s.scrollTop = s.scrollHeight;
      const last = s.lastElementChild?.getBoundingClientRect();
      if (last && last.bottom > bar.top + 1) out.push(`${testId}: the end of its scrolling column stays under the bar`);
    }
    return out;
  }, screen);
}

/** A name in the top bar is either whole or cut with an ellipsis and its full text in a title. */
async function nameProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const id of ['store-name', 'signed-in-name']) {
      const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (!el) continue;
      const box = el.closest('h1') ?? el;
      const cut = el.scrollWidth > el.clientWidth + 1 || box.scrollWidth > box.clientWidth + 1;
      const width = el.getBoundingClientRect().width;
      if (width < 40) out.push(`${id} is squeezed to ${Math.round(width)} px`);
      if (cut && !(el.title || box.title).includes((el.textContent ?? '').trim().slice(0, 8))) out.push(`${id} is cut without a title`);
    }
    return out;
  });
}

describe('admin screens scroll inside their own column', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: Settings, History and Devices at 1024×768, 1280×800 and 1366×768 with the DEMO banner`, async () => {
      await session.station.call('account:signIn', DEMO_SIGN_IN.manager);
      await session.station.call('session:setLocale', { locale, screen: 'cashier' });
      const problems: string[] = [];
      for (const size of COUNTER_SIZES) {
        const page = await cashierPage(size);
        await page.getByTestId('demo-banner').waitFor();
        await page.waitForFunction((l) => document.documentElement.lang === l, locale);
        for (const [nav, testId] of [['settings', 'settings-screen'], ['history', 'history-screen'], ['devices', 'devices-screen']] as const) {
          await page.getByTestId(`nav-${nav}`).click();
          await page.getByTestId(testId).waitFor();
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await page.waitForTimeout(300);
          for (const p of await scrollProblems(page, testId)) problems.push(`${locale} ${size.width}×${size.height} ${nav}: ${p}`);
          for (const p of await nameProblems(page)) problems.push(`${locale} ${size.width}×${size.height} ${nav}: ${p}`);
          await shot(page, `tillday-scroll-${locale}-${size.width}x${size.height}-${nav}`);
        }
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  }
});

/**
 * Issue 14 item 4 in real Chromium against the DEMO browser host (the DEMO banner always shows):
 * every cashier screen fits 1024×768, 1280×800 and 1366×768 in zh-CN and en with no scrolling and
 * nothing under the status bar; the customer display keeps clear of the banner at 1024×600; amount
 * then a keyboard-wedge scan with no Enter takes the payment; the first key on a fresh page counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { COUNTER_SIZES, shot } from './helpers/browser';
import { openDemoSession, type DemoSession } from './helpers/demoSession';

let session: DemoSession;

beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
});

afterAll(async () => {
  await session?.close();
});

const SIZES = COUNTER_SIZES;
const SCREENS = ['sale', 'history', 'queue', 'devices', 'settings', 'eod'] as const;

interface FitProblem {
  readonly what: string;
  readonly detail: string;
}

/**
 * What does not fit: a page or main container that scrolls (scrollHeight > clientHeight, or wider
 * than its box), and any visible element of the screen that reaches under the status bar or out of
 * the window. Each problem names the element, so a failure says what to fix.
 */
async function fitProblems(page: Page): Promise<FitProblem[]> {
  return page.evaluate(() => {
    const out: Array<{ what: string; detail: string }> = [];
    const name = (el: Element): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${[...el.classList].join('.')}`;
    const containers = [document.documentElement, document.body, document.getElementById('root'), document.querySelector('.app'), document.querySelector('.cashier-main'), document.querySelector('.top-bar')];
    for (const el of containers) {
      if (!el) continue;
      if (el.scrollHeight > el.clientHeight + 1) out.push({ what: `${name(el)} scrolls`, detail: `scrollHeight ${el.scrollHeight} > clientHeight ${el.clientHeight}` });
      if (el.scrollWidth > el.clientWidth + 1) out.push({ what: `${name(el)} scrolls sideways`, detail: `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}` });
    }
    // Nothing in the top bar is cut off or lies on top of its neighbour (a squeezed button).
    for (const b of document.querySelectorAll('.top-bar button')) {
      if (b.scrollWidth > b.clientWidth + 1) out.push({ what: `${name(b)} is cut off`, detail: `scrollWidth ${b.scrollWidth} > clientWidth ${b.clientWidth}` });
    }
    const parts = [...document.querySelectorAll('.top-bar > *, .top-bar .nav > *, .top-bar .who > *, .top-bar .lang-switch > *')].map((e) => ({ e, r: e.getBoundingClientRect() }));
    for (const a of parts) {
      for (const b of parts) {
        if (a.e === b.e || a.e.contains(b.e) || b.e.contains(a.e)) continue;
        const overlap = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const vertical = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (overlap > 1 && vertical > 1 && a.e.compareDocumentPosition(b.e) & Node.DOCUMENT_POSITION_FOLLOWING) out.push({ what: `${name(a.e)} overlaps ${name(b.e)}`, detail: `${Math.round(overlap)} px` });
      }
    }
    const bar = document.querySelector('[data-testid="status-bar"]')!.getBoundingClientRect();
    if (bar.bottom > window.innerHeight + 1) out.push({ what: 'status bar', detail: `bottom ${bar.bottom} below the window ${window.innerHeight}` });
    const scopes = [...document.querySelectorAll('.cashier-main, .top-bar, .demo-banner')];
    for (const scope of scopes) {
      for (const el of [scope, ...scope.querySelectorAll('*')]) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        // Inside a scrolling list (a long history) an element may be out of view: the list scrolls, the screen does not.
        let clipped = false;
        for (let p = el.parentElement; p && p !== scope; p = p.parentElement) {
          const o = getComputedStyle(p);
          if (/(auto|scroll|hidden)/.test(o.overflowY)) {
            const pr = p.getBoundingClientRect();
            if (pr.bottom <= bar.top + 1) clipped = true;
            break;
          }
        }
        if (clipped) continue;
        if (r.bottom > bar.top + 1) out.push({ what: `${name(el)} under the status bar`, detail: `bottom ${Math.round(r.bottom)} > bar top ${Math.round(bar.top)}` });
        if (r.right > window.innerWidth + 1) out.push({ what: `${name(el)} out of the window`, detail: `right ${Math.round(r.right)} > ${window.innerWidth}` });
      }
    }
    return out;
  });
}

describe('the cashier screens fit the counter', () => {
  for (const locale of ['en', 'zh-CN'] as const) {
    it(`${locale}: every screen at 1024×768, 1280×800 and 1366×768, DEMO banner showing — no scroll, nothing under the status bar`, async () => {
      await session.station.call('session:setLocale', { locale, screen: 'cashier' });
      const problems: string[] = [];
      for (const size of SIZES) {
        const page = await session.browser.newPage({ viewport: size });
        await page.goto(session.pos.url);
        await page.getByTestId('demo-banner').waitFor();
        await page.locator('[data-phase="entry"]').waitFor();
        await page.waitForFunction((l) => document.documentElement.lang === l, locale);
        for (const screen of SCREENS) {
          await page.getByTestId(`nav-${screen}`).click();
          await page.waitForFunction((s) => document.querySelector(`[data-testid="nav-${s}"]`)?.getAttribute('aria-current') === 'page', screen);
          // Let the screen's first data arrive (lists, settings) before measuring it.
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await page.waitForTimeout(300);
          for (const p of await fitProblems(page)) problems.push(`${locale} ${size.width}×${size.height} ${screen}: ${p.what} (${p.detail})`);
          if (size.width === 1024) await shot(page, `fit-${locale}-${size.width}x${size.height}-${screen}`);
        }
        // The Charge key is on screen and whole on the sale screen (the nav bar must not push it off).
        await page.getByTestId('nav-sale').click();
        const charge = (await page.getByTestId('key-charge').boundingBox())!;
        const bar = (await page.getByTestId('status-bar').boundingBox())!;
        if (charge.y + charge.height > bar.y) problems.push(`${locale} ${size.width}×${size.height}: Charge reaches under the status bar`);
        // The nav bar is one row.
        const navRows = await page.locator('.nav button').evaluateAll((bs) => new Set(bs.map((b) => Math.round(b.getBoundingClientRect().top))).size);
        if (navRows !== 1) problems.push(`${locale} ${size.width}×${size.height}: the nav bar wraps into ${navRows} rows`);
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('the customer display', () => {
  it('at 1024×600 its content stays clear of the DEMO banner, idle and with an amount due', async () => {
    await session.station.call('session:setLocale', { locale: 'zh-CN', screen: 'customer' });
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 600 } });
    await page.goto(new URL('customer', session.pos.url).href);
    await page.getByTestId('demo-banner').waitFor();
    const check = async (label: string): Promise<void> => {
      const banner = (await page.getByTestId('demo-banner').boundingBox())!;
      const boxes = await page.locator('[data-testid="customer-main"] *, .customer-lang *').evaluateAll((els) =>
        els.map((e) => ({ r: e.getBoundingClientRect(), name: `${e.tagName}.${e.className}` })).filter((x) => x.r.width > 0 && x.r.height > 0).map((x) => ({ top: x.r.top, bottom: x.r.bottom, name: x.name })),
      );
      expect(boxes.length, label).toBeGreaterThan(0);
      const under = boxes.filter((b) => b.top < banner.y + banner.height - 0.5);
      expect(under, `${label}: under the banner`).toEqual([]);
      const below = boxes.filter((b) => b.bottom > 600 + 0.5);
      expect(below, `${label}: below the window`).toEqual([]);
      await shot(page, `customer-1024x600-${label}`);
    };
    await page.getByTestId('customer-idle').waitFor();
    await check('idle');
    const sale = await session.station.call<SaleSnapshot>('sale:create', { amountMinor: 8800 });
    await page.locator('[data-view="amountDue"]').waitFor();
    await check('amount-due');
    // The order QR is the tallest view: amount, a 320 px code, the instruction and the countdown.
    const qr = await session.station.call<{ paymentRequestId: string }>('payment:showOrderCode', { saleId: sale.saleId });
    await page.locator('[data-view="scanQr"]').waitFor({ timeout: 20_000 });
    await check('order-qr');
    await session.station.call('payment:cancel', { paymentRequestId: qr.paymentRequestId });
    await expect.poll(async () => (await session.station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).active, { timeout: 20_000 }).toBeNull();
    await session.station.call('sale:void', { saleId: sale.saleId });
    await page.close();
  });
});

/** A keyboard-wedge scanner's burst: digits a millisecond apart, then Enter (in the page, so load cannot stretch it). */
async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate((c) => {
    const fire = (key: string, codeName: string): void => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, code: codeName, bubbles: true, cancelable: true }));
    };
    for (const ch of c) fire(ch, `Digit${ch}`);
    fire('Enter', 'Enter');
  }, code);
}

describe('amount, then the customer\'s code — no Enter', () => {
  it('digits typed, then a wedge scan at once: the sale opens with the typed amount and the payment is taken', async () => {
    await session.station.call('session:setLocale', { locale: 'en', screen: 'cashier' });
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.locator('[data-phase="entry"]').waitFor();
    for (const k of ['Digit3', 'Digit6', 'Period', 'Digit8']) {
      await page.keyboard.press(k);
      await page.waitForTimeout(80); // a person's pace
    }
    await expect.poll(() => page.getByTestId('amount-display').locator('.value').textContent()).toBe('36.8');
    await wedgeScan(page, '280000000000000000'); // straight after the digits: no Enter
    await page.getByTestId('result-panel').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('result-panel').getAttribute('data-status')).toBe('succeeded');
    const sale = (await session.station.call<SaleSnapshot | null>('sale:current'))!;
    expect(sale).toMatchObject({ status: 'paid', amount: { minor: 3680 } });
    expect(sale.attempts[0]).toMatchObject({ status: 'succeeded', amount: { minor: 3680 } });
    await shot(page, 'amount-then-scan-paid');
    await page.keyboard.press('Enter');
    await page.locator('[data-phase="entry"]').waitFor();
    // The scanner's digits never reached the amount: the keypad is empty for the next sale.
    expect(await page.getByTestId('amount-display').locator('.value').textContent()).toBe('0.00');
    await page.close();
  });

  it('a refused code (not Alipay) opens nothing and leaves the typed amount on the keypad', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.locator('[data-phase="entry"]').waitFor();
    for (const k of ['Digit5', 'Digit0']) {
      await page.keyboard.press(k);
      await page.waitForTimeout(80);
    }
    await expect.poll(() => page.getByTestId('amount-display').locator('.value').textContent()).toBe('50');
    await wedgeScan(page, '6901234567892'); // an EAN-13 barcode, not a payment code
    await page.getByTestId('flow-error').waitFor();
    expect(await page.getByTestId('flow-error').getAttribute('data-code')).toBe('SCAN_REJECTED');
    expect(await page.getByTestId('amount-display').locator('.value').textContent()).toBe('50');
    expect(await session.station.call<SaleSnapshot | null>('sale:current')).toBeNull();
    await page.close();
  });
});

describe('the first key on a fresh page', () => {
  it('a key pressed the moment the page has loaded, before the sale screen exists, is typed into the amount', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    // Pressed as soon as the document has loaded: long before the station's first snapshot arrives
    // and the sale screen paints.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: '7', code: 'Digit7', bubbles: true, cancelable: true }));
      });
    });
    await page.goto(session.pos.url);
    await page.locator('[data-phase="entry"]').waitFor();
    await expect.poll(() => page.getByTestId('amount-display').locator('.value').textContent()).toBe('7');
    await page.close();
  });

  it('a real key pressed the instant the keypad appears counts', async () => {
    const page = await session.browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(session.pos.url);
    await page.getByTestId('keypad').waitFor({ state: 'attached' });
    await page.keyboard.press('Digit4');
    await expect.poll(() => page.getByTestId('amount-display').locator('.value').textContent()).toBe('4');
    await page.close();
  });
});

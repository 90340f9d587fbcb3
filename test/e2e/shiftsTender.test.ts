import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { COUNTER_SIZES, shot } from './helpers/browser';
import { DEMO_SIGN_IN, openDemoSession, type DemoSession } from './helpers/demoSession';

/**
 * Shifts, cash and split tender (issue 14) in real Chromium against the browser host in DEMO mode,
 * at the three counter sizes: a cash sale with its change on both screens, a split cash + Alipay
 * sale, a refund of its cash part, and a shift closed on a count with a variance whose printed
 * 交班单 is read back from the virtual printer.
 */
let session: DemoSession;
let seq = 0;
const okCode = (): string => `2812345678${String(10_000_000 + (Date.now() % 1_000_000) * 10 + (++seq % 10)).slice(-8)}`;

beforeAll(async () => {
  session = await openDemoSession({ POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' });
});
afterAll(async () => {
  await session?.close();
});

const SIZES = COUNTER_SIZES;

async function openSale(page: Page, amount: string): Promise<void> {
  await page.locator('[data-phase="entry"]').waitFor();
  for (let tries = 0; ; tries += 1) {
    for (const ch of amount) {
      await page.keyboard.press(ch === '.' ? 'Period' : `Digit${ch}`);
      await page.waitForTimeout(60);
    }
    const ready = await page.waitForFunction(() => !(document.querySelector('[data-testid="key-charge"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 2_000 }).then(() => true, () => false);
    if (ready || tries >= 2) break;
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('waiting-scan').waitFor();
}

async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.evaluate((c) => {
    const fire = (key: string, codeName: string): void => void window.dispatchEvent(new KeyboardEvent('keydown', { key, code: codeName, bubbles: true, cancelable: true }));
    for (const ch of c) fire(ch, `Digit${ch}`);
    fire('Enter', 'Enter');
  }, code);
}

/** Nothing scrolls: the page is no taller or wider than the window. */
async function fits(page: Page): Promise<void> {
  const { sw, sh, w, h } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight, w: window.innerWidth, h: window.innerHeight }));
  expect(sw).toBeLessThanOrEqual(w);
  expect(sh).toBeLessThanOrEqual(h);
}

const printerText = async (): Promise<string> => (await session.station.call<{ lines: string[] }>('demo:printerOutput', { limit: 400 })).lines.join('\n');

describe.each(SIZES)('shifts and tenders at $width×$height', ({ width, height }) => {
  const tag = `${width}x${height}`;

  it('a cash sale: change big on the cashier screen and the customer display; receipt with the change', async () => {
    const { browser, pos } = session;
    const customer = await browser.newPage({ viewport: { width, height } });
    await customer.goto(new URL('customer', pos.url).href);
    await customer.getByTestId('customer-idle').waitFor();
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pos.url);
    await openSale(page, '37.50');
    await page.getByTestId('tender-cash').click();
    await page.getByTestId('cash-tendered').fill('30');
    await page.getByTestId('cash-take').click();
    await page.getByTestId('cash-error').waitFor();
    expect(await page.getByTestId('cash-error').getAttribute('data-code')).toBe('TENDER_SHORT');
    await page.getByTestId('cash-tendered').fill('50');
    expect(await page.getByTestId('cash-change-preview').textContent()).toContain('12.50');
    await shot(page, `shift-${tag}-1-cash-form`);
    await fits(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('change-panel').waitFor();
    expect(await page.getByTestId('change-amount').textContent()).toContain('12.50');
    await customer.getByTestId('customer-change').waitFor();
    expect(await customer.getByTestId('customer-change').textContent()).toContain('12.50');
    await shot(page, `shift-${tag}-2-change`);
    await shot(customer, `shift-${tag}-2-customer-change`);
    await fits(page);
    await expect.poll(printerText, { timeout: 10_000 }).toContain('CHANGE');
    await page.getByTestId('change-next').click();
    await page.locator('[data-phase="entry"]').waitFor();
    await page.close();
    await customer.close();
  });

  it('a split: 40 in cash, the rest by Alipay; then the cash part is refunded', async () => {
    const { browser, pos, station } = session;
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pos.url);
    await openSale(page, '100');
    await page.keyboard.press('F7');
    await page.getByTestId('cash-tendered').fill('40');
    await page.getByTestId('cash-part').click();
    await page.getByTestId('split-due').waitFor();
    expect(await page.getByTestId('tender-panel').textContent()).toContain('60.00');
    await shot(page, `shift-${tag}-3-split-due`);
    await fits(page);
    await wedgeScan(page, okCode());
    await page.getByTestId('result-panel').waitFor();
    expect(await page.getByTestId('result-panel').getAttribute('data-status')).toBe('succeeded');
    await shot(page, `shift-${tag}-4-split-paid`);
    const sale = (await station.call<SaleSnapshot[]>('sale:list', { limit: 1 }))[0]!;
    expect(sale.status).toBe('paid');
    expect(sale.tenders.map((t) => [t.kind, t.amount.minor])).toEqual([['cash', 4_000], ['alipay', 6_000]]);
    await page.keyboard.press('Enter');
    await page.locator('[data-phase="entry"]').waitFor();
    // The cash part goes back out of the drawer from history (supervisor approval); the Alipay part stays.
    await page.getByTestId('nav-history').click();
    await page.getByTestId(`history-row-${sale.saleId}`).click();
    await page.getByTestId('tender-list').waitFor();
    expect(await page.getByTestId('tender-row').count()).toBe(2);
    expect(await page.getByTestId('cash-refund-amount').inputValue()).toBe('40.00');
    await page.getByTestId('cash-refund-approval-id').fill(DEMO_SIGN_IN.supervisor.shortId);
    await page.getByTestId('cash-refund-approval').fill(DEMO_SIGN_IN.supervisor.pin);
    await page.getByTestId('cash-refund').click();
    await page.getByTestId('cash-refunded').waitFor();
    await shot(page, `shift-${tag}-4b-cash-refunded`);
    await fits(page);
    const after = await station.call<SaleSnapshot>('sale:get', { saleId: sale.saleId });
    expect(after.status).toBe('partially_refunded');
    expect(after.cashRefunds.map((c) => c.amount.minor)).toEqual([4_000]);
    await page.close();
  });

  it('the shift closes on a blind count with a variance (supervisor approval); the printed 交班单 says so', async () => {
    const { browser, pos } = session;
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pos.url);
    await page.getByTestId('nav-shift').click();
    await page.getByTestId('shift-open-card').waitFor();
    // Expected: float 0 + 37.50 cash − 0 (the split's 40 came in and went back out) = 37.50; counted 20.00.
    await page.getByTestId('shift-count-by-total').click();
    await page.getByTestId('shift-count').fill('20');
    await page.getByTestId('shift-close').click();
    await page.getByTestId('shift-needs-approval').waitFor();
    await page.getByTestId('shift-approval-id').fill(DEMO_SIGN_IN.supervisor.shortId);
    await page.getByTestId('shift-approval').fill(DEMO_SIGN_IN.supervisor.pin);
    await shot(page, `shift-${tag}-5-needs-approval`);
    await fits(page);
    await page.getByTestId('shift-close').click();
    await page.getByTestId('shift-report').waitFor();
    expect(await page.getByTestId('report-variance').textContent()).toBe('-17.50');
    expect(await page.getByTestId('report-expected').textContent()).toBe('37.50');
    await page.getByTestId('shift-print').click();
    await page.getByTestId('shift-note').waitFor();
    await shot(page, `shift-${tag}-6-report`);
    await expect.poll(printerText, { timeout: 10_000 }).toContain('SHIFT REPORT');
    const text = await printerText();
    const report = text.slice(text.lastIndexOf('SHIFT REPORT'));
    expect(report).toMatch(/Variance\s+-17\.50/);
    expect(report).toMatch(/Expected cash\s+37\.50/);
    expect(report).toMatch(/Cash sales\s+2\s+77\.50/);
    await page.close();
  });
});

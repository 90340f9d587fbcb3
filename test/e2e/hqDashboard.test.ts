/**
 * The head-office dashboard in real Chromium (issue 16 item 6), served by a real HQ on a throwaway
 * PostgreSQL cluster, fed by enrolled terminals' signed uploads: sign-in (a wrong password first),
 * the owner's chain view in zh-CN and en at 1024×768, a store's detail, CSV export, a store manager
 * who sees only their store, and the database going down. Needs `npm run build` (dist/renderer/hq).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hqAdmin, type ChainTerminal } from '../helpers/hqChain';
import { HQ_ADMIN, startHqRig, type HqRig } from '../helpers/hqFixture';
import { launchChromium, shot } from './helpers/browser';

const ADMIN = HQ_ADMIN;
let clock = Date.UTC(2026, 11, 2, 6, 0); // 14:00 in Shanghai
const now = (): number => clock;
const local = (h: number, m = 0): number => Date.UTC(2026, 11, 2, h - 8, m);

let rig: HqRig;
let browser: Browser;
const terminals: ChainTerminal[] = [];

beforeAll(async () => {
  rig = await startHqRig({ now, staticDir: path.resolve('dist/renderer') });
  const admin = hqAdmin(rig.hq.url, ADMIN);
  await admin.store('M1', 'S1', '南京路店');
  await admin.store('M1', 'S2', '淮海路店');
  await admin.store('M1', 'S3', '徐家汇店');
  await admin.account('M1', 'boss', 'owner-password-1', 'owner');
  await admin.account('M1', 'li', 'manager-password-1', 'storeManager', ['S1']);
  const [a, b, c, d] = [await admin.terminal('M1', 'S1'), await admin.terminal('M1', 'S1'), await admin.terminal('M1', 'S2'), await admin.terminal('M1', 'S3')];
  terminals.push(a, b, c, d);
  // A morning's trade: a payment every few minutes per terminal, some by order QR or entry code.
  const tenders = ['PaymentCode', 'PaymentCode', 'OrderCode', 'PaymentCode', 'EntryCode'];
  let n = 0;
  for (const [t, k, until] of [[a, 1, 13 * 60 + 50], [b, 2, 13 * 60 + 50], [c, 3, 13 * 60 + 50], [d, 1, 9 * 60 + 30]] as const) {
    for (let m = 8 * 60; m < until; m += 11 * k) {
      n++;
      t.pay(`P${n}`, local(0, m), 500 + ((n * 137) % 4_000), [n % 9 === 0 ? 'failed' : 'succeeded'], { scenario: tenders[n % 5] });
    }
  }
  a.pay('OPEN1', local(13, 20), 3_300, ['awaitingCustomer', 'unknown']);
  c.pay('OPEN2', local(11, 5), 12_800, ['unknown']);
  // Store 3's terminal uploaded at 09:30 and then went quiet; the others are up to date at 14:00.
  clock = local(9, 30);
  await d.upload(now);
  clock = local(14, 0);
  for (const t of [a, b, c]) await t.upload(now);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const t of terminals) t.journal.close();
  await rig?.stop();
});

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('hq-merchant').fill('M1');
  await page.getByTestId('hq-login').fill(login);
  await page.getByTestId('hq-password').fill(password);
  await page.keyboard.press('Enter');
}

const noScroll = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);

describe('the head-office dashboard in Chromium', () => {
  it('signs the owner in (after a wrong password) and shows the chain in zh-CN and en', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('401') && errors.push(m.text()));
    await page.goto(rig.hq.url);
    await page.getByTestId('hq-signin').waitFor();
    expect(new URL(page.url()).pathname).toBe('/hq/');
    await signIn(page, 'boss', 'not-the-password');
    await page.getByTestId('hq-notice-failed').waitFor();
    expect(await page.getByTestId('hq-notice-failed').textContent()).toBe('商户号、账号或密码错误。');
    await shot(page, 'hq-signin-failed-zh');

    await signIn(page, 'boss', 'owner-password-1');
    await page.getByTestId('hq-tenders').waitFor();
    expect(await page.getByTestId('hq-who').textContent()).toBe('boss · 老板 · M1');
    expect(await page.getByTestId('hq-store-S1').textContent()).toContain('南京路店');
    // The figures on the page are HQ's: compare with the API the page itself calls.
    const today = await page.evaluate(async () => ((await (await fetch('/api/v1/hq/today')).json()) as { value: { stores: Array<{ storeId: string; tenders: Array<{ amount: { minor: number } }> }> } }).value);
    const s1 = today.stores.find((s) => s.storeId === 'S1')!.tenders.reduce((x, t) => x + t.amount.minor, 0);
    expect(await page.getByTestId('hq-store-total-S1').textContent()).toBe(`CNY ${(s1 / 100).toFixed(2)}`);
    expect(await page.getByTestId('hq-unresolved').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('hq-unresolved').textContent()).toContain('结果未知');
    expect(await page.getByTestId(`hq-terminal-${terminals[3]!.terminalId}`).textContent()).toContain('已停止上传');
    expect(await page.getByTestId(`hq-terminal-${terminals[0]!.terminalId}`).textContent()).toContain('上传正常');
    expect(await page.locator('[data-testid^="hq-hour-"]').count()).toBeGreaterThan(4);
    expect(await noScroll(page)).toBe(true);
    await shot(page, 'hq-dashboard-owner-zh');

    await page.getByTestId('lang-en').click();
    await page.getByText('Takings today by tender').waitFor();
    expect(await page.getByTestId('hq-who').textContent()).toBe('boss · Owner · M1');
    expect(await page.getByTestId(`hq-terminal-${terminals[3]!.terminalId}`).textContent()).toContain('stopped');
    expect(await noScroll(page)).toBe(true);
    await shot(page, 'hq-dashboard-owner-en');

    // One store's detail, by keyboard.
    await page.getByTestId('hq-store-S2').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('hq-store-S2').and(page.locator('[aria-selected="true"]')).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="hq-unresolved"] tbody tr').length === 1);
    expect(await page.getByTestId('hq-terminals').locator('tbody tr').count()).toBe(1);
    await shot(page, 'hq-dashboard-store-en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('hq-csv-takings').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe('takings-2026-12-02.csv');
    expect(csv.split('\r\n')[0]).toBe('day,store_id,store,tender,currency,payments,amount');
    expect(csv.split('\r\n').filter((l) => l.startsWith('2026-12-02,')).every((l) => l.includes(',S2,'))).toBe(true);
    expect(errors).toEqual([]);
    await page.getByTestId('hq-signout').click();
    await page.getByTestId('hq-signin').waitFor();
    await page.close();
  });

  it("shows a store manager only their store, and HQ refuses another store's figures", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(new URL('/hq/', rig.hq.url).href);
    await page.getByTestId('hq-signin').waitFor();
    await signIn(page, 'li', 'manager-password-1');
    await page.getByTestId('hq-tenders').waitFor();
    expect(await page.locator('[data-testid^="hq-store-S"]').count()).toBe(1);
    expect(await page.getByTestId('hq-store-S2').count()).toBe(0);
    const other = await page.evaluate(async () => (await fetch('/api/v1/hq/today?store=S2')).status);
    expect(other).toBe(403);
    await shot(page, 'hq-dashboard-manager-zh');
    await page.close();
  });

  it('says the database is down (503) and keeps the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(new URL('/hq/', rig.hq.url).href);
    await signIn(page, 'boss', 'owner-password-1');
    await page.getByTestId('hq-tenders').waitFor();
    rig.pg.stop();
    await page.getByTestId('hq-refresh').click();
    await page.getByTestId('hq-db-down').waitFor();
    expect(await page.getByTestId('hq-db-down').textContent()).toContain('总部数据库暂不可用');
    const status = await page.evaluate(async () => (await fetch('/api/v1/hq/today')).status);
    expect(status).toBe(503);
    await shot(page, 'hq-dashboard-db-down-zh');
    await page.close();
  });
});

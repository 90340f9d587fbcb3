/**
 * The head-office dashboard's end of day and terminal health in real Chromium (issue 16 item 6), from
 * real uploads: two DEMO terminals enrolled with an HQ on a throwaway PostgreSQL cluster sell (by
 * Alipay, and one in cash), close their shifts and their day (Z); the 当面付 one imports Alipay's bill
 * a day later and reconciles. The dashboard shows, in zh-CN and en, each store's last Z (day and net),
 * its reconciliation (matched / not imported), the cash tender in the takings, and each terminal's
 * printer, scanner and queue as the terminal itself reports them. Needs `npm run build`.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { todayFor } from '../../electron/hq/dashboardQueries';
import type { AttemptSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import type { DayReport } from '../../shared/domain/report';
import type { HqToday } from '../../shared/hq/hqDashboard';
import { demoSignIn, until, type DemoStation } from '../helpers/demoStation';
import { hqAdmin } from '../helpers/hqChain';
import { bootLinkedStation, HQ_ADMIN, startHqRig, type HqRig } from '../helpers/hqFixture';
import { launchChromium, shot } from './helpers/browser';

let rig: HqRig | null = null;
let browser: Browser | null = null;

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

async function sellAlipay(demo: DemoStation, amountMinor: number, code: string): Promise<void> {
  const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor });
  await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code });
  await until(async () => (await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid', 15_000);
}

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('hq-merchant').fill('M1');
  await page.getByTestId('hq-login').fill('boss');
  await page.getByTestId('hq-password').fill('owner-password-1');
  await page.keyboard.press('Enter');
}

const noScroll = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);

describe('HQ dashboard: end of day, reconciliation and terminal health from real uploads', () => {
  it('shows each store’s last Z, its reconciliation, the cash tender and each terminal’s devices and queue, in zh-CN and en', async () => {
    rig = await startHqRig({ staticDir: path.resolve('dist/renderer') });
    await rig.store('M1', 'S1');
    await rig.store('M1', 'S2');
    await hqAdmin(rig.hq.url, HQ_ADMIN).account('M1', 'boss', 'owner-password-1', 'owner');

    // Terminal A (store 1) takes 当面付, on a clock that can move to the next day for the bill.
    let offset = 0;
    const clock = { now: () => Date.now() + offset, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
    const a = await bootLinkedStation(rig, 'M1', 'S1', { config: { alipay: { acquirer: 'alipay-cn' } }, clock });
    const b = await bootLinkedStation(rig, 'M1', 'S2');

    await sellAlipay(a.demo, 3_300, '281234567890120001');
    const cash = await a.demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_200 });
    await a.demo.call('sale:tenderCash', { saleId: cash.saleId, tenderedMinor: 2_000 });
    await sellAlipay(b.demo, 880, '281234567890120002');

    const dayA = (await a.demo.call<{ date: string }>('report:day', {})).date;
    const dayB = (await b.demo.call<{ date: string }>('report:day', {})).date;
    await a.demo.call('shift:close', { count: { totalMinor: 1_200 } }); // DEMO's float is 0: the drawer holds the cash sale
    const zA = await a.demo.call<DayReport>('report:closeDay', { date: dayA, confirm: true });
    const zB = await b.demo.call<DayReport>('report:closeDay', { date: dayB, confirm: true });
    const netOf = (z: DayReport): number => z.totals.find((t) => t.currency === 'CNY')!.net;
    expect([netOf(zA), netOf(zB)]).toEqual([3_300, 880]);

    // A day later terminal A fetches Alipay's bill for the closed day and reconciles it; B never imports.
    offset += 86_400_000;
    await a.demo.station.ctx.accounts!.signIn(demoSignIn('manager'));
    await a.demo.call('report:importSettlement', { date: dayA, jobId: 'hq-e2e' });
    expect((await a.demo.call<{ counts: { matched: number } }>('report:reconcile', { date: dayA, includeMatched: false })).counts.matched).toBe(1);

    // Everything reaches HQ through the terminals' own upload jobs.
    const db = rig.db;
    let seen: HqToday | null = null;
    await until(async () => {
      seen = await todayFor(db, 'M1', ['S1', 'S2'], Date.now(), 3_600_000);
      const [s1, s2] = seen.stores;
      return s1?.close.reconciliation?.status === 'matched' && s2?.close.reconciliation?.status === 'notImported'
        && seen.stores.every((s) => s.terminals.every((t) => t.health !== null));
    }, 30_000).catch(async (e: unknown) => {
      const recs = await db.query('SELECT terminal_id, kind, key, data FROM terminal_rows WHERE kind = $1', ['reconciliation']);
      throw new Error(`${String(e)}: HQ shows ${JSON.stringify(seen?.stores.map((s) => ({ close: s.close, health: s.terminals.map((t) => t.health) })))}; reconciliation rows ${JSON.stringify(recs)}`);
    });
    const today = seen! as HqToday;
    const s1 = today.stores[0]!;
    expect(s1.close).toMatchObject({ businessDate: dayA, zReports: [expect.objectContaining({ terminalId: a.link.terminalId, number: zA.kind === 'Z' ? zA.number : -1 })], reconciliation: { status: 'matched', matched: 1, mismatches: 0, terminals: 1 } });
    expect(s1.close.totals).toEqual([{ currency: 'CNY', sales: { minor: 3_300, currency: 'CNY' }, refunds: { minor: 0, currency: 'CNY' }, net: { minor: 3_300, currency: 'CNY' } }]);
    expect(s1.tenders).toEqual(expect.arrayContaining([{ tender: 'cash', payments: 1, amount: { minor: 1_200, currency: 'CNY' } }]));
    const healthA = s1.terminals[0]!.health!;
    const own = a.demo.station.ctx.status.devices;
    expect(healthA.devices.map((d) => [d.role, d.health])).toEqual(own.map((d) => [d.role, d.health]));
    expect(healthA.queue).toMatchObject({ dead: 0 });

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(rig.hq.url);
    await page.getByTestId('hq-signin').waitFor();
    await signIn(page);
    await page.getByTestId('hq-close').waitFor();
    expect(await page.getByTestId('hq-close-day-S1').textContent()).toBe(`${dayA} · 1 份 Z`);
    expect(await page.getByTestId('hq-close-net-S1').textContent()).toBe('CNY 33.00');
    expect(await page.getByTestId('hq-close-net-S2').textContent()).toBe('CNY 8.80');
    expect(await page.getByTestId('hq-recon-S1').textContent()).toBe('已对平');
    expect(await page.getByTestId('hq-recon-S2').textContent()).toBe('未导入');
    expect(await page.getByTestId('hq-tenders').textContent()).toContain('现金');
    const printerA = own.find((d) => d.role === 'printer')!;
    await page.locator(`[data-testid="hq-printer-${a.link.terminalId}"] [data-state="${printerA.health}"]`).waitFor();
    expect(await page.getByTestId(`hq-queue-${a.link.terminalId}`).textContent()).toMatch(/失败 0$/);
    expect(await noScroll(page)).toBe(true);
    await shot(page, 'hq-end-of-day-zh');

    await page.getByTestId('lang-en').click();
    await page.getByText('End of day and reconciliation').waitFor();
    expect(await page.getByTestId('hq-close-day-S1').textContent()).toBe(`${dayA} · 1 Z`);
    expect(await page.getByTestId('hq-recon-S1').textContent()).toBe('matched');
    expect(await page.getByTestId('hq-recon-S2').textContent()).toBe('not imported');
    expect(await page.getByTestId('hq-tenders').textContent()).toContain('Cash');
    expect(await page.getByTestId(`hq-queue-${b.link.terminalId}`).textContent()).toMatch(/0 dead$/);
    expect(await page.getByTestId(`hq-scanner-${b.link.terminalId}`).locator('[data-state]').count()).toBe(b.demo.station.ctx.status.devices.filter((d) => d.role === 'scanner').length);
    expect(await noScroll(page)).toBe(true);
    await shot(page, 'hq-end-of-day-en');
    await page.close();
  }, 180_000);
});

/**
 * Accounts (issue 12): what one PIN check costs (and so what searching the PIN space costs an
 * attacker holding journal and pepper), and sign-in to ready-to-sell in Chromium: Enter on the PIN
 * field → the sale keypad on screen, PIN verification on the station included.
 */
import fs from 'node:fs';
import { scryptSync } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { BenchRow, BenchSuite } from './benchTypes';
import { median, percentile } from './benchTypes';
import { hashPin, PIN_HASH_PARAMS, verifyPin } from '../../electron/accounts/pinHash';
import { startPos } from '../e2e/helpers/startPos';
import { launchChromium } from '../e2e/helpers/browser';
import { connectStation } from '../e2e/helpers/stationClient';
import { DEMO_SIGN_IN } from '../e2e/helpers/demoSession';

async function pinCost(): Promise<{ ms: number; baselineMs: number }> {
  const pepper = Buffer.alloc(32, 7);
  const stored = await hashPin('246810', pepper);
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    await verifyPin('135790', stored, pepper);
    times.push(performance.now() - t);
  }
  // Baseline: the parameters the single supervisor PIN used before (scrypt N=2^14, no pepper).
  const base: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    scryptSync('246810', Buffer.alloc(16), 32, { N: 16_384, r: 8, p: 1 });
    base.push(performance.now() - t);
  }
  return { ms: median(times), baselineMs: median(base) };
}

/**
 * Clicks `testId` inside the page and resolves with the ms until the first frame showing the sale
 * keypad. A string, not a function: tsx's helpers must not leak into the page.
 */
function untilEntry(page: Page, testId: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (document.querySelector('[data-phase="entry"]')) {
        obs.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    obs.observe(document.body, { childList: true, subtree: true });
    document.querySelector('[data-testid="${testId}"]').click();
  })`) as Promise<number>;
}

async function signInToReady(): Promise<{ times: number[]; screen: number[] }> {
  const pos = await startPos({ POS_LOCALE: 'en' });
  const browser = await launchChromium();
  try {
    const station = await connectStation(pos.url);
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(pos.url);
    const times: number[] = [];
    const screen: number[] = [];
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('sign-in').waitFor();
      await page.getByTestId('sign-in-id').fill(DEMO_SIGN_IN.cashier.shortId);
      await page.getByTestId('sign-in-pin').fill(DEMO_SIGN_IN.cashier.pin);
      const ms = await untilEntry(page, 'sign-in-submit');
      if (i > 0) times.push(ms); // the first one warms up JIT and fonts
      // Baseline in the same page: switching screens (F2 → F1), a render with no PIN check.
      await page.keyboard.press('F2');
      await page.getByTestId('history-screen').waitFor();
      const sw = await untilEntry(page, 'nav-sale');
      if (i > 0) screen.push(sw);
      await station.call('account:signOut', {});
    }
    station.close();
    return { times: times.sort((a, b) => a - b), screen: screen.sort((a, b) => a - b) };
  } finally {
    await browser.close();
    await pos.stop();
    fs.rmSync(pos.dataDir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'accounts',
  async run(): Promise<BenchRow[]> {
    const cost = await pinCost();
    const hours = (space: number): string => `${((space * cost.ms) / 3_600_000).toFixed(space >= 1e6 ? 0 : 2)} h`;
    const rows: BenchRow[] = [
      {
        name: `PIN verification, scrypt N=2^${Math.log2(PIN_HASH_PARAMS.N)} r=${PIN_HASH_PARAMS.r} over HMAC pepper (median of 8)`,
        value: cost.ms,
        unit: 'ms',
        baseline: { name: 'old supervisor PIN scrypt N=2^14', value: cost.baselineMs },
        note: `whole space on one core, with journal AND pepper: 6 digits ${hours(1e6)}, 8 digits ${hours(1e8)}, 4 digits (cashier) ${hours(1e4)}; journal alone: not searchable`,
      },
    ];
    if (!fs.existsSync('dist/renderer/index.html')) throw new Error('run `npm run build` first');
    const s = await signInToReady();
    rows.push({
      name: `sign-in → ready to sell p95 (${s.times.length} sign-ins, Chromium, PIN check included)`,
      value: percentile(s.times, 95),
      unit: 'ms',
      baseline: { name: 'screen switch History → Sale p95', value: percentile(s.screen, 95) },
      target: '≤ 300 ms',
      note: `p50 ${percentile(s.times, 50).toFixed(0)} ms`,
    });
    return rows;
  },
};
export default suite;

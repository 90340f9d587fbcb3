import fs from 'node:fs';
import { connectStation } from '../e2e/helpers/stationClient';
import { DEMO_SIGN_IN } from '../e2e/helpers/demoSession';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/helpers/browser';
import { startPos } from '../e2e/helpers/startPos';
import type { BenchSuite } from './benchTypes';
import { percentile } from './benchTypes';
import { initialBundleGzip } from './startupBundle';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly data?: { readonly type?: string } };
}

const PRESSES = 60;

/**
 * Presses keys at a person's pace while Chromium records a performance trace, then measures from
 * each keydown's dispatch to the end of the first compositor commit after the page has rendered
 * the change (found by `marker`, or any commit when none is given).
 */
async function keyToPaint(page: Page, keys: readonly string[], marker: string | null): Promise<number[]> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  for (let i = 0; i < PRESSES; i++) {
    await page.keyboard.press(keys[i % keys.length]!);
    await page.waitForTimeout(150); // a person's pace: slower than the wedge detector's 35 ms burst window
  }
  const raw = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(raw) ? raw : raw.traceEvents).slice().sort((a, b) => a.ts - b.ts);
  const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
  const marks = events.filter((e) => marker !== null && e.name === marker).map((e) => e.ts);
  const commits = events.filter((e) => e.name === 'Commit' && e.ph === 'X').map((e) => e.ts + (e.dur ?? 0));
  const out: number[] = [];
  for (let i = 0; i < keydowns.length; i++) {
    const start = keydowns[i]!;
    const limit = keydowns[i + 1] ?? Number.POSITIVE_INFINITY;
    const rendered = marker === null ? start : marks.find((m) => m > start && m < limit);
    if (rendered === undefined) continue;
    const painted = commits.find((c) => c >= rendered);
    if (painted !== undefined && painted < limit) out.push((painted - start) / 1000);
  }
  return out.sort((a, b) => a - b);
}

const suite: BenchSuite = {
  name: 'ui',
  async run() {
    if (!fs.existsSync('dist/renderer/index.html')) throw new Error('run `npm run build` first');
    const pos = await startPos({ POS_LOCALE: 'en' });
    const browser = await launchChromium();
    try {
      // The till opens locked: the DEMO cashier signs in first (the station's session is shared).
      const station = await connectStation(pos.url);
      await station.call('account:signIn', DEMO_SIGN_IN.cashier);
      station.close();
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(pos.url);
      await page.locator('[data-phase="entry"]').waitFor();
      await keyToPaint(page, ['Digit1', 'Backspace'], 'pos:amount-rendered'); // warm-up: JIT, fonts
      const keypad = await keyToPaint(page, ['Digit7', 'Digit3', 'Backspace', 'Backspace'], 'pos:amount-rendered');

      // Baseline in the same run and browser: a bare text field, the floor of keypress → paint.
      const bare = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await bare.setContent('<input id="x" autofocus style="font-size:40px">');
      await bare.focus('#x');
      await keyToPaint(bare, ['Digit1', 'Backspace'], null);
      const baseline = await keyToPaint(bare, ['Digit7', 'Digit3', 'Backspace', 'Backspace'], null);

      const bundle = initialBundleGzip(path.resolve('dist', 'renderer'));
      return [
        {
          name: `cashier keypad keypress → paint p95 (${keypad.length} presses, Chromium trace)`,
          value: percentile(keypad, 95),
          unit: 'ms',
          baseline: { name: 'bare <input> p95', value: percentile(baseline, 95) },
          target: '≤ 16 ms',
          note: `p50 ${percentile(keypad, 50).toFixed(1)} ms, bare input p50 ${percentile(baseline, 50).toFixed(1)} ms; digits shown at once (optimistic), taken back if the burst is a scan`,
        },
        { name: 'initial cashier bundle, gzip', value: Math.round(bundle.bytes / 102.4) / 10, unit: 'KB', target: '≤ 250 KB', note: bundle.files.map((f) => path.basename(f)).join(' ') },
      ];
    } finally {
      await browser.close();
      await pos.stop();
      fs.rmSync(pos.dataDir, { recursive: true, force: true });
    }
  },
};
export default suite;

/**
 * Amount, then scan, no Enter — with a serial scanner (issue 14, tillday). The station, not the
 * page, reads a serial or HID scanner, so the keyed amount is only in the cashier window: the station
 * forwards an Alipay code that finds no open sale (payment:scanForwarded) and the sale screen takes
 * it exactly as a keyboard-wedge scan. A real pty pair (socat) is the scanner's cable; the code is
 * written into its far end with the scanner's CR suffix. With no amount keyed nothing is charged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPtyPair, type PtyPair } from '../../electron/devices/virtual/socatPair';
import type { SaleSnapshot } from '../../shared/domain/payment';
import type { DevicesSnapshot } from '../../shared/ipc/commands/device';
import { COUNTER_SIZES, launchChromium, shot } from './helpers/browser';
import { DEMO_SIGN_IN } from './helpers/demoSession';
import { startPos, type RunningPos } from './helpers/startPos';
import { connectStation, type StationClient } from './helpers/stationClient';

let pair: PtyPair;
let pos: RunningPos;
let browser: Browser;
let station: StationClient;
let scannerFd: number;
let seq = 0;
const okCode = (): string => `2812345678${String(10_000_000 + (Date.now() % 1_000_000) * 10 + (++seq % 10)).slice(-8)}`;

beforeAll(async () => {
  pair = await openPtyPair();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-e2e-serial-'));
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ devices: { scanner: { kind: 'serial', path: pair.devicePath, baudRate: 9600, suffix: 'CR' } } }), { mode: 0o600 });
  pos = await startPos({ POS_LOCALE: 'en', POS_CUSTOMER_LOCALE: 'en' }, { dataDir });
  browser = await launchChromium();
  station = await connectStation(pos.url);
  await station.call('account:signIn', DEMO_SIGN_IN.cashier);
  scannerFd = fs.openSync(pair.peerPath, 'r+');
  // The station opened the scanner's port (its status event, polled: beforeAll has no expect.poll).
  for (const end = Date.now() + 15_000; (await station.call<DevicesSnapshot>('device:status', {})).scanner.status !== 'attached'; ) {
    if (Date.now() > end) throw new Error('the serial scanner was never attached');
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (scannerFd !== undefined) fs.closeSync(scannerFd);
  station?.close();
  await browser?.close();
  await pos?.stop();
  await pair?.close();
  if (pos) fs.rmSync(pos.dataDir, { recursive: true, force: true });
});

/** The serial scanner reads a code: its bytes and CR arrive on the station's port. */
const serialScan = (code: string): void => void fs.writeSync(scannerFd, Buffer.from(`${code}\r`, 'latin1'));

async function typeAmount(page: Page, amount: string): Promise<void> {
  for (const ch of amount) {
    await page.keyboard.press(ch === '.' ? 'Period' : `Digit${ch}`);
    await page.waitForTimeout(60); // a person's pace
  }
  await page.waitForFunction((a) => document.querySelector('[data-testid="amount-display"] .value')?.textContent === a, amount);
}

describe.each(COUNTER_SIZES)('serial scanner at $width×$height', ({ width, height }) => {
  it('amount typed, code scanned on the serial scanner, no Enter: paid with that amount; no amount: told, nothing charged', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(pos.url);
    await page.locator('[data-phase="entry"]').waitFor();

    // No amount keyed: the screen says so and nothing opens.
    serialScan(okCode());
    await page.getByTestId('flow-error').waitFor();
    expect(await page.getByTestId('flow-error').getAttribute('data-code')).toBe('AMOUNT_FIRST');
    expect(await page.getByTestId('flow-error').textContent()).toMatch(/Key the amount first/);
    expect(await station.call<SaleSnapshot | null>('sale:current', {})).toBeNull();
    if (width === 1024) await shot(page, 'serial-scan-no-amount');

    const before = (await station.call<SaleSnapshot[]>('sale:list', { limit: 1 }))[0]?.saleId ?? null;
    await typeAmount(page, '23.45');
    serialScan(okCode());
    await page.getByTestId('result-panel').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('result-panel').getAttribute('data-status')).toBe('succeeded');
    if (width === 1024) await shot(page, 'serial-scan-paid');
    const sale = (await station.call<SaleSnapshot[]>('sale:list', { limit: 1 }))[0]!;
    expect(sale.saleId).not.toBe(before);
    expect(sale.amount.minor).toBe(2_345);
    expect(sale.status).toBe('paid');
    await page.keyboard.press('Enter');
    await page.locator('[data-phase="entry"]').waitFor();
    // The keypad is empty for the next sale: the code never landed in the amount.
    expect(await page.getByTestId('amount-display').locator('.value').textContent()).not.toContain('2812');
    await page.close();
  });
});

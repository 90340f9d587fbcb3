import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startPos, type RunningPos } from './startPos';
import { connectStation, type StationClient } from './stationClient';

export interface DemoSession {
  readonly pos: RunningPos;
  readonly browser: Browser;
  /** The contract over the page's own WebSocket, for set-up and checks beside the screens. */
  readonly station: StationClient;
  /** The in-process simulator's base URL (its /__sim/ control API: wallet, faults, files). */
  readonly simUrl: string;
  close(): Promise<void>;
}

/**
 * Everything an end-to-end suite needs: the POS started as `npm start` starts it (browser host,
 * DEMO), Debian's Chromium, and a contract client. `close` leaves nothing behind.
 */
export async function openDemoSession(env: Record<string, string> = {}): Promise<DemoSession> {
  const pos = await startPos(env);
  const browser = await launchChromium();
  const station = await connectStation(pos.url);
  const simUrl = (await station.call<{ url: string }>('demo:simulator')).url;
  return {
    pos,
    browser,
    station,
    simUrl,
    async close() {
      station.close();
      await browser.close();
      await pos.stop();
      fs.rmSync(pos.dataDir, { recursive: true, force: true });
    },
  };
}

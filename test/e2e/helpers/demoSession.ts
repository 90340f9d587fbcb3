import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startPos, type RunningPos } from './startPos';
import { connectStation, type StationClient } from './stationClient';

/** The DEMO accounts (electron/accounts/accountsService DEMO_ACCOUNTS; README: Accounts). */
export const DEMO_SIGN_IN = {
  cashier: { shortId: '100', pin: '1111' },
  supervisor: { shortId: '200', pin: '246810' },
  manager: { shortId: '300', pin: '135790' },
} as const;

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
 * DEMO), Debian's Chromium, and a contract client, signed in as the DEMO manager unless told
 * otherwise (README: Accounts). `close` leaves nothing behind.
 */
export async function openDemoSession(env: Record<string, string> = {}, signInAs: keyof typeof DEMO_SIGN_IN | null = 'manager'): Promise<DemoSession> {
  const pos = await startPos(env);
  const browser = await launchChromium();
  const station = await connectStation(pos.url);
  // The counter's session is the station's: signed in here, the pages open signed in as well.
  await station.call('account:signIn', DEMO_SIGN_IN[signInAs ?? 'manager']);
  const simUrl = (await station.call<{ url: string }>('demo:simulator')).url;
  if (!signInAs) await station.call('account:signOut', {});
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

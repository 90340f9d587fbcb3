/**
 * Real pseudo-terminal pairs for device tests, with cleanup: every pair and port a test opens is
 * closed in afterEach even when the test fails, so no socat outlives its test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openPtyPair, type PtyPair } from '../../electron/devices/virtual/socatPair';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (cleanups.length > 0) {
    const c = cleanups.pop()!;
    try {
      await c();
    } catch {
      // cleanup is best effort; the next one must still run
    }
  }
});

/** Runs `fn` after the current test, last registered first. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export async function ptyPair(opts?: Parameters<typeof openPtyPair>[0]): Promise<PtyPair> {
  const pair = await openPtyPair(opts);
  onCleanup(() => pair.close());
  return pair;
}

/** Polls `cond` until true or the deadline passes; tests never wait unbounded. */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A folder for pty links that outlives single pairs (unplug/replug at the same path). */
export function ptyDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-pty-test-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

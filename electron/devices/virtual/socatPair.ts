/**
 * A pair of connected pseudo-terminals made by socat: what one side writes the other reads, exactly
 * like a serial cable. The virtual scanner and printer sit on one end; the station opens the other
 * as if it were /dev/ttyUSB0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PosError } from '../../../shared/errors/posError';

export interface PtyPair {
  /** The device end: give this path to the station. */
  readonly devicePath: string;
  /** The far end: the virtual device (or a test) opens this one. */
  readonly peerPath: string;
  readonly pid: number;
  /** Kills socat; both paths disappear and open ports see a hang-up, like an unplugged cable. */
  close(): Promise<void>;
}

export class SocatError extends PosError {
  constructor(message: string, cause?: unknown) {
    super('DEVICE_UNAVAILABLE', message, { cause });
  }
}

export const SOCAT = process.env.POS_SOCAT ?? '/usr/bin/socat';

/**
 * `ignoreeof` keeps socat alive when the station closes and reopens its end (reconfiguring, or a
 * test simulating a reconnect); without it the first close would end the pair.
 */
/**
 * Pairs still open when this process ends. socat is a separate process: a pair its owner never closed
 * (a crashed demo, a test worker torn down early) would otherwise outlive us as an orphan holding a pty.
 */
const live = new Set<ChildProcess>();
let exitHookSet = false;
function killOnExit(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHookSet) return;
  exitHookSet = true;
  // 'exit' handlers must be synchronous: kill() is.
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

export async function openPtyPair(opts: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  // A caller-given folder outlives the pair, so a test can unplug and replug at the same paths.
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pos-pty-'));
  const devicePath = path.join(dir, 'device');
  const peerPath = path.join(dir, 'peer');
  const child = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,ignoreeof,link=${devicePath}`, `pty,raw,echo=0,ignoreeof,link=${peerPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.on('error', () => undefined);
  killOnExit(child);
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (why: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new SocatError(`socat did not start a pty pair: ${why}`, cause));
    };
    const timer = setTimeout(() => fail(`no ready line within ${opts.timeoutMs ?? 5000} ms; stderr: ${stderr.slice(-300)}`), opts.timeoutMs ?? 5000);
    child.once('error', (e) => fail(e.message, e));
    child.once('exit', (code) => fail(`exited with ${String(code)}; stderr: ${stderr.slice(-300)}`));
    // Keep draining stderr for the pair's whole life so socat never blocks on a full pipe.
    child.stderr?.on('data', (d: Buffer) => {
      if (settled) return;
      stderr += d.toString();
      if (stderr.includes('starting data transfer loop')) {
        settled = true;
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    devicePath,
    peerPath,
    pid: child.pid ?? -1,
    async close() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RunningPos {
  readonly url: string;
  readonly dataDir: string;
  readonly proc: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the POS exactly as `npm start` does after its build step (node dist/electron/start.mjs),
 * forced onto the browser host, and resolves with the address from its `POS ready at` line.
 */
export async function startPos(env: Record<string, string> = {}, opts: { dataDir?: string; timeoutMs?: number } = {}): Promise<RunningPos> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pos-e2e-'));
  const proc = spawn(process.execPath, ['dist/electron/start.mjs'], {
    cwd: process.cwd(),
    env: { ...process.env, POS_HOST: 'browser', POS_PORT: '0', POS_DATA_DIR: dataDir, POS_NO_FETCH: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`POS did not become ready:\n${out}`)), opts.timeoutMs ?? 30_000);
    const check = (): void => {
      const m = /POS ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`POS exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Electron runtime cannot be downloaded on this machine, so the bundle `npm start` would hand to
 * Electron (dist/electron/main.cjs, plus preload.cjs) is loaded in Node with `electron` answered by a
 * recording stand-in: it must resolve all its modules, start the station and open both windows.
 */
describe('Electron bundle', () => {
  it('loads, registers the IPC handler and opens the cashier and customer windows sandboxed', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-electron-'));
    try {
      const r = spawnSync(process.execPath, ['test/fixtures/electron/loadMainWithSeam.cjs', path.resolve('dist/electron/main.cjs')], {
        encoding: 'utf8',
        env: { ...process.env, POS_DATA_DIR: dataDir, POS_PORT: '0' },
        timeout: 30_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const seen = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ipc: string[]; windows: Array<{ file: string; url: string; webPreferences: Record<string, unknown> }>; schemes: string[]; protocols: string[]; menus: unknown[]; exit?: number };
      expect(seen.exit).toBeUndefined();
      expect(seen.ipc).toEqual(['pos:invoke']);
      expect(seen.windows.map((w) => w.file)).toEqual(['index.html', 'customer.html']);
      // Pages from the app:// scheme, registered before ready and handled after; no default menu.
      expect(seen.windows.map((w) => w.url)).toEqual(['app://pos/index.html', 'app://pos/customer.html']);
      expect(seen.schemes).toEqual(['app']);
      expect(seen.protocols).toEqual(['app']);
      expect(seen.menus).toEqual([null]);
      for (const w of seen.windows) expect(w.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(fs.existsSync(path.resolve('dist/electron/preload.cjs'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'journal.sqlite'))).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the sandboxed preload needs nothing but electron', () => {
    const code = fs.readFileSync('dist/electron/preload.cjs', 'utf8');
    const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
  });
});

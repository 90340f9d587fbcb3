import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { startElectronHost } from '../../../electron/main/startElectronHost';
import type { ElectronSeam, SeamWebContents, SeamWindow } from '../../../electron/main/electronSeam';
import { isOwnPage, isTrustedSender } from '../../../electron/main/security';
import { appProtocolHandler } from '../../../electron/main/appProtocol';
import { contentSecurityPolicy } from '../../../shared/security/contentSecurityPolicy';
import { osKeyVault } from '../../../electron/main/startElectronHost';
import type { SaleSnapshot } from '../../../shared/domain/payment';
import { chooseDisplays } from '../../../electron/main/chooseDisplays';
import { INVOKE_CHANNEL } from '../../../shared/ipc/channels';
import type { ElectronHost } from '../../../electron/main/startElectronHost';
import { tempDir } from '../../helpers/tempDir';

/**
 * A recording stand-in for the slice of Electron the host uses (the seam). The host's own code —
 * window options, guards, IPC sender checks — runs for real against it.
 */
class FakeContents implements SeamWebContents {
  handlers = new Map<string, (...a: never[]) => void>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: unknown[][] = [];
  on(event: string, listener: (...a: never[]) => void): this {
    this.handlers.set(event, listener);
    return this;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.openHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return false;
  }
  navigate(url: string): boolean {
    let prevented = false;
    (this.handlers.get('will-navigate') as (e: { preventDefault(): void }, u: string) => void)({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

function fakeElectron(opts: { lock?: boolean; displays?: number } = {}) {
  const windows: Array<{ opts: Electron.BrowserWindowConstructorOptions; file?: string; url?: string; contents: FakeContents }> = [];
  const schemes: unknown[] = [];
  const handlers = new Map<string, (req: Request) => Response | Promise<Response>>();
  const menus: unknown[] = [];
  const proc = new EventEmitter();
  const ipc = new Map<string, (event: { senderFrame: { url: string; parent: unknown } | null }, ...args: unknown[]) => unknown>();
  let quit = false;
  let permissionAnswer: boolean | null = null;
  const appHandlers = new Map<string, () => void>();
  const d = (id: number, x: number) => ({ id, bounds: { x, y: 0, width: 1920, height: 1080 } });
  const displays = Array.from({ length: opts.displays ?? 1 }, (_, i) => d(i + 1, i * 1920));
  class Win implements SeamWindow {
    readonly webContents = new FakeContents();
    constructor(o: Electron.BrowserWindowConstructorOptions) {
      windows.push({ opts: o, contents: this.webContents });
    }
    async loadURL(url: string): Promise<void> {
      const w = windows.find((x) => x.contents === this.webContents)!;
      w.url = url;
      w.file = path.basename(new URL(url).pathname);
    }
    once(): this { return this; }
    on(): this { return this; }
    show(): void {}
    focus(): void {}
    isMinimized(): boolean { return false; }
    restore(): void {}
    setFullScreen(): void {}
  }
  const seam = {
    app: {
      requestSingleInstanceLock: () => opts.lock ?? true,
      quit: () => void (quit = true),
      exit: () => void (quit = true),
      whenReady: async () => undefined,
      on: (ev: string, fn: () => void) => void appHandlers.set(ev, fn),
      getPath: () => '/tmp',
    },
    BrowserWindow: Win,
    screen: { getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0]! },
    ipcMain: { handle: (ch: string, fn: never) => void ipc.set(ch, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) => fn(null, 'media', (ok) => (permissionAnswer = ok)),
        setPermissionCheckHandler: () => undefined,
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => void schemes.push(...s),
      handle: (scheme: string, fn: (req: Request) => Response) => void handlers.set(scheme, fn),
    },
    Menu: { setApplicationMenu: (m: unknown) => void menus.push(m) },
    process: proc,
    platform: 'linux',
  } as unknown as ElectronSeam;
  return { seam, windows, ipc, isQuit: () => quit, permission: () => permissionAnswer, appHandlers, schemes, handlers, menus, proc };
}

const rendererDir = path.resolve('/opt/pos/resources/renderer');
const pageUrl = (f: string): string => `app://pos/${f}`;
let station: ElectronHost | null = null;

afterEach(async () => {
  await station?.shutdown();
  station = null;
});

describe('Electron host', () => {
  it('quits at once when another instance holds the lock', async () => {
    const f = fakeElectron({ lock: false });
    expect(await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' })).toBeNull();
    expect(f.isQuit()).toBe(true);
    expect(f.windows).toHaveLength(0);
  });

  it('opens a cashier and a customer window with locked-down webPreferences and denies permissions', async () => {
    const f = fakeElectron();
    station = await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' });
    expect(f.windows.map((w) => path.basename(w.file ?? ''))).toEqual(['index.html', 'customer.html']);
    for (const w of f.windows) {
      expect(w.opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, preload: '/p.cjs' });
      expect(w.contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
      expect(w.contents.navigate('https://example.com/')).toBe(true);
      expect(w.contents.navigate(pageUrl('customer.html'))).toBe(false);
      expect(w.contents.navigate('file:///etc/passwd')).toBe(true);
      expect(w.contents.navigate(pathToFileURL(path.join(rendererDir, 'index.html')).href)).toBe(true);
      expect(w.url).toMatch(/^app:\/\/pos\/(index|customer)\.html$/);
      // Not a kiosk by default: DevTools stay for the installer.
      expect(w.opts.webPreferences?.devTools).toBe(true);
    }
    expect(f.permission()).toBe(false);
  });

  it('puts the customer display on the second screen when there is one', async () => {
    const f = fakeElectron({ displays: 2 });
    station = await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' });
    expect(f.windows[1]!.opts).toMatchObject({ x: 1920, fullscreen: true });
    expect(chooseDisplays([{ id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }], { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 } }).customerFullScreen).toBe(false);
  });

  it('answers IPC only from its own top-level pages', async () => {
    const f = fakeElectron();
    station = await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' });
    const handle = f.ipc.get(INVOKE_CHANNEL)!;
    expect(await handle({ senderFrame: { url: pageUrl('index.html'), parent: null } }, 'session:hello', { window: 'cashier' })).toMatchObject({ ok: true, value: { host: 'electron' } });
    expect(await handle({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'session:hello', { window: 'cashier' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await handle({ senderFrame: { url: pageUrl('index.html'), parent: {} } }, 'session:hello', { window: 'cashier' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await handle({ senderFrame: null }, 'session:hello', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await handle({ senderFrame: { url: pageUrl('index.html'), parent: null } }, 'nope:x', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    // Per-window authority (issue 12): the customer display reads what it shows and nothing else.
    expect(await handle({ senderFrame: { url: pageUrl('customer.html'), parent: null } }, 'settings:update', { patch: { alipay: { baseUrl: 'https://evil.example/' } } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle({ senderFrame: { url: pageUrl('customer.html'), parent: null } }, 'settings:importKeys', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle({ senderFrame: { url: `${pageUrl('customer.html')}?index.html`, parent: null } }, 'session:hello', { window: 'customer' })).toMatchObject({ ok: true });
    // The cashier page still needs someone signed in for anything beyond hello.
    expect(await handle({ senderFrame: { url: pageUrl('index.html'), parent: null } }, 'settings:get', {})).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
  });

  it('recognises only app://pos pages as its own', () => {
    expect(isOwnPage(pageUrl('index.html'))).toBe(true);
    expect(isOwnPage('app://pos/%2e%2e/secrets.html')).toBe(false);
    expect(isOwnPage('app://evil/index.html')).toBe(false);
    expect(isOwnPage(pathToFileURL(`${rendererDir}/index.html`).href)).toBe(false);
    expect(isOwnPage('not a url')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('serves pages from app://pos with the one CSP, refuses a path out of the renderer folder, sets no menu', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), 'console.log(1)');
    const secret = path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`);
    fs.writeFileSync(secret, 'secret');
    try {
      const f = fakeElectron();
      station = await startElectronHost(f.seam, { rendererDir: dir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' });
      expect(f.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
      expect(f.menus).toEqual([null]);
      const handle = f.handlers.get('app')!;
      const page = await handle(new Request('app://pos/index.html'));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ kind: 'electron' }));
      expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
      expect(await (await handle(new Request('app://pos/assets/a.js'))).text()).toBe('console.log(1)');
      const name = path.basename(secret);
      for (const u of [`app://pos/../${name}`, `app://pos/%2e%2e/${name}`, `app://pos/assets/..%2f..%2f${name}`, `app://pos/%2e%2e%2f${name}`, `app://other/index.html`, 'app://pos/nope.html']) {
        const r = await handle(new Request(u));
        expect([u, r.status]).toEqual([u, 404]);
        expect(await r.text()).not.toContain('secret');
      }
      expect((await handle(new Request('app://pos/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
    } finally {
      fs.rmSync(secret, { force: true });
    }
    expect(appProtocolHandler(rendererDir)(new Request('app://pos/index.html')).status).toBe(404); // no such folder
  });

  it('kiosk: no DevTools in either window', async () => {
    const f = fakeElectron();
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ kiosk: true }));
    station = await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: dataDir, POS_PORT: '0' });
    expect(f.windows[0]!.opts.kiosk).toBe(true);
    for (const w of f.windows) expect(w.opts.webPreferences?.devTools).toBe(false);
  });

  it('uses the OS key store only where it is a real one (Linux basic_text is not)', () => {
    const seam = (backend: string | undefined, platform: NodeJS.Platform) =>
      ({
        platform,
        safeStorage: {
          isEncryptionAvailable: () => true,
          encryptString: (t: string) => Buffer.from(t),
          decryptString: (b: Buffer) => b.toString(),
          ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
        },
      }) as unknown as ElectronSeam;
    expect(osKeyVault(seam('basic_text', 'linux')).kind).toBe('none');
    expect(osKeyVault(seam('unknown', 'linux')).kind).toBe('none');
    expect(osKeyVault(seam(undefined, 'linux')).kind).toBe('none');
    expect(osKeyVault(seam('gnome_libsecret', 'linux')).kind).toBe('os');
    expect(osKeyVault(seam('kwallet6', 'linux')).kind).toBe('os');
    expect(osKeyVault(seam(undefined, 'win32')).kind).toBe('os');
  });

  it('an uncaught error in the main process is logged and restarts payments; the station keeps selling', async () => {
    const f = fakeElectron();
    station = await startElectronHost(f.seam, { rendererDir, preload: '/p.cjs' }, { POS_DATA_DIR: tempDir(), POS_PORT: '0' });
    const s = station!.station;
    await s.ctx.accounts!.signIn({ shortId: '300', pin: '135790' });
    const call = async <T,>(name: string, input: unknown): Promise<T> => {
      const r = await s.dispatcher.dispatch(name, input, { host: 'electron', window: 'cashier' });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };
    const before = await call<SaleSnapshot>('sale:create', { amountMinor: 100 });
    const runtime = s.ctx.payments!.runtime;
    expect(f.proc.listenerCount('uncaughtException')).toBe(1);
    f.proc.emit('uncaughtException', new Error('boom in a timer'));
    // While the part restarts, no new money is taken.
    await expect(call('sale:create', { amountMinor: 100 })).rejects.toMatchObject({ code: 'NOT_READY' });
    await s.restartPayments('test'); // joins the restart under way
    expect(s.ctx.payments!.runtime).not.toBe(runtime);
    expect(s.snapshot().ready).toBe(true);
    expect((await call<SaleSnapshot>('sale:get', { saleId: before.saleId })).status).toBe('open');
    await call<SaleSnapshot>('sale:create', { amountMinor: 200 });
    expect(f.proc.listenerCount('unhandledRejection')).toBe(1);
    await station!.shutdown();
    expect(f.proc.listenerCount('uncaughtException')).toBe(0);
    station = null;
  });
});

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { startElectronHost } from '../../../electron/main/startElectronHost';
import type { ElectronSeam, SeamWebContents, SeamWindow } from '../../../electron/main/electronSeam';
import { isOwnPage, isTrustedSender } from '../../../electron/main/security';
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
  const windows: Array<{ opts: Electron.BrowserWindowConstructorOptions; file?: string; contents: FakeContents }> = [];
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
    async loadFile(file: string): Promise<void> {
      windows.find((w) => w.contents === this.webContents)!.file = file;
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
  } as unknown as ElectronSeam;
  return { seam, windows, ipc, isQuit: () => quit, permission: () => permissionAnswer, appHandlers };
}

const rendererDir = path.resolve('/opt/pos/resources/renderer');
const pageUrl = (f: string): string => pathToFileURL(path.join(rendererDir, f)).href;
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

  it('recognises only files inside the renderer folder as its own pages', () => {
    expect(isOwnPage(pageUrl('index.html'), rendererDir)).toBe(true);
    expect(isOwnPage(`${pageUrl('')}../secrets.html`, rendererDir)).toBe(false);
    expect(isOwnPage(pathToFileURL(`${rendererDir}-evil/index.html`).href, rendererDir)).toBe(false);
    expect(isOwnPage('not a url', rendererDir)).toBe(false);
    expect(isTrustedSender(undefined, rendererDir)).toBe(false);
  });
});

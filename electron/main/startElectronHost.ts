import path from 'node:path';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels';
import { fail } from '../../shared/ipc/envelope';
import { resolveDataDir } from '../config/dataDir';
import { createLogger } from '../log/createLogger';
import { NO_VAULT, type KeyVault } from '../config/keyVault';
import { createStation, type Station } from '../station/createStation';
import { trustedProxiesFrom } from '../server/clientLimits';
import { startHttpServer } from '../server/startHttpServer';
import { chooseDisplays } from './chooseDisplays';
import { installProcessGuard } from '../station/processGuard';
import type { ElectronSeam, SeamWindow } from './electronSeam';
import { hardenContents, isTrustedSender, secureWebPreferences } from './security';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appPageUrl, appProtocolHandler } from './appProtocol';

export interface ElectronHostPaths {
  readonly rendererDir: string; // dist/renderer
  readonly preload: string; // dist/electron/preload.cjs
}

/**
 * Wires one station to Electron: single instance, permissions denied, IPC with a sender check,
 * a cashier window and a customer-display window, and station events forwarded to both.
 */
/** Electron's safeStorage as the station's key vault, when this OS offers one (after app ready). */
export function osKeyVault(e: ElectronSeam): KeyVault {
  const s = e.safeStorage;
  if (!s || !s.isEncryptionAvailable()) return NO_VAULT;
  // On Linux without libsecret or kwallet, safeStorage "encrypts" with a key hard-coded in Chromium
  // (backend basic_text): that is no key store, and the files' 0600 mode is the honest protection.
  if (e.platform === 'linux') {
    const backend = s.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return NO_VAULT;
  }
  return { kind: 'os', seal: (plain) => s.encryptString(plain), open: (sealed) => s.decryptString(sealed) };
}

export interface ElectronHost {
  readonly station: Station;
  /** Closes the HTTP listener, the station (journal) and the log file, in that order. */
  shutdown(): Promise<void>;
}

export async function startElectronHost(e: ElectronSeam, paths: ElectronHostPaths, env: NodeJS.ProcessEnv = process.env): Promise<ElectronHost | null> {
  if (!e.app.requestSingleInstanceLock()) {
    // A second copy would open the same journal and devices: hand over to the first and leave.
    e.app.quit();
    return null;
  }
  // Before ready, as Electron requires: our pages' own scheme (see appProtocol).
  e.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  await e.app.whenReady();
  e.protocol.handle(APP_SCHEME, appProtocolHandler(paths.rendererDir));
  e.session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  e.session.defaultSession.setPermissionCheckHandler(() => false);

  const dataDir = resolveDataDir(env);
  const logger = await createLogger(dataDir);
  const log = logger.log;
  const keyVault = osKeyVault(e);
  log.info({ keyVault: keyVault.kind, backend: e.platform === 'linux' ? (e.safeStorage?.getSelectedStorageBackend?.() ?? 'unknown') : e.platform }, 'OS key store');
  const station = createStation({ dataDir, host: 'electron', log, env, keyVault });
  // Electron's default for an uncaught error in main is a dialog and, often, a dead counter.
  const unguard = installProcessGuard({ log, part: () => station, proc: e.process });
  // Alipay's notifications and the entry-code page still need an HTTP listener under Electron.
  const port = env.POS_PORT ? Number(env.POS_PORT) : 8480;
  const http = await startHttpServer({ station, port, staticDir: null, trustedProxies: trustedProxiesFrom(env) });
  log.info({ url: http.url }, 'station http listening');
  station.setPublicBaseUrl(http.url);

  e.ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, payload: unknown) => {
    const frame = event.senderFrame as { url: string; parent: unknown } | null;
    if (!isTrustedSender(frame)) {
      log.warn({ url: frame?.url }, 'IPC from an untrusted frame refused');
      return fail({ code: 'UNAUTHORIZED', message: 'sender is not a POS window', retryable: false });
    }
    // The page itself names the window (never a query string or a hash): the contract's access
    // table then decides what that window may call.
    const page = frame ? path.basename(new URL(frame.url).pathname) : '';
    const windowName = page === 'customer.html' ? 'customer' : page === 'index.html' ? 'cashier' : 'unknown';
    return station.dispatcher.dispatch(channel, payload, { host: 'electron', window: windowName });
  });

  const kiosk = station.ctx.config.kiosk;
  // No default menu: its View and Help entries offer reload, DevTools and links out of the kiosk.
  e.Menu.setApplicationMenu(null);
  const displays = chooseDisplays(e.screen.getAllDisplays(), e.screen.getPrimaryDisplay());
  const windows: SeamWindow[] = [];
  const open = (file: 'index.html' | 'customer.html', bounds: typeof displays.cashier, fullScreen: boolean, title: string): SeamWindow => {
    const win = new e.BrowserWindow({
      ...bounds,
      title,
      show: false,
      kiosk: kiosk && file === 'index.html',
      fullscreen: fullScreen,
      autoHideMenuBar: true,
      backgroundColor: '#0f172a',
      webPreferences: secureWebPreferences(paths.preload, kiosk),
    });
    hardenContents(win.webContents);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => windows.splice(windows.indexOf(win), 1));
    void win.loadURL(appPageUrl(file));
    windows.push(win);
    return win;
  };
  const cashier = open('index.html', displays.cashier, kiosk, 'Alipay POS');
  open('customer.html', displays.customer, displays.customerFullScreen, 'Customer display');

  station.events.subscribe((event) => {
    for (const w of windows) if (!w.webContents.isDestroyed()) w.webContents.send(EVENT_CHANNEL, event.name, event.payload);
  });
  e.app.on('second-instance', () => {
    if (cashier.isMinimized()) cashier.restore();
    cashier.focus();
  });
  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= http
      .close()
      .then(() => station.stop())
      .then(() => unguard())
      .then(() => logger.close()));
  e.app.on('window-all-closed', () => void shutdown().finally(() => e.app.quit()));
  await station.start();
  return { station, shutdown };
}

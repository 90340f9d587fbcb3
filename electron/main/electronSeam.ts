import type { EventEmitter } from 'node:events';
import type * as Electron from 'electron';

/**
 * The slice of Electron's API the host uses. main.ts passes the real module; unit tests pass a small
 * fake, so the security rules are checked without the Electron binary.
 */
export interface ElectronSeam {
  readonly app: Pick<Electron.App, 'requestSingleInstanceLock' | 'quit' | 'whenReady' | 'on' | 'getPath' | 'exit'>;
  readonly BrowserWindow: new (opts: Electron.BrowserWindowConstructorOptions) => SeamWindow;
  readonly screen: Pick<Electron.Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  readonly ipcMain: Pick<Electron.IpcMain, 'handle'>;
  readonly session: { readonly defaultSession: Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> };
  readonly safeStorage?: Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<Electron.SafeStorage, 'getSelectedStorageBackend'>>;
  readonly protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  readonly Menu: Pick<typeof Electron.Menu, 'setApplicationMenu'>;
  /** The main process (uncaught errors); tests pass their own emitter so their runner's handlers stay. */
  readonly process: EventEmitter;
  /** process.platform of the main process (the key-store rule differs on Linux). */
  readonly platform: NodeJS.Platform;
}

export interface SeamWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface SeamWindow {
  readonly webContents: SeamWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  setFullScreen(flag: boolean): void;
}

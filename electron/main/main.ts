// Electron entry (bundled to dist/electron/main.cjs). Everything testable lives in startElectronHost.
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, screen, session } from 'electron';
import path from 'node:path';
import { startElectronHost } from './startElectronHost';
import type { ElectronSeam } from './electronSeam';

const seam = { app, BrowserWindow, ipcMain, screen, session, safeStorage, protocol, Menu, process, platform: process.platform } as unknown as ElectronSeam;
startElectronHost(seam, {
  rendererDir: path.join(__dirname, '..', 'renderer'),
  preload: path.join(__dirname, 'preload.cjs'),
}).catch((e: unknown) => {
  console.error('POS failed to start', e);
  app.exit(1);
});

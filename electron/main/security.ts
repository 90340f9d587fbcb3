import type * as Electron from 'electron';
import { pathToFileURL } from 'node:url';
import type { SeamWebContents } from './electronSeam';

/**
 * The renderer is untrusted input as far as the station is concerned: it gets no Node, runs sandboxed
 * and isolated, and reaches the station only through the preload's window.pos functions.
 */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** True when a URL is one of our own built pages (the renderer folder, loaded from file://). */
export function isOwnPage(url: string, rendererDir: string): boolean {
  const root = pathToFileURL(rendererDir).href.replace(/\/?$/, '/');
  try {
    const u = new URL(url);
    return u.protocol === 'file:' && u.href.startsWith(root) && !decodeURIComponent(u.pathname).includes('..');
  } catch {
    return false;
  }
}

/** No navigation away, no new windows, no webviews: a kiosk must never turn into a web browser. */
export function hardenContents(contents: SeamWebContents, rendererDir: string): void {
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (!isOwnPage(url, rendererDir)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Only our own top frame may call the station; a frame from anywhere else is refused. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined, rendererDir: string): boolean {
  return Boolean(frame && frame.parent === null && isOwnPage(frame.url, rendererDir));
}

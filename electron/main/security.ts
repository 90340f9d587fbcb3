import type * as Electron from 'electron';
import { APP_HOST, APP_SCHEME, hasDotSegment } from './appProtocol';
import type { SeamWebContents } from './electronSeam';

/**
 * The renderer is untrusted input as far as the station is concerned: it gets no Node, runs sandboxed
 * and isolated, and reaches the station only through the preload's window.pos functions. In kiosk
 * mode there are no DevTools either: a customer with a keyboard must not get a console.
 */
export function secureWebPreferences(preload: string, kiosk = false): Electron.WebPreferences {
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
    devTools: !kiosk,
  };
}

/** True when a URL is one of our own built pages (app://pos/…, see appProtocol). */
export function isOwnPage(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !hasDotSegment(url) && !decodeURIComponent(u.pathname).includes('..');
  } catch {
    return false;
  }
}

/** No navigation away, no new windows, no webviews: a kiosk must never turn into a web browser. */
export function hardenContents(contents: SeamWebContents): void {
  const block = (event: { preventDefault(): void }, url: string): void => {
    if (!isOwnPage(url)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Only our own top frame may call the station; a frame from anywhere else is refused. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  return Boolean(frame && frame.parent === null && isOwnPage(frame.url));
}

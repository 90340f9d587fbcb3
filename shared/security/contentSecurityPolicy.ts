/**
 * The one Content-Security-Policy of the POS pages (issue 12 item 8), written once and used three
 * ways: as a <meta> in the built HTML (vite.config.ts), as a header from the browser host's server,
 * and as a header from the Electron `app://` protocol handler; and the customer's phone page of the
 * entry code (payments/entry) as its header. Nothing inline: scripts and styles come from the built
 * files only (React's style props go through the CSSOM, which CSP does not block; QR codes are data:
 * images). What differs is what a page may connect to, and the phone page's stricter default.
 */
import { assertNever } from '../errors/posError';

export type CspTarget =
  /** Built into the HTML: the port is not known yet, a header narrows it (policies intersect). */
  | { readonly kind: 'page' }
  /** The browser host: the contract's WebSocket on this exact loopback port, nothing else. */
  | { readonly kind: 'browser'; readonly port: number }
  /** Electron: the contract goes over IPC, so the page connects nowhere but its own files. */
  | { readonly kind: 'electron' }
  /**
   * The entry-code page on a customer's phone, served by the station: nothing by default, only its own
   * script, style and images. No form-action: the pay form's answer sends the phone on to Alipay's
   * app by a deep link, which form-action would block.
   */
  | { readonly kind: 'entry' };

function connectSrc(t: CspTarget): string {
  switch (t.kind) {
    case 'page':
      return "'self' ws://127.0.0.1:* ws://localhost:*";
    case 'browser':
      return `'self' ws://127.0.0.1:${t.port} ws://localhost:${t.port}`;
    case 'electron':
    case 'entry':
      return "'self'";
    default:
      return assertNever(t, 'CSP target');
  }
}

export function contentSecurityPolicy(t: CspTarget): string {
  if (t.kind === 'entry') {
    return ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", `connect-src ${connectSrc(t)}`, "base-uri 'none'", "frame-ancestors 'none'"].join('; ');
  }
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectSrc(t)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // frame-ancestors is ignored in a <meta>: only the headers carry it.
    ...(t.kind === 'page' ? [] : ["frame-ancestors 'none'"]),
  ];
  return directives.join('; ');
}

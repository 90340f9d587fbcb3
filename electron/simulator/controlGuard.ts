import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The `/__sim/` control API moves money in the DEMO world (confirms payments, shifts the clock,
 * injects faults): issue 12 item 9 keeps it to this machine's own callers. Loopback peers only; a
 * browser page may use it only from the simulator's own origin (its wallet pages), never another
 * site; bodies are JSON (a cross-site HTML form cannot send that without a preflight) except the
 * wallet pages' own two forms, which carry a per-start token; and the URLs it fetches on a caller's behalf are loopback pages.
 */
export type ControlRefusal = { readonly status: 403 | 415; readonly error: string };

/** The wallet pages' forms (walletPages.ts) post urlencoded to these, from the simulator's origin. */
const FORM_PATHS = new Set(['/__sim/wallet/confirm', '/__sim/wallet/reject']);

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/** An http(s) URL whose host is this machine (127.0.0.0/8, ::1, localhost): what pay-entry may fetch. */
export function isLoopbackUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || isLoopbackAddress(host);
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Null when the request may reach the control routes; else the status and why. `ownOrigin`: http://host:port. */
export function controlRefusal(req: http.IncomingMessage, path: string, ownOrigin: string, body: Buffer, formToken: string): ControlRefusal | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, error: 'the simulator control API answers loopback callers only' };
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // The wallet pages' own forms: proven by the token only those pages carry (a browser may send
  // Origin "null" for them, so the header cannot be the proof here).
  if (type === 'application/x-www-form-urlencoded' && FORM_PATHS.has(path)) {
    const given = new URLSearchParams(body.toString('utf8')).get('formToken') ?? '';
    return given.length === formToken.length && timingSafeEqual(Buffer.from(given), Buffer.from(formToken)) ? null : { status: 403, error: 'this form did not come from the simulator\'s wallet page' };
  }
  // Reads change nothing, and another site cannot read the answers (no CORS): the wallet pages are
  // reached by a cross-site redirect from the merchant's entry page, as on a real phone.
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return null;
  const origin = header(req, 'origin');
  const site = header(req, 'sec-fetch-site');
  if ((origin !== undefined && origin !== ownOrigin) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    return { status: 403, error: 'cross-origin requests to the simulator control API are refused' };
  }
  if (type === 'application/json') return null;
  if (type === '' && Number(header(req, 'content-length') ?? '0') === 0 && header(req, 'transfer-encoding') === undefined) return null; // no body at all
  return { status: 415, error: 'the simulator control API takes JSON bodies (Content-Type: application/json)' };
}

/**
 * The entry-code H5 routes on the station's HTTP server (both hosts), reachable by wallets at the
 * public base URL:
 *   GET  /entry                 the amount form (a fresh signed, single-use form token each view)
 *   POST /entry/pay             the form post → 303 to Alipay's cashier, or to the result page
 *   GET  /entry/result/<ref>    the result page (Alipay sends the wallet back here)
 *   GET  /entry/status/<ref>    its small JSON status, polled by the page's script
 *   GET  /entry/poster          a printable A5 poster with the store's entry code
 *   GET  /entry/assets/entry.js|entry.css
 */
import { contentSecurityPolicy } from '../../../shared/security/contentSecurityPolicy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Locale } from '../../../shared/domain/station';
import { clientIp, type HttpRoute } from '../../station/httpRoute';
import { ENTRY_CSS, ENTRY_JS } from './entryAssets';
import { formPageHtml, messagePageHtml, posterPageHtml, resultPageHtml, type FormError } from './entryPages';
import { EntryFormError, type EntryService, type EntrySettings } from './entryService';
import { detectEntryLocale } from './entryTexts';

/*
 * No inline script or style anywhere. No form-action: after the post the station answers 303 to
 * Alipay's cashier, and browsers apply form-action to that redirect too.
 */
const CSP = contentSecurityPolicy({ kind: 'entry' });

const formSchema = z.object({
  token: z.string().min(1).max(200),
  amount: z.string().max(32),
  lang: z.enum(['zh-CN', 'en']).optional(),
});

const REF = /^[A-Za-z0-9_-]{16,64}$/;

/** The phone's first Accept-Language tag, if it is a valid BCP 47 tag (it decides decimal comma vs point). */
function inputLocaleOf(req: IncomingMessage): { inputLocale?: string } {
  const first = (header(req, 'accept-language') ?? '').split(',')[0]?.split(';')[0]?.trim();
  if (!first || first === '*') return {};
  try {
    return { inputLocale: Intl.getCanonicalLocales(first)[0]! };
  } catch {
    return {};
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP,
    // same-origin, not no-referrer: browsers then send our Origin with the form post (no-referrer makes it "null"),
    // and still tell Alipay's cashier nothing about the page the wallet came from.
    'Referrer-Policy': 'same-origin',
    ...extra,
  });
  res.end(body);
}

const html = (res: ServerResponse, status: number, body: string): void => send(res, status, 'text/html; charset=utf-8', body);

export interface EntryRoutesDeps {
  readonly service: EntryService;
  settings(): EntrySettings;
}

export function entryRoutes(deps: EntryRoutesDeps): HttpRoute[] {
  const { service } = deps;
  const basePath = (): string => new URL(deps.settings().publicBaseUrl).pathname.replace(/\/+$/, '');
  const localeOf = (req: IncomingMessage, query: string | null): Locale =>
    detectEntryLocale({ query, userAgent: header(req, 'user-agent'), acceptLanguage: header(req, 'accept-language'), fallback: deps.settings().customerLocale });

  function message(res: ServerResponse, status: number, locale: Locale, reason: FormError, again: boolean): void {
    html(res, status, messagePageHtml({ locale, basePath: basePath(), message: reason, again }));
  }

  function form(res: ServerResponse, status: number, locale: Locale, token: string, amount?: string, error?: FormError): void {
    const s = deps.settings();
    html(res, status, formPageHtml({ locale, basePath: basePath(), storeName: s.storeName, currency: s.currency, token, amount, error, maxAmount: service.maxAmount() }));
  }

  /**
   * A post from another site is refused even with a valid token: the form is only ever ours. A
   * missing or "null" Origin says nothing, so it is not enough: then the browser's own
   * Sec-Fetch-Site must say same-origin, or the Referer (our pages send it same-origin) be ours.
   */
  function originAllowed(req: IncomingMessage): boolean {
    const allowed = new Set([new URL(deps.settings().publicBaseUrl).origin]);
    const host = header(req, 'host');
    if (host) allowed.add(`http://${host}`).add(`https://${host}`);
    const origin = header(req, 'origin');
    if (origin !== undefined && origin !== 'null') return allowed.has(origin);
    const site = header(req, 'sec-fetch-site');
    if (site !== undefined) return site === 'same-origin';
    const referer = header(req, 'referer');
    if (!referer) return false;
    try {
      return allowed.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }

  const page: HttpRoute = {
    method: 'GET',
    path: '/entry',
    handle(req, res) {
      const url = new URL(req.url ?? '/entry', 'http://station');
      const locale = localeOf(req, url.searchParams.get('lang'));
      if (!deps.settings().enabled) return message(res, 404, locale, 'disabled', false);
      form(res, 200, locale, service.newFormToken());
    },
  };

  const pay: HttpRoute = {
    method: 'POST',
    path: '/entry/pay',
    async handle(req, res, body) {
      const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const parsed = type === 'application/x-www-form-urlencoded' ? formSchema.safeParse(Object.fromEntries(new URLSearchParams(body.toString('utf8')))) : null;
      const locale = localeOf(req, parsed?.success ? parsed.data.lang ?? null : null);
      if (!parsed?.success) return message(res, 400, locale, 'forged', true);
      if (!originAllowed(req)) return message(res, 403, locale, 'origin', true);
      const f = parsed.data;
      try {
        const out = await service.submit({ token: f.token, amountText: f.amount, userAgent: header(req, 'user-agent') ?? '', locale, clientIp: clientIp(req), ...inputLocaleOf(req) });
        const location = out.kind === 'redirect' ? out.url : `${basePath()}/entry/result/${out.ref}${out.wait ? '?wait=1' : ''}`;
        res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0' });
        res.end();
      } catch (e) {
        if (!(e instanceof EntryFormError)) throw e;
        // The form again with the reason; a still-valid token stays (same form, same idempotency key).
        if (e.token) return form(res, e.httpStatus, locale, e.token, f.amount, e.reason);
        return message(res, e.httpStatus, locale, e.reason, true);
      }
    },
  };

  const under: HttpRoute = {
    method: 'GET',
    path: '/entry/',
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://station');
      const parts = url.pathname.split('/').filter(Boolean); // ['entry', kind, arg]
      const kind = parts[1];
      const arg = parts[2];
      if (parts.length === 3 && kind === 'assets' && arg === 'entry.js') return send(res, 200, 'text/javascript; charset=utf-8', ENTRY_JS);
      if (parts.length === 3 && kind === 'assets' && arg === 'entry.css') return send(res, 200, 'text/css; charset=utf-8', ENTRY_CSS);
      if (parts.length === 2 && kind === 'poster') {
        const info = service.info();
        const svg = await QRCode.toString(info.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        return html(res, 200, posterPageHtml({ basePath: basePath(), storeName: info.storeName, url: info.url, qrSvg: svg }));
      }
      if (parts.length === 3 && (kind === 'result' || kind === 'status') && REF.test(arg!)) {
        const r = service.result(arg!);
        if (kind === 'status') {
          if (!r) return send(res, 404, 'application/json; charset=utf-8', '{"status":"notFound"}');
          const redirectUrl = r.status.kind === 'confirming' ? r.status.redirectUrl : null;
          return send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ status: r.status.kind, redirectUrl }));
        }
        // Whatever the query says (a wallet's redirect can be forged), the page shows the journal's state.
        const locale = r ? r.submission.locale : localeOf(req, null);
        if (!r) return message(res, 404, locale, 'notFound', true);
        const s = deps.settings();
        return html(res, 200, resultPageHtml({
          locale, basePath: basePath(), storeName: s.storeName, ref: r.submission.ref, reference: r.reference, amount: r.submission.amount,
          status: r.status, autopay: url.searchParams.get('wait') === '1',
        }));
      }
      return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    },
  };

  return [page, pay, under];
}

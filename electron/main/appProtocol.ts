import fs from 'node:fs';
import { contentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { contentType, resolveStatic } from '../server/staticFiles';

/**
 * The pages come from `app://pos/…`, not file:// (issue 12 item 8): a file:// page could read any
 * file the account can, and every file:// page shares one origin. This scheme serves the built
 * renderer folder and nothing else, with the one CSP as a header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pos';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Registered before app ready: standard (relative URLs, an origin of its own), secure (like https). */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } } as const;

export const appPageUrl = (file: 'index.html' | 'customer.html'): string => `${APP_ORIGIN}/${file}`;

/** A `..` segment in the raw URL, plain or percent-encoded (the URL parser folds some of them away). */
export const hasDotSegment = (rawUrl: string): boolean => /(^|\/)(\.|%2e){2}(\/|%2f|$)/i.test(rawUrl.replace(/%2f/gi, '/'));

const notFound = (): Response => new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** protocol.handle's handler: GET of a file inside rendererDir; `..`, encoded escapes, other hosts → 404. */
export function appProtocolHandler(rendererDir: string): (req: Request) => Response {
  return (req) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound();
    // The raw path too: a `..` the URL parser already folded away must not reach a file either.
    if (hasDotSegment(req.url)) return notFound();
    const file = resolveStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return notFound();
    return new Response(req.method === 'HEAD' ? null : fs.readFileSync(file), {
      status: 200,
      headers: {
        'content-type': contentType(file),
        'content-security-policy': contentSecurityPolicy({ kind: 'electron' }),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}

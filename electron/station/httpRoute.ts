import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An HTTP route the station needs reachable from outside its windows (Alipay's notifications, the
 * entry-code page). Both hosts mount these on the station's HTTP server, and only these answer a
 * request whose Host is not the station's own loopback address: they are the public path set
 * (PUBLIC_PATHS), the only paths a reverse proxy should publish.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** Exact path, or a prefix ending in '/'. */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
}

/** Upper bound for any request body the station reads (notifications, H5 forms). */
export const MAX_HTTP_BODY_BYTES = 256 * 1024;

/** The public path set: every HttpRoute lives under one of these, nothing private does. */
export const PUBLIC_PATHS = ['/alipay/', '/entry'] as const;

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`) || (!p.endsWith('/') && pathname === p));
}

const clientIps = new WeakMap<IncomingMessage, string>();

/** The HTTP server records who the client is (its IP, or the proxy's forwarded one) for the routes. */
export function setClientIp(req: IncomingMessage, ip: string): void {
  clientIps.set(req, ip);
}

export function clientIp(req: IncomingMessage): string {
  return clientIps.get(req) ?? req.socket.remoteAddress ?? 'unknown';
}

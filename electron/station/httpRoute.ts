import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An HTTP route the station needs reachable from outside its windows (Alipay's notifications, the
 * entry-code page). Both hosts mount these on the station's HTTP server.
 */
export interface HttpRoute {
  readonly method: 'GET' | 'POST';
  /** Exact path, or a prefix ending in '/'. */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void | Promise<void>;
}

/** Upper bound for any request body the station reads (notifications, H5 forms). */
export const MAX_HTTP_BODY_BYTES = 256 * 1024;

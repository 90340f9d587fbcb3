import http from 'node:http';
import https from 'node:https';
import { AmsNetworkError, AmsProtocolError, AmsTimeoutError } from './amsErrors';

export interface TransportRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Exactly the bytes that were signed. */
  readonly body: Buffer;
  readonly connectTimeoutMs: number;
  /** From the moment the request is written until the last response byte. */
  readonly readTimeoutMs: number;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case names (node already folds them). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Raw bytes, before any parsing: signatures are checked over these. */
  readonly body: Buffer;
}

/** Injected so tests and the bench can swap the wire; the default is node:http(s) with keep-alive. */
export type AmsTransport = (req: TransportRequest) => Promise<TransportResponse>;

/** Alipay answers are small; a huge body is a broken or hostile peer. */
const MAX_RESPONSE_BYTES = 1 << 20;

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECERT', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * node:http(s) transport with separate connect and read deadlines. Errors are typed so the client
 * can tell "never left the building" (safe to say nothing happened) from "sent, answer lost".
 */
export function createHttpTransport(opts: { keepAlive?: boolean; maxSockets?: number } = {}): AmsTransport & { close(): void } {
  const agentOpts = { keepAlive: opts.keepAlive ?? true, maxSockets: opts.maxSockets ?? 64 };
  const httpAgent = new http.Agent(agentOpts);
  const httpsAgent = new https.Agent(agentOpts);
  const send: AmsTransport = (req) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const isHttps = req.url.protocol === 'https:';
      const lib = isHttps ? https : http;
      let settled = false;
      let connected = false;
      let connectTimer: NodeJS.Timeout | undefined;
      let readTimer: NodeJS.Timeout | undefined;
      const finish = (err: Error | undefined, res?: TransportResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        if (err) reject(err);
        else resolve(res!);
      };
      const startRead = (): void => {
        if (readTimer) return;
        readTimer = setTimeout(() => {
          finish(new AmsTimeoutError('read', req.readTimeoutMs));
          r.destroy();
        }, req.readTimeoutMs);
      };
      const r = lib.request(req.url, {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: isHttps ? httpsAgent : httpAgent,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            finish(new AmsProtocolError(`response larger than ${MAX_RESPONSE_BYTES} bytes`, { httpStatus: res.statusCode }));
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          finish(undefined, { status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on('aborted', () => finish(new AmsNetworkError('connection closed mid-response', { sent: true })));
        res.on('error', (e) => finish(new AmsNetworkError(`response error: ${e.message}`, { sent: true, cause: e })));
      });
      r.on('socket', (socket) => {
        // A reused keep-alive socket is already connected; only a fresh one needs the connect deadline.
        const fresh = socket.connecting;
        if (!fresh) {
          connected = true;
          startRead();
          return;
        }
        connectTimer = setTimeout(() => {
          finish(new AmsTimeoutError('connect', req.connectTimeoutMs));
          r.destroy();
        }, req.connectTimeoutMs);
        socket.once(isHttps ? 'secureConnect' : 'connect', () => {
          connected = true;
          clearTimeout(connectTimer);
          startRead();
        });
      });
      r.on('error', (e: NodeJS.ErrnoException) => {
        const neverSent = !connected && (e.code === undefined || CONNECT_FAILURES.has(e.code));
        finish(new AmsNetworkError(`${e.code ?? 'network error'}: ${e.message}`, { sent: !neverSent, cause: e }));
      });
      r.end(req.body);
    });
  return Object.assign(send, {
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}

import http from 'node:http';
import https from 'node:https';
import { ProxyAgent } from 'proxy-agent';
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
 * An outbound proxy (shops often have one). `url` set: every request goes through it except hosts in
 * `noProxy` (comma-separated names, `.suffix`, `*`, optional `:port`). Without a setting the standard
 * environment variables decide (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, via proxy-from-env).
 */
export interface ProxySetting {
  readonly url: string;
  readonly noProxy?: string;
}

/** NO_PROXY matching for an explicit setting (same rules as proxy-from-env). */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.split(/[,\s]+/).filter(Boolean).some((raw) => {
    if (raw === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(raw.toLowerCase())!;
    const name = m[1]!.replace(/^\*/, '');
    if (m[2] && m[2] !== port) return false;
    return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name || host.endsWith(`.${name}`);
  });
}

/**
 * node:http(s) transport with separate connect and read deadlines, through `proxy-agent` (HTTP(S)
 * CONNECT, SOCKS, PAC) when a proxy applies. Errors are typed so the client can tell "never left the
 * building" (safe to say nothing happened) from "sent, answer lost".
 */
export function createHttpTransport(opts: { keepAlive?: boolean; maxSockets?: number; proxy?: ProxySetting } = {}): AmsTransport & { close(): void } {
  const agentOpts = { keepAlive: opts.keepAlive ?? true, maxSockets: opts.maxSockets ?? 64 };
  const direct = { http: new http.Agent(agentOpts), https: new https.Agent(agentOpts) };
  const proxy = opts.proxy;
  // Only requests a proxy applies to go through proxy-agent; direct ones keep the plain keep-alive
  // agents (agent-base's own socket accounting must not cap direct traffic).
  const viaProxy = new ProxyAgent({
    keepAlive: agentOpts.keepAlive,
    httpAgent: direct.http,
    httpsAgent: direct.https,
    ...(proxy ? { getProxyForUrl: (u: string) => (bypassesProxy(new URL(u), proxy.noProxy) ? '' : proxy.url) } : {}),
  });
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
      const armConnect = (): void => {
        connectTimer = setTimeout(() => {
          finish(new AmsTimeoutError('connect', req.connectTimeoutMs));
          r.destroy();
        }, req.connectTimeoutMs);
      };
      // Through a proxy, connecting to it (and its CONNECT) happens before any socket is handed over:
      // the deadline runs from now. Direct, it starts with the socket (time queued for a free socket is not connecting).
      const hop = viaProxy.getProxyForUrl(req.url.href, undefined as unknown as http.ClientRequest);
      const proxied = typeof hop !== 'string' || hop !== '';
      const r = lib.request(req.url, {
        method: 'POST',
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: proxied ? viaProxy : isHttps ? direct.https : direct.http,
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
      if (proxied) armConnect();
      r.on('socket', (socket) => {
        // A reused keep-alive socket is already connected; only a fresh one needs the connect deadline.
        const fresh = socket.connecting;
        if (!fresh) {
          connected = true;
          clearTimeout(connectTimer);
          startRead();
          return;
        }
        if (!proxied) armConnect();
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
      viaProxy.destroy();
      direct.http.destroy();
      direct.https.destroy();
    },
  });
}

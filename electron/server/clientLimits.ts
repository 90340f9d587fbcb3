import type { IncomingMessage } from 'node:http';

/**
 * Per-client limits for the public routes (entry-code pages, notifications). A client is its IP;
 * behind a reverse proxy that is the proxy's own address, so X-Forwarded-For is read only when the
 * connection comes from a proxy the shop configured (POS_TRUSTED_PROXIES), and then its last hop.
 */
export function clientIpOf(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normaliseIp(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const xff = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(xff) ? xff.join(',') : xff ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return hops.length > 0 ? normaliseIp(hops[hops.length - 1]!) : peer;
}

function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. The table is bounded
 * (oldest keys dropped first), so a flood of addresses cannot grow memory without end.
 */
export function createRateLimiter(opts: { burst: number; perSecond: number; maxKeys?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** True when `key` may make one more request now (and counts it). */
    allow(key: string): boolean {
      const t = now();
      const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
      b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      buckets.delete(key);
      buckets.set(key, b); // most recent last: eviction takes the oldest
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** POS_TRUSTED_PROXIES: comma-separated addresses of the shop's reverse proxies (see README). */
export function trustedProxiesFrom(env: NodeJS.ProcessEnv): string[] {
  return (env.POS_TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

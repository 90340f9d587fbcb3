/**
 * Per-key token buckets: `perMinute` calls a minute on average, bursts up to the same number, so a
 * till that paused may catch up but a runaway loop is slowed to its rate. Pure; time is injected.
 */
export interface RateLimiter {
  /** null: allowed (one token taken); otherwise how many ms until the next call would be. */
  take(key: string, perMinute: number): number | null;
}

export function createRateLimiter(now: () => number, maxKeys = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, perMinute) {
      const t = now();
      const rate = perMinute / 60_000; // tokens per ms
      let b = buckets.get(key);
      if (!b) {
        // Bounded memory against a flood of made-up keys: the oldest bucket goes first.
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        b = { tokens: perMinute, at: t };
        buckets.set(key, b);
      }
      b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return null;
      }
      return Math.ceil((1 - b.tokens) / rate);
    },
  };
}

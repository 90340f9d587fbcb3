import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../electron/till/rateLimiter';

describe('rateLimiter (token bucket per key)', () => {
  it('allows a burst of perMinute, then one call per 60/perMinute seconds, per key', () => {
    let t = 0;
    const l = createRateLimiter(() => t);
    for (let i = 0; i < 6; i++) expect(l.take('a', 6)).toBeNull();
    expect(l.take('a', 6)).toBe(10_000); // one token takes 10 s at 6 a minute
    expect(l.take('b', 6)).toBeNull(); // another key is not slowed
    t += 9_999;
    expect(l.take('a', 6)).toBe(1);
    t += 1;
    expect(l.take('a', 6)).toBeNull();
    t += 3_600_000; // a long pause refills only up to the burst
    for (let i = 0; i < 6; i++) expect(l.take('a', 6)).toBeNull();
    expect(l.take('a', 6)).not.toBeNull();
  });

  it('keeps memory bounded against a flood of made-up keys', () => {
    const l = createRateLimiter(() => 0, 3);
    for (const k of ['a', 'b', 'c', 'd']) l.take(k, 1);
    // 'a' was evicted, so it starts with a full bucket again; 'd' is still spent.
    expect(l.take('a', 1)).toBeNull();
    expect(l.take('d', 1)).not.toBeNull();
  });
});

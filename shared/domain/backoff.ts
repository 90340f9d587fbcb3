/**
 * Retry delay for the outbox and for device reconnects: exponential, capped, with "equal jitter" (half fixed, half
 * random) so terminals that lost the link together do not all come back in the same millisecond.
 * Pure: the random source is injected.
 */
export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const half = exp / 2;
  return Math.round(half + random() * half);
}

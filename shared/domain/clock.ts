/** Injected wherever money or timers are involved, so tests can move time instead of waiting. */
export interface Clock {
  /** Clock-time per real time (a time-scaled demo or crash test); absent = 1. Network timeouts stay real. */
  readonly scale?: number;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Time running `scale` times faster than the wall clock from `origin` (a scaled "now" at `realBase`).
 * Processes built with the same origin and base agree on "now", so crash tests and demo-mode
 * end-to-end tests see a 1-minute payment expiry pass in 60/scale real seconds.
 */
export function scaledClock(origin: number, realBase: number, scale: number): Clock {
  return {
    scale,
    now: () => Math.floor(origin + (Date.now() - realBase) * scale),
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms / scale)),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

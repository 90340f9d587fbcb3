import type { Clock } from '../../shared/domain/clock';

/**
 * Time running `scale` times faster than the wall clock, identical in every process that uses the
 * same origin: the station (killed and restarted) and the simulator agree on "now" across restarts,
 * so a 1-minute payment expiry passes in 60/scale real seconds.
 */
export function scaledClock(origin: number, realBase: number, scale: number): Clock {
  return {
    now: () => Math.floor(origin + (Date.now() - realBase) * scale),
    setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms / scale)),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

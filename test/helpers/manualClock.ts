import type { Clock } from '../../shared/domain/clock';

export type ManualClock = Clock & { advance(ms: number): void; set(t: number): void };

/** A clock the test moves by hand; timers still fire (at once when already due). */
export function manualClock(start: number): ManualClock {
  let now = start;
  const timers = new Set<{ at: number; fn: () => void }>();
  const run = (): void => {
    for (const t of [...timers]) {
      if (t.at <= now) {
        timers.delete(t);
        t.fn();
      }
    }
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.add(t);
      queueMicrotask(run);
      return t;
    },
    clearTimeout: (h) => {
      timers.delete(h as { at: number; fn: () => void });
    },
    advance(ms) {
      now += ms;
      run();
    },
    set(t) {
      now = t;
      run();
    },
  };
}

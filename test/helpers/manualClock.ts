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

/**
 * A clock whose timers fire only when the test advances it, one by one in due order, with `now` at
 * each timer's own due time (what a timing detector such as the keyboard-wedge one needs to see).
 */
export function steppedClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(h) {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

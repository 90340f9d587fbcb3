/**
 * Is Alipay reachable? Learned from every call's outcome (an answer, even a refusal, means yes; no
 * connection or a timeout means no). While unreachable a cheap probe runs on an interval, so the
 * queue resumes and new payments are allowed again as soon as the link is back.
 */
import type { Clock } from '../../../shared/domain/clock';
import type { NetworkState } from '../../../shared/domain/station';
import { reachableOf, type AcquirerAnswer } from './enginePorts';

export interface ReachabilityDeps {
  readonly clock: Clock;
  readonly probeIntervalMs?: number;
  /** One cheap signed call (an inquiry for an id that does not exist). */
  probe(): Promise<AcquirerAnswer<unknown>>;
  onChange(state: NetworkState, previous: NetworkState): void;
}

export interface Reachability {
  readonly state: NetworkState;
  report(answer: AcquirerAnswer<unknown>): void;
  stop(): void;
}

export function createReachability(deps: ReachabilityDeps): Reachability {
  let state: NetworkState = 'unknown';
  let probeTimer: unknown;
  let stopped = false;
  const interval = deps.probeIntervalMs ?? 5_000;

  function set(next: NetworkState): void {
    if (next === state) return;
    const prev = state;
    state = next;
    if (next === 'offline') scheduleProbe();
    else if (probeTimer !== undefined) {
      deps.clock.clearTimeout(probeTimer);
      probeTimer = undefined;
    }
    deps.onChange(next, prev);
  }

  function scheduleProbe(): void {
    if (stopped || probeTimer !== undefined) return;
    probeTimer = deps.clock.setTimeout(() => {
      probeTimer = undefined;
      if (stopped || state !== 'offline') return;
      void deps.probe().then((o) => {
        report(o);
        if (state === 'offline') scheduleProbe();
      }, () => scheduleProbe());
    }, interval);
  }

  function report(o: AcquirerAnswer<unknown>): void {
    if (stopped) return;
    set(reachableOf(o) ? 'online' : 'offline');
  }

  return {
    get state() {
      return state;
    },
    report,
    stop() {
      stopped = true;
      if (probeTimer !== undefined) deps.clock.clearTimeout(probeTimer);
    },
  };
}

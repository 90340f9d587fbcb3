/**
 * The outbox's drain loop (DESIGN §6), one implementation for every lane: one job at a time (so two
 * jobs with the same key can never run together), exponential backoff with jitter, a dead letter
 * after N failures that happened while the other end was reachable. Failures because the link is
 * down, and a handler's "not now" (wait), only wait: they resume on a wake (the link or the device
 * is back) and on restart (the jobs are rows; `running` ones are reset). Pure scheduling: the store,
 * the clock and the handlers are injected.
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../../shared/domain/backoff';
import type { Clock } from '../../../shared/domain/clock';
import type { JobOutcome, OutboxJob, OutboxKind, OutboxStore } from '../../../shared/domain/outboxJob';

export interface OutboxPolicy extends BackoffPolicy {
  /** Failures (not counting network outages) before a job goes to the dead letter. */
  readonly maxFailures: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = { ...DEFAULT_BACKOFF, maxFailures: 8 };

export interface OutboxLoopDeps<K extends string = OutboxKind> {
  readonly store: OutboxStore<K>;
  readonly clock: Clock;
  readonly policy?: OutboxPolicy;
  readonly random?: () => number;
  /** The lane's handlers (dispatchJobs: one per kind). */
  run(job: OutboxJob<K>): Promise<JobOutcome>;
  /** Queue contents changed: the UI's queue view and status bar. */
  onChange?(): void;
  onError?(job: OutboxJob<K>, e: unknown): void;
}

export interface OutboxLoop {
  /** Start (after a restart: reset jobs left running) and drain what is due. */
  start(): void;
  /** Something was enqueued or became due: drain soon. */
  kick(): void;
  /** The link (or the device) is back: everything pending is due now. */
  wake(): void;
  /** Resolves when no job is running and none is due now. */
  idle(): Promise<void>;
  stop(): void;
}

export function createOutboxLoop<K extends string = OutboxKind>(deps: OutboxLoopDeps<K>): OutboxLoop {
  const policy = deps.policy ?? DEFAULT_OUTBOX_POLICY;
  const random = deps.random ?? Math.random;
  const { store, clock } = deps;
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: unknown;
  let timerAt: number | null = null;
  let stopped = true;

  async function runOne(job: OutboxJob<K>): Promise<void> {
    const now = clock.now();
    store.markRunning(job.id, now);
    let outcome: JobOutcome;
    try {
      outcome = await deps.run(job);
    } catch (e) {
      deps.onError?.(job, e);
      outcome = { kind: 'retry', error: `internal: ${(e as Error)?.message ?? String(e)}`.slice(0, 300), network: false };
    }
    const at = clock.now();
    switch (outcome.kind) {
      case 'done':
        store.markDone(job.id, at);
        break;
      case 'dead':
        store.markDead(job.id, at, outcome.reason);
        break;
      case 'wait':
        store.markRetry(job.id, at, Math.max(at, outcome.until), outcome.note.slice(0, 300), outcome.counts ?? false);
        break;
      case 'retry': {
        const failures = job.failures + (outcome.network ? 0 : 1);
        if (failures >= policy.maxFailures) store.markDead(job.id, at, `gave up after ${failures} failures: ${outcome.error}`);
        else store.markRetry(job.id, at, at + backoffDelay(job.attempts + 1, policy, random), outcome.error, !outcome.network);
        break;
      }
    }
    deps.onChange?.();
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      for (let job = store.nextDue(clock.now()); job && !stopped; job = store.nextDue(clock.now())) await runOne(job);
    } while (again && !stopped);
    schedule();
  }

  function schedule(): void {
    if (stopped) return;
    const at = store.nextWakeAt();
    if (at === null) return;
    if (timerAt !== null && timerAt <= at) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timerAt = at;
    timer = clock.setTimeout(() => {
      timer = undefined;
      timerAt = null;
      kick();
    }, Math.max(0, at - clock.now()));
  }

  function kick(): void {
    if (stopped) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain().finally(() => {
      draining = null;
      // A kick between the drain's last look and here would otherwise be lost.
      if (again) kick();
    });
  }

  return {
    start() {
      stopped = false;
      if (store.resetRunning(clock.now()) > 0) deps.onChange?.();
      kick();
    },
    kick,
    wake() {
      if (store.wakeAllPending(clock.now()) > 0) deps.onChange?.();
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      timerAt = null;
      kick();
    },
    async idle() {
      for (;;) {
        if (draining) await draining;
        else if (store.nextDue(clock.now()) && !stopped) kick();
        else return;
      }
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      timerAt = null;
    },
  };
}

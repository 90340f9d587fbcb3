/**
 * The offline queue as the supervisor reads it: dead jobs first (they need a person), then what is
 * running, then pending ones by when they will be tried next.
 */
import type { QueueJobSnapshot } from '../../shared/domain/payment';

const RANK: Readonly<Record<QueueJobSnapshot['status'], number>> = { dead: 0, running: 1, pending: 2, done: 3 };

export function sortJobs(jobs: readonly QueueJobSnapshot[]): QueueJobSnapshot[] {
  return [...jobs].sort((a, b) => RANK[a.status] - RANK[b.status] || a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
}

/** When a pending job runs next, as whole seconds from now (0 = due now); null for other states. */
export function secondsUntil(job: QueueJobSnapshot, now: number): number | null {
  if (job.status !== 'pending') return null;
  return Math.max(0, Math.ceil((job.nextAttemptAt - now) / 1000));
}

/** Ids are long: the screen shows the head and the tail, enough to match a receipt or a log line. */
export function shortId(id: string): string {
  return id.length <= 14 ? id : `${id.slice(0, 6)}…${id.slice(-6)}`;
}

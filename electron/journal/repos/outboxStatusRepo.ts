/**
 * What the station shows about the outbox (the durable job queue), read only: the status bar's
 * queue figures and the head office's health report. The outbox itself (its jobs, lanes and
 * writes) is journal/outbox's.
 */
import type { Db } from '../openJournal';

export interface QueueFigures {
  /** Jobs waiting or running. */
  readonly pending: number;
  /** Jobs that gave up and wait for a supervisor's retry. */
  readonly dead: number;
}

export interface OutboxStatusReads {
  /** Every kind of job: the status bar's queue pill. */
  queueFigures(): QueueFigures;
  /** Jobs other than uploads to head office, per status (what HQ is told; an upload cannot report on itself). */
  countsWithoutUploads(): Array<{ status: string; n: number }>;
}

export function createOutboxStatusRepo(db: Db): OutboxStatusReads {
  const all = db.prepare<[], { status: string; n: number }>("SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' GROUP BY status");
  const notUploads = db.prepare<[], { status: string; n: number }>(
    "SELECT status, count(*) AS n FROM outbox WHERE kind NOT IN ('upload','print') AND status IN ('pending','running','dead') GROUP BY status ORDER BY status",
  );
  return {
    queueFigures() {
      let pending = 0;
      let dead = 0;
      for (const r of all.all()) {
        if (r.status === 'dead') dead += r.n;
        else pending += r.n;
      }
      return { pending, dead };
    },
    countsWithoutUploads: () => notUploads.all(),
  };
}

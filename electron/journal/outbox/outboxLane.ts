/**
 * One lane of the durable outbox table, as the OutboxStore port the outbox loop drives. Each lane
 * has its own loop, so one kind's backlog never blocks another: a long head-office catch-up or a
 * printer out of paper never holds a cancel or refund back. Every kind belongs to exactly one lane
 * (OUTBOX_LANES), and the lane's kinds bound every query that picks jobs (due, wake, crash reset,
 * wake-all), so no loop can touch another lane's jobs.
 */
import type { Db } from '../openJournal';
import type { QueueJobKind } from '../../../shared/domain/payment';
import type { OutboxJob, OutboxKind, OutboxStore } from '../../../shared/domain/outboxJob';

/**
 * `due`: the earliest due job first (a job in backoff lets the others by). `fifo`: strictly in the
 * order queued, and a waiting head holds the lane (receipts come out in the order they were taken;
 * paper out pauses the printing, DESIGN §7).
 */
export type LaneOrder = 'due' | 'fifo';

export const OUTBOX_LANES = {
  payments: { kinds: ['cancel', 'void', 'reverse', 'refund'], order: 'due' },
  print: { kinds: ['print'], order: 'fifo' },
  upload: { kinds: ['upload'], order: 'due' },
} as const satisfies Record<string, { readonly kinds: readonly OutboxKind[]; readonly order: LaneOrder }>;

export type OutboxLaneName = keyof typeof OUTBOX_LANES;
export type LaneKind<L extends OutboxLaneName> = (typeof OUTBOX_LANES)[L]['kinds'][number];

/** One outbox row; `K` defaults to the kinds the offline-queue views read (they leave `print` out). */
export interface OutboxRow<K extends string = QueueJobKind> {
  id: number; kind: K; idempotency_key: string; subject: string | null; status: OutboxJob['status']; attempts: number; failures: number;
  next_attempt_at: number; last_error: string | null; created_at: number; updated_at: number;
}

export const outboxJobOf = <K extends string>(r: OutboxRow<K>): OutboxJob<K> => ({
  id: r.id, kind: r.kind, key: r.idempotency_key, subject: r.subject ?? '', status: r.status, attempts: r.attempts, failures: r.failures,
  nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
});

export function createOutboxLane<L extends OutboxLaneName>(db: Db, name: L): OutboxStore<LaneKind<L>> {
  const def: { readonly kinds: readonly string[]; readonly order: LaneOrder } = OUTBOX_LANES[name];
  // Kinds are our own constants, never input; bound as parameters all the same.
  const kinds = [...def.kinds];
  const lane = `kind IN (${kinds.map(() => '?').join(', ')})`;
  const stmt = {
    nextDue: db.prepare(`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND ${lane} ORDER BY next_attempt_at, id LIMIT 1`),
    head: db.prepare(`SELECT * FROM outbox WHERE status = 'pending' AND ${lane} ORDER BY id LIMIT 1`),
    nextWake: db.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending' AND ${lane}`),
    markRunning: db.prepare("UPDATE outbox SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ?"),
    markDone: db.prepare("UPDATE outbox SET status = 'done', updated_at = ?, last_error = NULL WHERE id = ?"),
    markRetry: db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, failures = failures + ?, updated_at = ? WHERE id = ?"),
    markDead: db.prepare("UPDATE outbox SET status = 'dead', last_error = ?, updated_at = ? WHERE id = ?"),
    resetRunning: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ? WHERE status = 'running' AND ${lane}`),
    wakeAll: db.prepare(`UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE status = 'pending' AND next_attempt_at > ? AND ${lane}`),
  };
  const head = (): OutboxRow<LaneKind<L>> | undefined => stmt.head.get(...kinds) as OutboxRow<LaneKind<L>> | undefined;
  const fifo = def.order === 'fifo';
  return {
    nextDue: (now) => {
      const r = fifo ? head() : (stmt.nextDue.get(now, ...kinds) as OutboxRow<LaneKind<L>> | undefined);
      return r && r.next_attempt_at <= now ? outboxJobOf(r) : null;
    },
    nextWakeAt: () => (fifo ? (head()?.next_attempt_at ?? null) : (stmt.nextWake.get(...kinds) as { at: number | null }).at),
    markRunning: (id, now) => void stmt.markRunning.run(now, id),
    markDone: (id, now) => void stmt.markDone.run(now, id),
    markRetry: (id, now, nextAt, error, counts) => void stmt.markRetry.run(nextAt, error, counts ? 1 : 0, now, id),
    markDead: (id, now, reason) => void stmt.markDead.run(reason, now, id),
    resetRunning: (now) => stmt.resetRunning.run(now, now, ...kinds).changes,
    wakeAllPending: (now) => stmt.wakeAll.run(now, now, now, ...kinds).changes,
  };
}

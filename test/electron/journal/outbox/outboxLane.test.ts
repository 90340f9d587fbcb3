import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { dispatchJobs, type JobOutcome, type OutboxJob } from '../../../../shared/domain/outboxJob';
import { createOutboxLane, OUTBOX_LANES } from '../../../../electron/journal/outbox/outboxLane';
import { createOutboxLoop } from '../../../../electron/journal/outbox/outboxLoop';
import { tempDir } from '../../../helpers/tempDir';
import { FakeClock, T0 } from '../../payments/engine/engineWorld';

function journal(): Db {
  return openJournal(path.join(tempDir(), 'j.sqlite'));
}

function put(db: Db, kind: string, key: string, at: number): number {
  return Number(db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
    VALUES (?, ?, '{}', 'pending', 0, ?, ?, ?, ?)`).run(kind, key, at, at, at, key).lastInsertRowid);
}

describe('outbox lanes', () => {
  it('every kind belongs to exactly one lane, and a lane sees only its own kinds', () => {
    const all = Object.values(OUTBOX_LANES).flatMap((l) => [...l.kinds]);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(['cancel', 'print', 'refund', 'reverse', 'upload', 'void']);
    const db = journal();
    put(db, 'print', 'print:1', T0);
    put(db, 'upload', 'hq-upload', T0);
    put(db, 'cancel', 'cancel:P1', T0);
    expect(createOutboxLane(db, 'payments').nextDue(T0)?.key).toBe('cancel:P1');
    expect(createOutboxLane(db, 'print').nextDue(T0)?.key).toBe('print:1');
    expect(createOutboxLane(db, 'upload').nextDue(T0)?.key).toBe('hq-upload');
    db.prepare("UPDATE outbox SET status = 'running'").run();
    expect(createOutboxLane(db, 'print').resetRunning(T0)).toBe(1); // a crash reset of one lane leaves the others alone
    expect(db.prepare("SELECT kind FROM outbox WHERE status = 'running' ORDER BY kind").pluck().all()).toEqual(['cancel', 'upload']);
    db.close();
  });

  it('a fifo lane (print) keeps its order: a waiting head holds the rest; a due lane lets the others by', () => {
    const db = journal();
    const first = put(db, 'print', 'print:1', T0 + 30_000); // waiting for the printer
    put(db, 'print', 'print:2', T0);
    const print = createOutboxLane(db, 'print');
    expect(print.nextDue(T0)).toBeNull();
    expect(print.nextWakeAt()).toBe(T0 + 30_000);
    expect(print.wakeAllPending(T0)).toBe(1);
    expect(print.nextDue(T0)?.id).toBe(first);
    put(db, 'refund', 'refund:R1', T0 + 30_000);
    put(db, 'refund', 'refund:R2', T0);
    expect(createOutboxLane(db, 'payments').nextDue(T0)?.key).toBe('refund:R2');
    db.close();
  });
});

describe('the job-kind registry and the loop', () => {
  it('runs each job with its kind’s one handler; a kick right after a drain is never lost', async () => {
    const clock = new FakeClock(T0);
    const db = journal();
    const ran: string[] = [];
    let bothRan: () => void = () => undefined;
    const both = new Promise<void>((r) => (bothRan = r));
    const handler = (name: string) => ({
      run: async (job: OutboxJob<'cancel' | 'void' | 'reverse' | 'refund'>): Promise<JobOutcome> => {
        ran.push(`${name}:${job.key}`);
        if (ran.length === 2) bothRan();
        return { kind: 'done' };
      },
    });
    const resolve = handler('resolve');
    const loop = createOutboxLoop({
      store: createOutboxLane(db, 'payments'),
      clock,
      run: dispatchJobs({ cancel: resolve, void: resolve, reverse: resolve, refund: handler('refund') }),
    });
    loop.start(); // drains nothing; its settling is still in flight
    put(db, 'refund', 'refund:R1', T0);
    loop.kick();
    put(db, 'cancel', 'cancel:P1', T0);
    // Not loop.idle(): it would kick by itself. The kick alone must get both jobs run.
    await Promise.race([both, new Promise((r) => setTimeout(r, 2_000))]);
    expect(ran).toEqual(['refund:refund:R1', 'resolve:cancel:P1']);
    await loop.idle(); // the drain's last look, before the journal closes
    loop.stop();
    db.close();
  });
});

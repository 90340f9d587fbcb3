import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { backoffDelay } from '../../../../shared/domain/backoff';
import type { JobOutcome, OutboxJob } from '../../../../shared/domain/outboxJob';
import { createOutboxLoop } from '../../../../electron/journal/outbox/outboxLoop';
import { createPaymentStore } from '../../../../electron/payments/store/paymentStore';
import { tempDir } from '../../../helpers/tempDir';
import { FakeClock, T0 } from '../../payments/engine/engineWorld';

function setup(run: (job: OutboxJob) => Promise<JobOutcome>) {
  const clock = new FakeClock(T0);
  const db = openJournal(path.join(tempDir(), 'j.sqlite'));
  const store = createPaymentStore(db, clock);
  const loop = createOutboxLoop({ store: store.outbox, clock, policy: { baseDelayMs: 1_000, maxDelayMs: 8_000, maxFailures: 3 }, random: () => 1, run });
  const settle = () => loop.idle();
  return { clock, db, store, loop, settle };
}

describe('offline queue drain loop', () => {
  it('backoff is exponential, capped, jittered', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { baseDelayMs: 1_000, maxDelayMs: 8_000 }, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(backoffDelay(3, { baseDelayMs: 1_000, maxDelayMs: 8_000 }, () => 0)).toBe(2_000);
  });

  it('dead-letters after N answered failures with the reason; network failures only wait; retry brings it back', async () => {
    let calls = 0;
    let mode: 'network' | 'fail' | 'ok' = 'network';
    const t = setup(async () => {
      calls++;
      if (mode === 'ok') return { kind: 'done' };
      return { kind: 'retry', error: mode === 'network' ? 'network: ECONNREFUSED' : 'http-status: HTTP 503', network: mode === 'network' };
    });
    t.store.attempts.enqueueJobs([{ kind: 'cancel', key: 'cancel:P1', subject: 'P1' }]);
    t.loop.start();
    await t.clock.advanceTo(T0 + 60_000, t.settle);
    const offline = t.store.outbox.openJobs()[0]!;
    expect(offline).toMatchObject({ status: 'pending', failures: 0, lastError: 'network: ECONNREFUSED' });
    expect(calls).toBeGreaterThan(5);
    // Reconnect: due at once, whatever the backoff said.
    mode = 'fail';
    t.loop.wake();
    await t.settle();
    await t.clock.advanceTo(t.clock.now() + 60_000, t.settle);
    const dead = t.store.outbox.openJobs()[0]!;
    expect(dead).toMatchObject({ status: 'dead', failures: 2 });
    expect(dead.lastError).toMatch(/gave up after 3 failures: http-status: HTTP 503/);
    expect(t.store.queueSnapshot('online')).toMatchObject({ dead: 1, pending: 0 });
    mode = 'ok';
    t.store.outbox.retryDead(dead.id, t.clock.now());
    t.loop.kick();
    await t.settle();
    expect(t.store.outbox.openJobs()).toEqual([]);
    t.loop.stop();
    t.db.close();
  });

  it('one job at a time; a job left running by a crash runs again on start; the same key is never queued twice', async () => {
    let running = 0;
    let maxRunning = 0;
    const t = setup(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { kind: 'done' };
    });
    t.store.attempts.enqueueJobs([{ kind: 'cancel', key: 'cancel:A', subject: 'A' }, { kind: 'cancel', key: 'cancel:A', subject: 'A' }, { kind: 'refund', key: 'refund:R', subject: 'R' } as never]);
    expect(t.store.outbox.openJobs()).toHaveLength(2);
    t.store.outbox.markRunning(t.store.outbox.openJobs()[0]!.id, T0); // crashed mid-job
    t.loop.start();
    t.loop.kick();
    t.loop.kick();
    await t.settle();
    expect(maxRunning).toBe(1);
    expect(t.store.outbox.openJobs()).toEqual([]);
    t.loop.stop();
    t.db.close();
  });
});

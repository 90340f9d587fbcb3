import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../electron/journal/openJournal';
import { hqLinkRepo, OUTGOING_KEEP } from '../../../electron/journal/repos/hqLinkRepo';
import { createUploadOutbox, UPLOAD_JOB_KEY } from '../../../electron/journal/outbox/uploadLane';
import { createPaymentStore } from '../../../electron/payments/store/paymentStore';
import { hqUploadRepo } from '../../../electron/journal/repos/hqUploadRepo';
import { tempDir } from '../../helpers/tempDir';

describe('the upload job on the durable outbox', () => {
  it('is one row, armed again once done, never brought forward past its backoff, and invisible to the payments loop', () => {
    const db = openJournal(path.join(tempDir(), 'journal.sqlite'));
    const up = createUploadOutbox(db);
    const payments = createPaymentStore(db, { now: () => 1_000 });
    up.arm(1_000);
    up.arm(1_001);
    expect(db.prepare("SELECT count(*) FROM outbox WHERE idempotency_key = ?").pluck().get(UPLOAD_JOB_KEY)).toBe(1);
    const job = up.nextDue(1_000)!;
    expect(job.kind).toBe('upload');
    expect(payments.outbox.nextDue(10_000)).toBeNull();
    expect(payments.outbox.nextWakeAt()).toBeNull();
    up.markRunning(job.id, 1_000);
    up.markRetry(job.id, 1_000, 60_000, 'HQ unreachable', false);
    up.arm(2_000); // a new sale while HQ is down: the backoff stands
    expect(up.nextDue(2_000)).toBeNull();
    expect(up.nextWakeAt()).toBe(60_000);
    up.markRunning(job.id, 60_000);
    up.markDone(job.id, 60_000);
    expect(up.nextDue(70_000)).toBeNull();
    up.arm(70_000);
    expect(up.nextDue(70_000)?.id).toBe(job.id);
    db.close();
  });

  it('the payments loop\'s crash reset and wake-all leave the upload lane alone (and the other way round)', () => {
    const db = openJournal(path.join(tempDir(), 'journal.sqlite'));
    const up = createUploadOutbox(db);
    const payments = createPaymentStore(db, { now: () => 1_000 });
    up.arm(1_000);
    const job = up.nextDue(1_000)!;
    up.markRunning(job.id, 1_000);
    // The payments part restarts (process guard): its reset must not re-run an upload in flight.
    expect(payments.outbox.resetRunning(2_000)).toBe(0);
    expect(db.prepare('SELECT status FROM outbox WHERE id = ?').pluck().get(job.id)).toBe('running');
    up.markRetry(job.id, 2_000, 60_000, 'HQ unreachable', false);
    // The gateway is back: payments wake their own jobs, the upload's backoff stands.
    expect(payments.outbox.wakeAllPending(3_000)).toBe(0);
    expect(up.nextWakeAt()).toBe(60_000);
    expect(up.wakeAllPending(3_000)).toBe(1);
    expect(up.nextDue(3_000)?.id).toBe(job.id);
    db.close();
  });

  it('logs journal rows by trigger, backfills what was there before, and prunes long-confirmed ones', () => {
    const db = openJournal(path.join(tempDir(), 'journal.sqlite'));
    db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES ('S0', 1, 1, 'open', 100, 'CNY')").run();
    hqUploadRepo(db).ensureSources(5);
    hqUploadRepo(db).ensureSources(6); // idempotent: triggers once, backfill once per source
    db.prepare("UPDATE sales SET status = 'paid', updated_at = 2 WHERE id = 'S0'").run();
    const rows = db.prepare('SELECT kind, key, at FROM hq_outgoing ORDER BY seq').all();
    expect(rows).toEqual([{ kind: 'sale', key: 'S0', at: 1 }, { kind: 'sale', key: 'S0', at: 2 }]);
    expect(hqUploadRepo(db).readRow('sale', 'S0')).toMatchObject({ id: 'S0', status: 'paid', amount_minor: 100 });
    expect(db.prepare('SELECT source FROM hq_upload_backfilled ORDER BY source').pluck().all()).toContain('cashTender:sale_tenders');
    const repo = hqLinkRepo(db);
    repo.insert({ hqUrl: 'http://hq/', merchantId: 'M', storeId: 'S', terminalId: 'T', publicKey: 'k', keyFile: 'f', enrolledAt: 0 });
    const add = db.prepare("INSERT INTO hq_outgoing (kind, key, at) VALUES ('audit', 'x', 0)");
    db.transaction(() => { for (let i = 0; i < OUTGOING_KEEP + 10; i++) add.run(); })();
    repo.setCursors(0, OUTGOING_KEEP + 5, 1);
    expect(db.prepare('SELECT min(seq) FROM hq_outgoing').pluck().get()).toBe(6);
    expect(repo.backlog(repo.get()!)).toEqual({ events: 0, records: 7 });
    db.close();
  });
});

/**
 * Printing rides the outbox's `print` lane: one outbox job per print job, written with it; a journal
 * from before (print jobs with no outbox rows) upgrades and prints what it held; print jobs never
 * show in the offline queue and never reach the payments loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrinterDriver } from '../../../../electron/devices/printer/printerDriver';
import { serialTransport } from '../../../../electron/devices/printer/printerTransport';
import { createPrintQueue } from '../../../../electron/devices/printer/printQueue';
import { startVirtualSerialPrinter } from '../../../../electron/devices/virtual/virtualPrinter';
import { MIGRATIONS } from '../../../../electron/journal/migrations';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { createOutboxLane } from '../../../../electron/journal/outbox/outboxLane';
import { createPaymentStore } from '../../../../electron/payments/store/paymentStore';
import { systemClock } from '../../../../shared/domain/clock';
import type { PrintDocument, Receipt } from '../../../../shared/domain/receipt';
import { sampleReceipt } from '../../../fixtures/printer/sampleReceipt';
import { onCleanup, waitFor } from '../../../helpers/pty';

function journalFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-print-outbox-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'journal.sqlite');
}

function open(file: string, upTo?: number): Db {
  const db = openJournal(file, upTo === undefined ? {} : { migrations: MIGRATIONS.filter((m) => m.version <= upTo) });
  onCleanup(() => { if (db.open) db.close(); });
  return db;
}

function receipt(n: number): PrintDocument {
  const r: Receipt = { ...sampleReceipt, saleId: `S-OB-${n}`, payment: { ...sampleReceipt.payment!, paymentRequestId: `P-OB-${n}` } };
  return { type: 'receipt', receipt: r };
}

async function printer() {
  const vp = await startVirtualSerialPrinter({});
  onCleanup(() => vp.close());
  const driver = createPrinterDriver({ transport: serialTransport(vp.address), clock: systemClock, pollMs: 40, replyTimeoutMs: 200, reconnectMs: 50, ackTimeoutMs: 3000 });
  onCleanup(() => driver.stop());
  return { vp, driver };
}

const count = (lines: string[], needle: string): number => lines.filter((l) => l.includes(needle)).length;
const outboxOf = (db: Db) => db.prepare("SELECT kind, idempotency_key AS key, subject, status FROM outbox WHERE kind = 'print' ORDER BY id").all();

describe('print jobs through the outbox', () => {
  it('each print job is one `print` outbox job, written with it; the same key twice is one job', async () => {
    const db = open(journalFile());
    const { vp, driver } = await printer();
    vp.core.setPaper('out');
    await waitFor(() => driver.state().status === 'notReady', 'paper out');
    const q = createPrintQueue({ db, driver, clock: systemClock, paper: () => '58mm' });
    onCleanup(() => q.stop());
    const a = q.enqueue(receipt(1), { kind: 'receipt', key: 'receipt:P-OB-1', reference: 'P-OB-1' });
    expect(q.enqueue(receipt(1), { kind: 'receipt', key: 'receipt:P-OB-1', reference: 'P-OB-1' }).id).toBe(a.id);
    await q.idle();
    // Paper out is "not now": the job waits, pending, with nothing counted against it.
    expect(outboxOf(db)).toEqual([{ kind: 'print', key: `print:${a.id}`, subject: String(a.id), status: 'pending' }]);
    expect(db.prepare("SELECT failures FROM outbox WHERE kind = 'print'").pluck().get()).toBe(0);
    expect(q.get(a.id)).toMatchObject({ status: 'queued', attempts: 0 });

    // Not the offline queue's business: the payments lane never picks it, the queue view does not list it.
    const payments = createPaymentStore(db, systemClock);
    expect(payments.outbox.nextDue(Date.now() + 3_600_000)).toBeNull();
    expect(payments.queueSnapshot('online')).toMatchObject({ pending: 0, running: 0, dead: 0, jobs: [] });

    vp.core.setPaper('ok'); // the printer's ready state wakes the lane
    await waitFor(() => q.get(a.id)?.status === 'printed', 'printed once the paper is back');
    expect(outboxOf(db)).toEqual([{ kind: 'print', key: `print:${a.id}`, subject: String(a.id), status: 'done' }]);
    expect(count(vp.core.lines(), 'S-OB-1')).toBe(1);
  });

  it('a journal from before printing went through the outbox upgrades and prints its pending jobs once, in order', async () => {
    const file = journalFile();
    const old = open(file, 160);
    const insert = old.prepare(`INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, attempts, created_at, updated_at) VALUES ('receipt', ?, ?, ?, ?, ?, ?, ?)`);
    const now = Date.now();
    insert.run('receipt:P-OB-2', 'P-OB-2', JSON.stringify(receipt(2)), 'printing', 1, now, now); // cut off by a crash
    insert.run('receipt:P-OB-3', 'P-OB-3', JSON.stringify(receipt(3)), 'queued', 0, now, now);
    insert.run('receipt:P-OB-4', 'P-OB-4', JSON.stringify(receipt(4)), 'printed', 1, now, now);
    expect(old.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    old.close();

    const db = open(file);
    const { vp, driver } = await printer();
    const q = createPrintQueue({ db, driver, clock: systemClock, paper: () => '58mm' });
    onCleanup(() => q.stop());
    expect(outboxOf(db).map((r) => (r as { key: string }).key)).toEqual(['print:1', 'print:2']);
    await waitFor(() => q.view().pending === 0, 'pending jobs printed');
    const lines = vp.core.lines();
    expect(count(lines, 'S-OB-2')).toBe(1);
    expect(count(lines, 'S-OB-3')).toBe(1);
    expect(count(lines, 'S-OB-4')).toBe(0);
    expect(lines.flatMap((l) => /S-OB-\d/.exec(l) ?? [])).toEqual(['S-OB-2', 'S-OB-3']);
    expect(q.get(1)).toMatchObject({ status: 'printed', possiblyPrinted: true, attempts: 2 });
    expect(q.get(2)).toMatchObject({ status: 'printed', possiblyPrinted: false, attempts: 1 });
    expect(count(lines, 'DUPLICATE')).toBe(2); // the interrupted one only (header and footer)
    expect(createOutboxLane(db, 'print').nextWakeAt()).toBeNull();
  });
});

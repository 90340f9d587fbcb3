import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { encodeDocument } from '../../../../electron/devices/printer/encodeReceipt';
import { DRAWER_KICK, STATUS_QUERY } from '../../../../electron/devices/printer/escposStatus';
import { createPrinterDriver, type PrinterDriver } from '../../../../electron/devices/printer/printerDriver';
import { serialTransport, tcpTransport, usbLpTransport, type PrinterTransport } from '../../../../electron/devices/printer/printerTransport';
import { createPrintQueue, type PrintQueue } from '../../../../electron/devices/printer/printQueue';
import { startVirtualSerialPrinter, startVirtualTcpPrinter, type VirtualPrinter } from '../../../../electron/devices/virtual/virtualPrinter';
import { systemClock } from '../../../../shared/domain/clock';
import type { PrintDocument, Receipt } from '../../../../shared/domain/receipt';
import { sampleReceipt } from '../../../fixtures/printer/sampleReceipt';
import { onCleanup, ptyDir, waitFor } from '../../../helpers/pty';

function tempDb(): { db: Db; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-printq-'));
  const file = path.join(dir, 'journal.db');
  const db = openJournal(file);
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  onCleanup(() => { if (db.open) db.close(); });
  return { db, file };
}

function receipt(n: number): PrintDocument {
  const r: Receipt = { ...sampleReceipt, saleId: `S-JOB-${n}`, payment: { ...sampleReceipt.payment!, paymentRequestId: `P-JOB-${n}` } };
  return { type: 'receipt', receipt: r };
}

async function virtualSerial(dir?: string): Promise<VirtualPrinter & { pair: { devicePath: string } }> {
  const vp = await startVirtualSerialPrinter(dir === undefined ? {} : { dir });
  onCleanup(() => vp.close());
  return vp;
}

function driverFor(transport: PrinterTransport): PrinterDriver {
  const d = createPrinterDriver({ transport, clock: systemClock, pollMs: 40, replyTimeoutMs: 200, reconnectMs: 50, ackTimeoutMs: 3000 });
  onCleanup(() => d.stop());
  return d;
}

function queueFor(db: Db, driver: PrinterDriver): PrintQueue {
  const q = createPrintQueue({ db, driver, clock: systemClock, paper: () => '58mm' });
  onCleanup(() => q.stop());
  return q;
}

/** How many times a line appears in what the virtual printer printed. */
const count = (vp: VirtualPrinter, needle: string): number => vp.core.lines().filter((l) => l.includes(needle)).length;

/** The received stream with status polls removed: exactly what the jobs sent. */
function jobBytes(vp: VirtualPrinter): Buffer {
  const all = vp.core.received();
  const parts: Buffer[] = [];
  let i = 0;
  while (i < all.length) {
    const j = all.indexOf(Buffer.from(STATUS_QUERY), i);
    if (j === i) {
      i += STATUS_QUERY.length;
      continue;
    }
    const end = j < 0 ? all.length : j;
    parts.push(all.subarray(i, end));
    i = end;
  }
  return Buffer.concat(parts);
}

describe('printer driver and print queue on a pseudo-terminal', () => {
  it('the printer receives exactly the golden bytes for the fixed receipt, and the job is confirmed', async () => {
    const vp = await virtualSerial();
    const { db } = tempDb();
    const driver = driverFor(serialTransport(vp.address));
    await waitFor(() => driver.state().status === 'ready', 'printer ready');
    const q = queueFor(db, driver);
    const job = q.enqueue({ type: 'receipt', receipt: sampleReceipt }, { kind: 'receipt', key: 'receipt:P1', reference: 'P1' });
    await waitFor(() => q.get(job.id)?.status === 'printed', 'job printed');
    const golden = fs.readFileSync(path.join(__dirname, '../../../fixtures/printer/sample-receipt-58mm.bin'));
    expect(jobBytes(vp).equals(golden)).toBe(true);
    expect(q.enqueue({ type: 'receipt', receipt: sampleReceipt }, { kind: 'receipt', key: 'receipt:P1' }).id).toBe(job.id);
  });

  it('publishes live status: near end, paper out, cover open, back to ready', async () => {
    const vp = await virtualSerial();
    const driver = driverFor(serialTransport(vp.address));
    await waitFor(() => driver.state().status === 'ready', 'ready');
    vp.core.setPaper('nearEnd');
    await waitFor(() => { const s = driver.state(); return s.status === 'ready' && s.paperNearEnd; }, 'near end');
    vp.core.setPaper('out');
    await waitFor(() => { const s = driver.state(); return s.status === 'notReady' && s.paperOut; }, 'paper out');
    vp.core.setPaper('ok');
    vp.core.setCover(true);
    await waitFor(() => { const s = driver.state(); return s.status === 'notReady' && s.coverOpen && !s.paperOut; }, 'cover open');
    vp.core.setCover(false);
    await waitFor(() => { const s = driver.state(); return s.status === 'ready' && !s.paperNearEnd; }, 'ready again');
  });

  it('paper out in the middle of a job, then paper back: every receipt printed exactly once, in order', async () => {
    const vp = await virtualSerial();
    const { db } = tempDb();
    const driver = driverFor(serialTransport(vp.address));
    await waitFor(() => driver.state().status === 'ready', 'ready');
    const q = queueFor(db, driver);
    vp.core.paperOutAfterLines(10);
    const jobs = [1, 2, 3].map((n) => q.enqueue(receipt(n), { kind: 'receipt', key: `receipt:${n}` }));
    await waitFor(() => driver.state().status === 'notReady', 'paper out reported');
    await new Promise((r) => setTimeout(r, 200));
    expect(q.get(jobs[0]!.id)?.status).toBe('printing');
    expect(q.get(jobs[1]!.id)?.status).toBe('queued');
    expect(count(vp, 'S-JOB-1')).toBe(1); // the first part of job 1 came out before the roll ended
    expect(count(vp, 'P-JOB-1')).toBe(0);
    vp.core.setPaper('ok');
    await waitFor(() => jobs.every((j) => q.get(j.id)?.status === 'printed'), 'all printed', 8000);
    for (const n of [1, 2, 3]) {
      expect(count(vp, `S-JOB-${n}`)).toBe(1);
      expect(count(vp, `P-JOB-${n}`)).toBe(1);
    }
    expect(count(vp, 'DUPLICATE')).toBe(0);
    expect(vp.core.printed.filter((p) => p.kind === 'cut')).toHaveLength(3);
    const order = vp.core.lines().flatMap((l) => /S-JOB-\d/.exec(l) ?? []);
    expect(order).toEqual(['S-JOB-1', 'S-JOB-2', 'S-JOB-3']);
  });

  it('printer port closed and reopened: the queue waits, reconnects and prints what was queued', async () => {
    const dir = ptyDir();
    const vp = await virtualSerial(dir);
    const { db } = tempDb();
    const driver = driverFor(serialTransport(vp.address));
    await waitFor(() => driver.state().status === 'ready', 'ready');
    const q = queueFor(db, driver);
    await vp.close();
    await waitFor(() => driver.state().status === 'disconnected', 'disconnected');
    const job = q.enqueue(receipt(7), { kind: 'receipt', key: 'receipt:7' });
    await new Promise((r) => setTimeout(r, 150));
    expect(q.get(job.id)?.status).toBe('queued');
    const again = await virtualSerial(dir);
    await waitFor(() => q.get(job.id)?.status === 'printed', 'printed after reconnect', 6000);
    expect(count(again, 'S-JOB-7')).toBe(1);
  });

  it('jobs survive a restart while the printer is out of paper, and print once afterwards', async () => {
    const vp = await virtualSerial();
    const { db, file } = tempDb();
    vp.core.setPaper('out');
    const d1 = driverFor(serialTransport(vp.address));
    await waitFor(() => d1.state().status === 'notReady', 'paper out');
    const q1 = queueFor(db, d1);
    const job = q1.enqueue(receipt(9), { kind: 'receipt', key: 'receipt:9' });
    await q1.stop();
    await d1.stop();
    db.close();

    const db2 = openJournal(file);
    onCleanup(() => { if (db2.open) db2.close(); });
    const d2 = driverFor(serialTransport(vp.address));
    const q2 = queueFor(db2, d2);
    expect(q2.get(job.id)?.status).toBe('queued');
    vp.core.setPaper('ok');
    await waitFor(() => q2.get(job.id)?.status === 'printed', 'printed after restart', 6000);
    expect(count(vp, 'S-JOB-9')).toBe(1);
    expect(count(vp, 'DUPLICATE')).toBe(0);
  });

  it('a job cut off by a crash mid-print is printed again marked DUPLICATE; reprint marks DUPLICATE too', async () => {
    const vp = await virtualSerial();
    const { db } = tempDb();
    const now = Date.now();
    db.prepare(`INSERT INTO print_jobs (kind, idempotency_key, document_json, status, attempts, created_at, updated_at) VALUES ('receipt','receipt:crash',?,'printing',1,?,?)`).run(
      JSON.stringify(receipt(5)),
      now,
      now,
    );
    const driver = driverFor(serialTransport(vp.address));
    const q = queueFor(db, driver);
    await waitFor(() => q.view().pending === 0, 'crashed job reprinted');
    expect(count(vp, 'DUPLICATE')).toBe(2);
    expect(q.view().recent[0]).toMatchObject({ status: 'printed', possiblyPrinted: true, attempts: 2 });
    const re = q.reprint(q.view().recent[0]!.id);
    expect(re.kind).toBe('reprint');
    await waitFor(() => q.get(re.id)?.status === 'printed', 'reprint printed');
    expect(count(vp, 'S-JOB-5')).toBe(2);
    expect(count(vp, 'DUPLICATE')).toBe(4);
  });

  it('cash drawer kick goes through the printer', async () => {
    const vp = await virtualSerial();
    const driver = driverFor(serialTransport(vp.address));
    await waitFor(() => driver.state().status === 'ready', 'ready');
    await driver.send(DRAWER_KICK);
    await waitFor(() => vp.core.printed.some((p) => p.kind === 'drawer'), 'drawer kicked');
  });

  it.each(['tcp', 'usb'] as const)('prints over the %s transport too', async (kind) => {
    let vp: VirtualPrinter;
    let transport: PrinterTransport;
    if (kind === 'tcp') {
      const t = await startVirtualTcpPrinter();
      onCleanup(() => t.close());
      vp = t;
      transport = tcpTransport('127.0.0.1', t.port);
    } else {
      // /dev/usb/lp* is a character device; a pty is one too, so the same code path runs.
      vp = await virtualSerial();
      transport = usbLpTransport(vp.address);
    }
    const driver = driverFor(transport);
    await waitFor(() => driver.state().status === 'ready', 'ready');
    const bytes = encodeDocument({ type: 'text', text: { title: '测试打印 Test print', lines: ['中文测试 一二三'], copy: 'original' } }, '80mm');
    await driver.print(bytes);
    expect(vp.core.lines().some((l) => l.includes('中文测试 一二三'))).toBe(true);
  });
});

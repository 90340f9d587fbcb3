/**
 * Write-only printers (issue 14 item 5): many USB-lp and network printers answer neither DLE EOT nor
 * GS r. The virtual printer on a real pty is told to answer nothing; in "no status" mode the station
 * prints to it anyway, marks each job sent-unconfirmed (never printed, never dropped), and a reprint
 * says DUPLICATE.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { GS_R_1, STATUS_QUERY } from '../../../../electron/devices/printer/escposStatus';
import { createPrinterDriver, type PrinterDriver } from '../../../../electron/devices/printer/printerDriver';
import { serialTransport, tcpTransport } from '../../../../electron/devices/printer/printerTransport';
import { createPrintQueue, type PrintQueue } from '../../../../electron/devices/printer/printQueue';
import { startVirtualSerialPrinter, startVirtualTcpPrinter, type VirtualPrinter } from '../../../../electron/devices/virtual/virtualPrinter';
import { printerSelectionSchema } from '../../../../shared/ipc/commands/device';
import { printerStatus } from '../../../../shared/domain/deviceHealth';
import { systemClock } from '../../../../shared/domain/clock';
import type { PrintDocument, Receipt } from '../../../../shared/domain/receipt';
import { sampleReceipt } from '../../../fixtures/printer/sampleReceipt';
import { onCleanup, ptyDir, waitFor } from '../../../helpers/pty';
import type { PrinterTransport } from '../../../../electron/devices/printer/printerTransport';

function tempDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-wo-'));
  const db = openJournal(path.join(dir, 'journal.db'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  onCleanup(() => { if (db.open) db.close(); });
  return db;
}

function receipt(n: number): PrintDocument {
  const r: Receipt = { ...sampleReceipt, saleId: `S-WO-${n}`, payment: { ...(sampleReceipt.payment as NonNullable<Receipt['payment']>), paymentRequestId: `P-WO-${n}` } };
  return { type: 'receipt', receipt: r };
}

async function silentSerial(dir?: string): Promise<VirtualPrinter> {
  const vp = await startVirtualSerialPrinter({ ...(dir === undefined ? {} : { dir }), answers: 'none' });
  onCleanup(() => vp.close());
  return vp;
}

function driverFor(transport: PrinterTransport, statusMode: 'query' | 'none'): PrinterDriver {
  const d = createPrinterDriver({ transport, clock: systemClock, pollMs: 40, replyTimeoutMs: 150, reconnectMs: 50, ackTimeoutMs: 2000, statusMode });
  onCleanup(() => d.stop());
  return d;
}

function queueFor(db: Db, driver: PrinterDriver): PrintQueue {
  const q = createPrintQueue({ db, driver, clock: systemClock, paper: () => '58mm' });
  onCleanup(() => q.stop());
  return q;
}

const count = (vp: VirtualPrinter, needle: string): number => vp.core.lines().filter((l) => l.includes(needle)).length;
const contains = (hay: Buffer, needle: Uint8Array): boolean => hay.indexOf(Buffer.from(needle)) >= 0;

describe('write-only printers', () => {
  it('asked for status, a printer that answers nothing is unresponsive and its job never prints (why the mode exists)', async () => {
    const vp = await silentSerial();
    const db = tempDb();
    const driver = driverFor(serialTransport(vp.address), 'query');
    await waitFor(() => driver.state().status === 'unresponsive', 'unresponsive');
    const q = queueFor(db, driver);
    const job = q.enqueue(receipt(1), { kind: 'receipt', key: 'receipt:1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(q.get(job.id)?.status).toBe('queued');
    expect(count(vp, 'S-WO-1')).toBe(0);
  });

  it('in "no status" mode: never queried, the receipt prints, and the job is sent-unconfirmed, not printed', async () => {
    const vp = await silentSerial();
    const db = tempDb();
    const driver = driverFor(serialTransport(vp.address), 'none');
    await waitFor(() => driver.state().status === 'writeOnly', 'write-only link up');
    expect(printerStatus(driver.state())).toEqual({ key: 'writeOnly', health: 'warning' });
    const q = queueFor(db, driver);
    const job = q.enqueue(receipt(2), { kind: 'receipt', key: 'receipt:2' });
    await waitFor(() => q.get(job.id)?.status === 'sent', 'job sent');
    await waitFor(() => count(vp, 'S-WO-2') === 1, 'receipt on paper');
    expect(q.get(job.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(q.get(job.id)?.printedAt).not.toBeNull();
    expect(q.view().pending).toBe(0);
    // Nothing a write-only printer could print as garbage or wait on: no status query, no GS r.
    const rx = vp.core.received();
    expect(contains(rx, STATUS_QUERY)).toBe(false);
    expect(contains(rx, GS_R_1)).toBe(false);
  });

  it('a reprint of a sent job is marked DUPLICATE on paper and is itself sent-unconfirmed', async () => {
    const vp = await silentSerial();
    const db = tempDb();
    const driver = driverFor(serialTransport(vp.address), 'none');
    const q = queueFor(db, driver);
    const job = q.enqueue(receipt(3), { kind: 'receipt', key: 'receipt:3' });
    await waitFor(() => q.get(job.id)?.status === 'sent', 'original sent');
    await waitFor(() => count(vp, 'S-WO-3') === 1, 'original on paper');
    expect(count(vp, 'DUPLICATE')).toBe(0);
    const re = q.reprint(job.id);
    await waitFor(() => q.get(re.id)?.status === 'sent', 'reprint sent');
    await waitFor(() => count(vp, 'S-WO-3') === 2, 'reprint on paper');
    // Top and bottom of the reprint only (the bottom mark arrives after the sale's line).
    await waitFor(() => count(vp, 'DUPLICATE') === 2, 'both DUPLICATE marks');
    await new Promise((r) => setTimeout(r, 100));
    expect(count(vp, 'DUPLICATE')).toBe(2);
    expect(re.kind).toBe('reprint');
  });

  it('never dropped: jobs queued while the printer is unplugged are sent once it is back, in order, once each', async () => {
    const dir = ptyDir();
    const vp = await silentSerial(dir);
    const db = tempDb();
    const driver = driverFor(serialTransport(vp.address), 'none');
    await waitFor(() => driver.state().status === 'writeOnly', 'up');
    const q = queueFor(db, driver);
    await vp.close();
    await waitFor(() => driver.state().status === 'disconnected', 'unplugged', 10_000); // a loaded CI machine may take seconds to see the pty go
    const a = q.enqueue(receipt(4), { kind: 'receipt', key: 'receipt:4' });
    const b = q.enqueue(receipt(5), { kind: 'receipt', key: 'receipt:5' });
    await new Promise((r) => setTimeout(r, 150));
    expect([q.get(a.id)?.status, q.get(b.id)?.status]).toEqual(['queued', 'queued']);
    const again = await silentSerial(dir);
    await waitFor(() => q.get(b.id)?.status === 'sent', 'both sent after replug', 6000);
    expect(q.get(a.id)?.status).toBe('sent');
    await waitFor(() => count(again, 'S-WO-5') === 1, 'second on paper');
    expect(again.core.lines().flatMap((l) => /S-WO-\d/.exec(l) ?? [])).toEqual(['S-WO-4', 'S-WO-5']);
  });

  it('over TCP (a port-9100 printer that answers nothing) the same', async () => {
    const vp = await startVirtualTcpPrinter({ answers: 'none' });
    onCleanup(() => vp.close());
    const db = tempDb();
    const driver = driverFor(tcpTransport('127.0.0.1', vp.port), 'none');
    const q = queueFor(db, driver);
    const job = q.enqueue(receipt(6), { kind: 'receipt', key: 'receipt:6' });
    await waitFor(() => q.get(job.id)?.status === 'sent', 'sent over tcp');
    await waitFor(() => count(vp, 'S-WO-6') === 1, 'on paper');
  });

  it('the printer setting: statusMode defaults to query and takes only query or none', () => {
    expect(printerSelectionSchema.parse({ transport: 'usb', path: '/dev/usb/lp0' })).toMatchObject({ statusMode: 'query' });
    expect(printerSelectionSchema.parse({ transport: 'tcp', host: '192.168.1.50', statusMode: 'none' })).toMatchObject({ statusMode: 'none', port: 9100 });
    expect(printerSelectionSchema.safeParse({ transport: 'usb', path: '/dev/usb/lp0', statusMode: 'maybe' }).success).toBe(false);
  });
});

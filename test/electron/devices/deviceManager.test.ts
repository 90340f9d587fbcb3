import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeviceManager, type DeviceEvent } from '../../../electron/devices/deviceManager';
import { openJournal } from '../../../electron/journal/openJournal';
import { createScriptedHid } from '../../../electron/devices/virtual/scriptedHid';
import { systemClock } from '../../../shared/domain/clock';
import { sampleReceipt } from '../../fixtures/printer/sampleReceipt';
import { onCleanup, waitFor } from '../../helpers/pty';

function setup(demo = true) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-devmgr-'));
  const db = openJournal(path.join(dir, 'journal.db'));
  const hid = createScriptedHid();
  const mgr = createDeviceManager({ db, clock: systemClock, demo, hidBackend: async () => hid, timing: { pollMs: 40, reopenMs: 40 } });
  const events: DeviceEvent[] = [];
  mgr.subscribe((e) => events.push(e));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  onCleanup(() => { db.close(); });
  onCleanup(() => mgr.stop());
  return { mgr, events, hid };
}

describe('device manager', () => {
  it('DEMO mode with nothing configured starts a virtual scanner and printer on ptys', async () => {
    const { mgr, events } = setup();
    await mgr.start();
    await waitFor(() => mgr.status().scanner.status === 'attached' && mgr.status().printer.status === 'ready', 'virtual devices up');
    expect(mgr.status()).toMatchObject({ demo: true, scanner: { device: { kind: 'virtual' } }, printer: { printer: { virtual: true } } });
    mgr.virtual.scanner!.scan('281234567890123456');
    await waitFor(() => events.some((e) => e.type === 'scan'), 'scan event');
    expect(events.find((e) => e.type === 'scan')).toMatchObject({ scan: { raw: '281234567890123456', classification: { kind: 'alipayPaymentCode' } } });
    mgr.virtual.scanner!.write('\x00\x01\x02garbage\r');
    await waitFor(() => events.some((e) => e.type === 'scanRejected'), 'rejection');
    expect(events.filter((e) => e.type === 'scan')).toHaveLength(1);
    expect((await mgr.listPorts()).filter((p) => p.virtual)).toHaveLength(2);
  });

  it('test scan captures the next scan (masked) instead of passing it to payments', async () => {
    const { mgr, events } = setup();
    await mgr.start();
    await waitFor(() => mgr.status().scanner.status === 'attached', 'scanner');
    const pending = mgr.testScan(3000);
    mgr.virtual.scanner!.scan('281234567890123456');
    await expect(pending).resolves.toMatchObject({ outcome: 'scan', masked: '**************3456', classification: 'alipayPaymentCode' });
    expect(events.filter((e) => e.type === 'scan')).toHaveLength(0);
  });

  it('test print, receipt and reprint come out of the virtual printer; drawer kicks', async () => {
    const { mgr, events } = setup();
    await mgr.start();
    await waitFor(() => mgr.status().printer.status === 'ready', 'printer');
    const vp = mgr.virtual.printer!;
    const t = mgr.testPrint();
    const r = mgr.printReceipt(sampleReceipt, { key: 'receipt:P01', reference: 'P01' });
    await waitFor(() => mgr.status().queue.pending === 0, 'jobs printed');
    const re = mgr.reprint(r.id);
    await mgr.kickDrawer();
    await waitFor(() => mgr.status().queue.recent.find((j) => j.id === re.id)?.status === 'printed', 'reprint');
    expect(vp.core.lines().some((l) => l.includes('中文测试：支付宝收款'))).toBe(true);
    expect(vp.core.lines().filter((l) => l.includes('合计 TOTAL'))).toHaveLength(2);
    expect(vp.core.lines().filter((l) => l.includes('DUPLICATE'))).toHaveLength(2);
    await waitFor(() => vp.core.printed.some((p) => p.kind === 'drawer'), 'drawer');
    expect(t.kind).toBe('test');
    expect(events.some((e) => e.type === 'statusChanged' && e.snapshot.queue.recent.some((j) => j.status === 'printed'))).toBe(true);
  });

  it('configure validates the selection and switches to a HID scanner; wedge scans go through the same gate', async () => {
    const { mgr, events, hid } = setup(false);
    await mgr.start();
    expect(mgr.status()).toMatchObject({ demo: false, scanner: { status: 'notConfigured' }, printer: { status: 'notConfigured' } });
    await expect(mgr.configure('scanner', { kind: 'serial' })).rejects.toThrow(/path or both vendorId/);
    await expect(mgr.configure('printer', { transport: 'usb', path: 'lp0' })).rejects.toThrow();
    expect(await mgr.listHid()).toContainEqual(expect.objectContaining({ vendorId: '0c2e', posScanner: true }));
    await mgr.configure('scanner', { kind: 'hid', vendorId: '0c2e', productId: '0b61' });
    hid.scan('6901234567892');
    expect(events.find((e) => e.type === 'scan')).toMatchObject({ scan: { device: { kind: 'hid' }, classification: { kind: 'productBarcode' } } });
    expect(mgr.wedgeScan('134567890123456789', 5)).toMatchObject({ type: 'scan', device: { kind: 'wedge' }, classification: { wallet: 'wechatpay' } });
    expect(mgr.wedgeScan('12\u0001', 6)).toMatchObject({ type: 'scanRejected' });
    expect(() => mgr.testPrint()).toThrow(/no receipt printer/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeviceManager } from '../../../../electron/devices/deviceManager';
import { openJournal } from '../../../../electron/journal/openJournal';
import { deviceHandlers } from '../../../../electron/station/handlers/deviceHandlers';
import { createScriptedHid } from '../../../../electron/devices/virtual/scriptedHid';
import { systemClock } from '../../../../shared/domain/clock';
import { deviceCommands } from '../../../../shared/ipc/commands/device';
import { onCleanup, waitFor } from '../../../helpers/pty';

const call = { host: 'browser', window: 'cashier' } as const;

describe('device contract and handlers', () => {
  it('has exactly one handler per device command, and inputs are validated by the contract schemas', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-devh-'));
    const db = openJournal(path.join(dir, 'j.db'));
    onCleanup(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });
    const h = deviceHandlers(() => createDeviceManager({ db, clock: systemClock, demo: false }));
    expect(Object.keys(h).sort()).toEqual(Object.keys(deviceCommands).sort());
    expect(deviceCommands['device:configure'].input.safeParse({ role: 'printer', selection: { transport: 'tcp', host: '10.0.0.9' } }).data).toEqual({
      role: 'printer',
      selection: { transport: 'tcp', host: '10.0.0.9', port: 9100, paper: '80mm', statusMode: 'query' },
    });
    expect(deviceCommands['device:configure'].input.safeParse({ role: 'scanner', selection: { kind: 'serial', baudRate: 3 } }).success).toBe(false);
    expect(deviceCommands['device:wedgeScan'].input.safeParse({ raw: 'x'.repeat(300), at: 1 }).success).toBe(false);
  });

  it('configure → test print → status over the handlers against a virtual printer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-devh-'));
    const db = openJournal(path.join(dir, 'j.db'));
    const mgr = createDeviceManager({ db, clock: systemClock, demo: true, hidBackend: async () => createScriptedHid(), timing: { pollMs: 40, reopenMs: 40 } });
    onCleanup(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });
    onCleanup(() => mgr.stop());
    const h = deviceHandlers(() => mgr);
    await mgr.start();
    const printerPath = mgr.virtual.printer!.address;
    const input = deviceCommands['device:configure'].input.parse({ role: 'printer', selection: { transport: 'serial', path: printerPath, paper: '58mm' } });
    const snap = await h['device:configure'](input, call);
    expect(snap.paper).toBe('58mm');
    await waitFor(() => mgr.status().printer.status === 'ready', 'ready');
    const job = await h['device:testPrint']({}, call);
    await waitFor(() => mgr.status().queue.recent.find((j) => j.id === job.id)?.status === 'printed', 'test page printed');
    expect(mgr.virtual.printer!.core.lines().some((l) => l.includes('中文测试'))).toBe(true);
    expect(await h['device:wedgeScan']({ raw: '281234567890123456', at: 1 }, call)).toEqual({ accepted: true, reason: null });
  });
});

/**
 * Issue 12 §4: printer and scanner paths only from the station's own device lists (real device
 * nodes, resolved, no `..`) or a TCP host:port. Through the contract on a real DEMO station.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootDemoStation } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';
import type { SerialPortInfo } from '../../../shared/ipc/commands/device';

describe('device paths', () => {
  it('refuses /dev/../tmp/x, a plain file, a link to a file and a URL host; nothing is written', async () => {
    const { call } = await bootDemoStation();
    const target = path.join(os.tmpdir(), `pos-x-${process.pid}`);
    fs.rmSync(target, { force: true });
    const rel = path.relative('/dev', target); // ../tmp/pos-x-…
    for (const p of [`/dev/${rel}`, '/dev/./null', '/dev//usb/lp0']) {
      await expect(call('device:configure', { role: 'printer', selection: { transport: 'usb', path: p } }), p).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    const file = path.join(tempDir(), 'not-a-device');
    fs.writeFileSync(file, '');
    const link = path.join(tempDir(), 'ttyFAKE');
    fs.symlinkSync(file, link);
    for (const p of [file, link, '/dev/null', '/dev/tty']) {
      await expect(call('device:configure', { role: 'printer', selection: { transport: 'serial', path: p } }), p).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(call('device:configure', { role: 'scanner', selection: { kind: 'serial', path: p } }), p).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(call('device:configure', { role: 'printer', selection: { transport: 'tcp', host: 'http://evil.example/x', port: 9100 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('accepts a port the station listed itself (the DEMO virtual printer) and a TCP host:port', async () => {
    const { call } = await bootDemoStation();
    const ports = await call<SerialPortInfo[]>('device:listPorts', {});
    const listed = ports.find((p) => p.virtual)!;
    await expect(call('device:configure', { role: 'printer', selection: { transport: 'serial', path: listed.path } })).resolves.toBeTruthy();
    await expect(call('device:configure', { role: 'printer', selection: { transport: 'tcp', host: '127.0.0.1', port: 9 } })).resolves.toBeTruthy();
  });

  it('a config.json naming /dev/../tmp/x never opens it: the station starts in setup naming the field', async () => {
    const dataDir = tempDir();
    const { station } = await bootDemoStation({ dataDir, config: { devices: { printer: { transport: 'usb', path: '/dev/../tmp/x' } } }, signInAs: null });
    expect(station.snapshot().mode).toBe('setup');
    expect(station.snapshot().setupProblem?.field).toMatch(/^devices\.printer/);
  });
});

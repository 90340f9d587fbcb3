import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../shared/domain/clock';
import type { ScanOutcome } from '../../../../shared/domain/scan';
import { buildHidPosReports, parseHidPosReport } from '../../../../electron/devices/scanner/hidPosReport';
import { findHidDevice, nodeHidBackend, startHidScanner } from '../../../../electron/devices/scanner/hidScanner';
import { createScriptedHid } from '../../../../electron/devices/virtual/scriptedHid';
import { onCleanup, waitFor } from '../../../helpers/pty';

const CODE = '281234567890123456';

function setup(selector: 'vidpid' | 'path' = 'vidpid') {
  const hid = createScriptedHid();
  const outcomes: ScanOutcome[] = [];
  const sel = selector === 'vidpid' ? { vendorId: hid.info.vendorId, productId: hid.info.productId } : { path: hid.info.path! };
  const scanner = startHidScanner({ device: sel }, { backend: hid, clock: systemClock, sink: { onScan: (o) => outcomes.push(o), onState: () => undefined }, reopenMs: 20 });
  onCleanup(() => scanner.stop());
  return { hid, outcomes, scanner };
}

describe('HID-POS reports', () => {
  it('parses length, symbology and the continued flag', () => {
    const [r] = buildHidPosReports(CODE, { symbology: ']Q1' });
    const p = parseHidPosReport(r!);
    expect(p).toMatchObject({ type: 'data', symbology: ']Q1', continued: false });
    if (p.type === 'data') expect(Buffer.from(p.bytes).toString()).toBe(CODE);
    expect(parseHidPosReport(Uint8Array.of(0x01, 0, 0, 0))).toEqual({ type: 'ignored' });
    expect(parseHidPosReport(Uint8Array.of(0x02, 60, 0x5d, 0x45, 0x30, 0x31, 0)).type).toBe('malformed');
  });
});

describe('HID scanner (scripted HID-POS device)', () => {
  it('emits one typed scan naming the device, picking the 0x8C interface by VID:PID', () => {
    const { hid, outcomes, scanner } = setup();
    expect(scanner.state().status).toBe('attached');
    hid.scan(CODE);
    expect(outcomes).toEqual([
      { type: 'scan', device: { role: 'scanner', kind: 'hid', id: '0c2e:0b61' }, raw: CODE, classification: { kind: 'alipayPaymentCode' }, at: expect.any(Number) },
    ]);
    expect(findHidDevice(hid.devices(), { vendorId: 0x0c2e, productId: 0x0b61 })?.usagePage).toBe(0x8c);
  });

  it('joins a long code sent over several continued reports', () => {
    const { hid, outcomes } = setup('path');
    const url = `https://qr.alipay.com/bax0${'a1b2c3'.repeat(15)}`;
    hid.scan(url, { reportSize: 32 });
    expect(outcomes).toEqual([expect.objectContaining({ type: 'scan', raw: url, classification: { kind: 'unknown' } })]);
  });

  it('rejects malformed, overlong and garbage reports, then reads the next good one', () => {
    const { hid, outcomes } = setup();
    hid.sendReport(Uint8Array.of(0x02, 200, 0, 0, 0, 0x31, 0));
    hid.scan('9'.repeat(400), { reportSize: 64 });
    hid.scan('2812\x07\x0034567890123');
    hid.sendReport(Uint8Array.of(0x05, 1, 2, 3));
    hid.scan(CODE);
    expect(outcomes.map((o) => (o.type === 'scanRejected' ? o.reason : o.raw))).toEqual(['invalidCharacters', 'tooLong', 'invalidCharacters', CODE]);
  });

  it('detects unplug and resumes on replug without a restart', async () => {
    const { hid, outcomes, scanner } = setup();
    hid.unplug();
    expect(scanner.state().status).toBe('detached');
    hid.scan(CODE);
    await new Promise((r) => setTimeout(r, 60));
    expect(scanner.state().status).toBe('detached');
    hid.plug();
    await waitFor(() => scanner.state().status === 'attached', 'reattached');
    hid.scan(CODE);
    expect(outcomes).toHaveLength(1);
    expect(hid.opens).toBe(2);
  });

  it('the real node-hid backend loads and lists devices', async () => {
    const backend = await nodeHidBackend();
    expect(Array.isArray(backend.devices())).toBe(true);
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../shared/domain/clock';
import type { ScannerState, ScanOutcome } from '../../../../shared/domain/scan';
import type { ScanSuffix } from '../../../../electron/devices/scanner/scanFramer';
import { startSerialScanner } from '../../../../electron/devices/scanner/serialScanner';
import { onCleanup, ptyDir, ptyPair, waitFor } from '../../../helpers/pty';

const CODE = '281234567890123456';

async function setup(suffix: ScanSuffix, interByteTimeoutMs = 40) {
  const dir = ptyDir();
  const pair = await ptyPair({ dir });
  const outcomes: ScanOutcome[] = [];
  const states: ScannerState[] = [];
  const scanner = startSerialScanner(
    { port: { path: pair.devicePath }, baudRate: 9600, suffix, interByteTimeoutMs },
    { clock: systemClock, sink: { onScan: (o) => outcomes.push(o), onState: (s) => states.push(s) }, reopenMs: 50 },
  );
  onCleanup(() => scanner.stop());
  await waitFor(() => scanner.state().status === 'attached', 'scanner attached');
  const fd = fs.openSync(pair.peerPath, 'r+');
  onCleanup(() => fs.closeSync(fd));
  const write = (s: string | Buffer): void => {
    fs.writeSync(fd, typeof s === 'string' ? Buffer.from(s, 'latin1') : s);
  };
  return { dir, pair, outcomes, states, scanner, write };
}

const scans = (o: ScanOutcome[]) => o.filter((x) => x.type === 'scan').map((x) => (x.type === 'scan' ? x.raw : ''));

describe('serial scanner on a pseudo-terminal', () => {
  it.each<[ScanSuffix, string]>([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('frames by suffix %s, two codes in one write', async (suffix, bytes) => {
    const { outcomes, write } = await setup(suffix);
    write(`${CODE}${bytes}6901234567892${bytes}`);
    await waitFor(() => outcomes.length >= 2, 'two scans');
    expect(outcomes[0]).toMatchObject({ type: 'scan', raw: CODE, classification: { kind: 'alipayPaymentCode' }, device: { role: 'scanner', kind: 'serial' } });
    expect(outcomes[1]).toMatchObject({ type: 'scan', raw: '6901234567892', classification: { kind: 'productBarcode', symbology: 'EAN-13' } });
  });

  it('frames by inter-byte timeout when the scanner sends no suffix', async () => {
    const { outcomes, write } = await setup('none', 30);
    write(CODE);
    await waitFor(() => outcomes.length >= 1, 'scan');
    await new Promise((r) => setTimeout(r, 80));
    write('6901234567892');
    await waitFor(() => outcomes.length >= 2, 'second scan');
    expect(scans(outcomes)).toEqual([CODE, '6901234567892']);
  });

  it('joins a code split across reads, including a CRLF split in the middle', async () => {
    const { outcomes, write } = await setup('CRLF', 200);
    write(CODE.slice(0, 7));
    await new Promise((r) => setTimeout(r, 30));
    write(`${CODE.slice(7)}\r`);
    await new Promise((r) => setTimeout(r, 30));
    expect(outcomes).toEqual([]);
    write('\n');
    await waitFor(() => outcomes.length >= 1, 'scan');
    expect(scans(outcomes)).toEqual([CODE]);
  });

  it('rejects garbage, overlong and unfinished input with a reason, and still reads the next good code', async () => {
    const { outcomes, write } = await setup('CR', 60);
    write(Buffer.from([0x00, 0xff, 0x13, 0x32, 0x38, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x0d]));
    write(`${'9'.repeat(300)}\r`);
    write('12\r');
    write('2812345');
    await waitFor(() => outcomes.length >= 4, 'four outcomes');
    write(`${CODE}\r`);
    await waitFor(() => outcomes.length >= 5, 'good scan after garbage');
    expect(outcomes.map((o) => (o.type === 'scanRejected' ? o.reason : 'scan'))).toEqual(['invalidCharacters', 'tooLong', 'tooShort', 'partial', 'scan']);
    expect(scans(outcomes)).toEqual([CODE]);
  });

  it('detects unplug and resumes on replug at the same path without a restart', async () => {
    const { dir, pair, outcomes, scanner } = await setup('CR');
    await pair.close();
    await waitFor(() => scanner.state().status === 'detached', 'detached');
    const again = await ptyPair({ dir });
    await waitFor(() => scanner.state().status === 'attached', 'reattached', 5000);
    const fd = fs.openSync(again.peerPath, 'r+');
    onCleanup(() => fs.closeSync(fd));
    fs.writeSync(fd, `${CODE}\r`);
    await waitFor(() => outcomes.length >= 1, 'scan after replug');
    expect(scans(outcomes)).toEqual([CODE]);
  });
});

/**
 * Devices: scan latency on a real pseudo-terminal (last byte written → scan event) and ESC/POS
 * encoding cost of a 20-line Chinese receipt. Baselines are measured in the same run: the bare pty
 * round trip (write → serialport 'data', no framing) and the layout step alone.
 */
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { encodeDocument } from '../../electron/devices/printer/encodeReceipt';
import { startSerialScanner } from '../../electron/devices/scanner/serialScanner';
import { startVirtualScanner } from '../../electron/devices/virtual/virtualScanner';
import { systemClock } from '../../shared/domain/clock';
import { layoutDocument } from '../../shared/domain/receipt';
import { receiptWithItems } from '../fixtures/printer/sampleReceipt';
import { median, percentile, type BenchRow, type BenchSuite } from './benchTypes';

const SCANS = 300;
const CODE = '281234567890123456';

/** Time from handing the code to the pty (write returns) to the event, one scan at a time. */
async function timeScans(arm: (done: () => void) => void, send: () => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < SCANS; i++) {
    const got = new Promise<void>((resolve) => arm(resolve));
    const t0 = performance.now();
    send();
    await got;
    out.push(performance.now() - t0);
    await new Promise((r) => setImmediate(r));
  }
  return out.sort((a, b) => a - b);
}

async function bareRoundTrip(): Promise<number[]> {
  const vs = await startVirtualScanner();
  const port = new SerialPort({ path: vs.address, baudRate: 9600, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  let waiter: (() => void) | null = null;
  let seen = 0;
  port.on('data', (d: Buffer) => {
    seen += d.length;
    if (seen >= CODE.length + 1) {
      seen = 0;
      waiter?.();
    }
  });
  try {
    return await timeScans((done) => (waiter = done), () => vs.scan(CODE));
  } finally {
    await new Promise<void>((r) => port.close(() => r()));
    await vs.close();
  }
}

async function scanLatency(suffix: 'CR' | 'none'): Promise<number[]> {
  const vs = await startVirtualScanner();
  let waiter: (() => void) | null = null;
  const scanner = startSerialScanner(
    { port: { path: vs.address }, baudRate: 9600, suffix, interByteTimeoutMs: 20 },
    { clock: systemClock, sink: { onScan: (o) => o.type === 'scan' && waiter?.(), onState: () => undefined } },
  );
  try {
    const end = Date.now() + 3000;
    while (scanner.state().status !== 'attached' && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    return await timeScans((done) => (waiter = done), () => vs.scan(CODE, suffix === 'CR' ? '\r' : ''));
  } finally {
    await scanner.stop();
    await vs.close();
  }
}

function timeIt(n: number, fn: () => void): number[] {
  for (let i = 0; i < 20; i++) fn(); // warm-up: JIT and receiptline's tables
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const suite: BenchSuite = {
  name: 'devices',
  async run(): Promise<BenchRow[]> {
    const bare = await bareRoundTrip();
    const cr = await scanLatency('CR');
    const none = await scanLatency('none');
    const bareP50 = { name: 'bare pty write→data p50', value: percentile(bare, 50) };
    const doc = { type: 'receipt', receipt: receiptWithItems(20) } as const;
    const layoutMs = timeIt(200, () => layoutDocument(doc, '80mm'));
    const encode80 = timeIt(200, () => encodeDocument(doc, '80mm'));
    const encode58 = timeIt(200, () => encodeDocument(doc, '58mm'));
    const layoutBase = { name: 'layout only (80mm) median', value: median(layoutMs) };
    return [
      { name: 'scan latency, CR suffix, p50', value: percentile(cr, 50), unit: 'ms', baseline: bareP50, target: '< 5 ms', note: `${SCANS} scans on a socat pty` },
      { name: 'scan latency, CR suffix, p99', value: percentile(cr, 99), unit: 'ms', baseline: { name: 'bare pty p99', value: percentile(bare, 99) }, target: '< 20 ms' },
      { name: 'scan latency, no suffix (20 ms gap), p50', value: percentile(none, 50), unit: 'ms', baseline: bareP50, note: 'includes the 20 ms inter-byte timeout by design' },
      { name: 'scan latency, no suffix (20 ms gap), p99', value: percentile(none, 99), unit: 'ms' },
      { name: 'ESC/POS encode, 20-line Chinese receipt, 80mm, median', value: median(encode80), unit: 'ms', baseline: layoutBase, target: '< 20 ms' },
      { name: 'ESC/POS encode, 20-line Chinese receipt, 58mm, median', value: median(encode58), unit: 'ms', baseline: layoutBase },
      { name: 'ESC/POS size, 20-line Chinese receipt, 80mm', value: encodeDocument(doc, '80mm').length, unit: 'bytes', note: 'QR as GS v 0 raster' },
      { name: 'ESC/POS size, 20-line Chinese receipt, 58mm', value: encodeDocument(doc, '58mm').length, unit: 'bytes' },
    ];
  },
};

export default suite;

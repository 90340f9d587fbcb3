/**
 * Serial and USB-CDC scanners through serialport. The port is watched: when the scanner is
 * unplugged (or the cable glitches) the scanner goes `detached` and the reconnect loop reopens it
 * as soon as its path (or its VID/PID) shows up again, with no restart of the station.
 */
import fs from 'node:fs';
import { SerialPort } from 'serialport';
import type { Clock } from '../../../shared/domain/clock';
import { interpretScan, type ScanDeviceRef, type ScanLimits, type ScannerState, type ScanOutcome, DEFAULT_SCAN_LIMITS } from '../../../shared/domain/scan';
import { assertNever } from '../../../shared/errors/posError';
import { createReconnectLoop } from '../reconnectLoop';
import { createScanFramer, type Frame, type ScanSuffix } from './scanFramer';

export type PortSelector = { readonly path: string } | { readonly vendorId: string; readonly productId: string };

export interface SerialScannerConfig {
  readonly port: PortSelector;
  readonly baudRate: number;
  readonly suffix: ScanSuffix;
  readonly interByteTimeoutMs: number;
  readonly limits?: ScanLimits;
}

export interface ScannerHandle {
  state(): ScannerState;
  stop(): Promise<void>;
}

export interface ScannerSink {
  onScan(outcome: ScanOutcome): void;
  onState(state: ScannerState): void;
}

/** Finds the port's current path: a VID/PID scanner may come back as ttyACM1 after a replug. */
export async function resolvePortPath(sel: PortSelector): Promise<string | null> {
  if ('path' in sel) return fs.existsSync(sel.path) ? sel.path : null;
  const ports = await SerialPort.list();
  const hit = ports.find((p) => p.vendorId?.toLowerCase() === sel.vendorId.toLowerCase() && p.productId?.toLowerCase() === sel.productId.toLowerCase());
  return hit?.path ?? null;
}

export function describePort(sel: PortSelector): string {
  return 'path' in sel ? sel.path : `${sel.vendorId}:${sel.productId}`;
}

export function frameToOutcome(f: Frame, device: ScanDeviceRef, at: number, limits: ScanLimits): ScanOutcome {
  switch (f.type) {
    case 'frame':
      return interpretScan(f.text, device, at, limits);
    case 'partial':
      return { type: 'scanRejected', device, reason: 'partial', detail: `${f.length} bytes without the configured suffix`, at };
    case 'overlong':
      return { type: 'scanRejected', device, reason: 'tooLong', detail: `${f.length} bytes without a suffix (max ${limits.maxLength})`, at };
    default:
      return assertNever(f, 'frame');
  }
}

export function startSerialScanner(
  cfg: SerialScannerConfig,
  deps: { clock: Clock; sink: ScannerSink; kind?: 'serial' | 'virtual'; reopenMs?: number },
): ScannerHandle {
  const device: ScanDeviceRef = { role: 'scanner', kind: deps.kind ?? 'serial', id: describePort(cfg.port) };
  const limits = cfg.limits ?? DEFAULT_SCAN_LIMITS;
  const { clock, sink } = deps;
  let state: ScannerState = { status: 'detached', device, reason: 'opening', since: clock.now() };

  const setState = (s: ScannerState): void => {
    state = s;
    sink.onState(s);
  };
  const framer = createScanFramer({ suffix: cfg.suffix, interByteTimeoutMs: cfg.interByteTimeoutMs, maxLength: limits.maxLength }, clock, (f) =>
    sink.onScan(frameToOutcome(f, device, clock.now(), limits)),
  );

  const open = async (): Promise<SerialPort> => {
    let path: string | null;
    try {
      path = await resolvePortPath(cfg.port);
    } catch (e) {
      throw new Error(`cannot list ports: ${(e as Error).message}`);
    }
    if (path === null) throw new Error('not connected');
    const p = new SerialPort({ path, baudRate: cfg.baudRate, autoOpen: false });
    p.on('data', (chunk: Buffer) => framer.push(chunk));
    // A failed open also emits close in some versions; only the port still held may detach.
    p.on('close', () => link.lost(p, 'disconnected'));
    p.on('error', (e: Error) => link.lost(p, `port error: ${e.message}`));
    try {
      await new Promise<void>((resolve, reject) => p.open((e) => (e ? reject(e) : resolve())));
    } catch (e) {
      throw new Error(`cannot open ${path}: ${(e as Error).message}`);
    }
    return p;
  };

  const link = createReconnectLoop<SerialPort>({
    clock,
    retryMs: deps.reopenMs ?? 500,
    open,
    onUp: () => setState({ status: 'attached', device, since: clock.now() }),
    onDown: (reason) => {
      framer.reset();
      if (state.status !== 'detached' || state.reason !== reason) setState({ status: 'detached', device, reason, since: clock.now() });
    },
    discard: (p) => p.close(),
  });
  link.start();

  return {
    state: () => state,
    async stop() {
      const p = link.stop();
      framer.reset();
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}

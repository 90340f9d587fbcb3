/**
 * HID-POS scanners through node-hid, chosen by VID/PID or hidraw path. The HID layer is behind a
 * small backend interface so the same scanner code runs on node-hid in the shop and on the scripted
 * HID device in demo mode and tests (Linux containers have no uhid to fake a real one).
 */
import type { Clock } from '../../../shared/domain/clock';
import { interpretScan, type ScanDeviceRef, type ScanLimits, type ScannerState, DEFAULT_SCAN_LIMITS } from '../../../shared/domain/scan';
import { assertNever } from '../../../shared/errors/posError';
import { createReconnectLoop } from '../reconnectLoop';
import { createHidPosAssembler, HID_POS_USAGE_PAGE, type HidPosCode } from './hidPosReport';
import type { ScannerHandle, ScannerSink } from './serialScanner';

export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly product?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly usagePage?: number | undefined;
}

export interface HidHandle {
  on(event: 'data', cb: (report: Buffer) => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}

export interface HidBackend {
  devices(): HidDeviceInfo[];
  open(path: string): HidHandle;
}

export type HidSelector = { readonly path: string } | { readonly vendorId: number; readonly productId: number };

export interface HidScannerConfig {
  readonly device: HidSelector;
  readonly limits?: ScanLimits;
}

/** node-hid loaded on first use: a machine without the native module can still run serial scanners. */
export async function nodeHidBackend(): Promise<HidBackend> {
  const HID = (await import('node-hid')).default;
  return {
    devices: () => HID.devices(),
    open: (path) => new HID.HID(path) as unknown as HidHandle,
  };
}

export function describeHid(sel: HidSelector): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  return 'path' in sel ? sel.path : `${hex(sel.vendorId)}:${hex(sel.productId)}`;
}

/** A scanner exposes several HID interfaces (keyboard, POS); only the 0x8C one carries scans. */
export function findHidDevice(all: readonly HidDeviceInfo[], sel: HidSelector): HidDeviceInfo | undefined {
  if ('path' in sel) return all.find((d) => d.path === sel.path);
  const matches = all.filter((d) => d.vendorId === sel.vendorId && d.productId === sel.productId && d.path !== undefined);
  return matches.find((d) => d.usagePage === HID_POS_USAGE_PAGE) ?? matches[0];
}

export function startHidScanner(
  cfg: HidScannerConfig,
  deps: { backend: HidBackend; clock: Clock; sink: ScannerSink; kind?: 'hid' | 'virtual'; reopenMs?: number },
): ScannerHandle {
  const device: ScanDeviceRef = { role: 'scanner', kind: deps.kind ?? 'hid', id: describeHid(cfg.device) };
  const limits = cfg.limits ?? DEFAULT_SCAN_LIMITS;
  const { clock, sink, backend } = deps;
  let state: ScannerState = { status: 'detached', device, reason: 'opening', since: clock.now() };

  const setState = (s: ScannerState): void => {
    state = s;
    sink.onState(s);
  };
  const onCode = (c: HidPosCode): void => {
    const at = clock.now();
    switch (c.type) {
      case 'code':
        sink.onScan(interpretScan(c.text, device, at, limits));
        return;
      case 'malformed':
        sink.onScan({ type: 'scanRejected', device, reason: 'invalidCharacters', detail: `malformed HID-POS report: ${c.detail}`, at });
        return;
      case 'overlong':
        sink.onScan({ type: 'scanRejected', device, reason: 'tooLong', detail: `${c.length} bytes (max ${limits.maxLength})`, at });
        return;
      default:
        assertNever(c, 'HID code');
    }
  };
  const assembler = createHidPosAssembler(limits.maxLength, onCode);

  const closeQuietly = (h: HidHandle): void => {
    try {
      h.close();
    } catch {
      // already gone with the device
    }
  };

  const open = (): HidHandle => {
    let info: HidDeviceInfo | undefined;
    try {
      info = findHidDevice(backend.devices(), cfg.device);
    } catch (e) {
      throw new Error(`cannot list HID devices: ${(e as Error).message}`);
    }
    if (info?.path === undefined) throw new Error('not connected');
    let h: HidHandle;
    try {
      h = backend.open(info.path);
    } catch (e) {
      throw new Error(`cannot open ${info.path}: ${(e as Error).message}`);
    }
    h.on('data', (report) => assembler.push(report));
    // node-hid reports an unplug as a read error on the open handle.
    h.on('error', (e) => {
      if (link.current() !== h) return;
      closeQuietly(h);
      link.lost(h, `disconnected: ${e.message}`);
    });
    return h;
  };

  const link = createReconnectLoop<HidHandle>({
    clock,
    retryMs: deps.reopenMs ?? 500,
    open,
    onUp: () => setState({ status: 'attached', device, since: clock.now() }),
    onDown: (reason) => {
      assembler.reset();
      if (state.status !== 'detached' || state.reason !== reason) setState({ status: 'detached', device, reason, since: clock.now() });
    },
    discard: closeQuietly,
  });
  link.start();

  return {
    state: () => state,
    async stop() {
      link.stop()?.close();
    },
  };
}

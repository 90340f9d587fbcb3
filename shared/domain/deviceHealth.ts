import type { PrinterState } from '../ipc/commands/device';
import type { ScanDeviceRef, ScannerState } from './scan';
import type { DeviceHealth } from './station';
import { assertNever } from '../errors/posError';

/** A device state as one status word (an i18n key under devices.*Status) and its health colour. */
export interface DeviceStatusWord {
  readonly key: string;
  readonly health: DeviceHealth;
}

/** The one mapping from printer state to words and colours: the status bar and the devices screen agree. */
export function printerStatus(p: PrinterState): DeviceStatusWord {
  switch (p.status) {
    case 'notConfigured':
      return { key: 'notConfigured', health: 'absent' };
    case 'connecting':
      return { key: 'connecting', health: 'warning' };
    case 'disconnected':
      return { key: 'disconnected', health: 'error' };
    case 'unresponsive':
      return { key: 'unresponsive', health: 'error' };
    // Prints, but blind: a warning colour so nobody mistakes it for a confirmed printer.
    case 'writeOnly':
      return { key: 'writeOnly', health: 'warning' };
    case 'ready':
      return p.paperNearEnd ? { key: 'paperNearEnd', health: 'warning' } : { key: 'ready', health: 'ok' };
    case 'notReady':
      return { key: p.paperOut ? 'paperOut' : p.coverOpen ? 'coverOpen' : p.error ? 'printerError' : 'notReady', health: 'error' };
    default:
      return assertNever(p, 'printer state');
  }
}

export function scannerStatus(s: ScannerState): DeviceStatusWord {
  switch (s.status) {
    case 'notConfigured':
      return { key: 'notConfigured', health: 'absent' };
    case 'attached':
      return { key: 'attached', health: 'ok' };
    case 'detached':
      return { key: 'detached', health: 'error' };
    default:
      return assertNever(s, 'scanner state');
  }
}

export const scannerLabel = (d: ScanDeviceRef): string => `${d.kind}:${d.id}`;

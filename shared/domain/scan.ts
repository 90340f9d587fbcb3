/**
 * The one scan event every scanner source (HID-POS, serial, keyboard wedge, virtual) produces, and
 * the gate that turns raw input into either an accepted scan or a rejection with a reason. Nothing
 * rejected here may reach the payment engine.
 */
import { classifyCode, type CodeClassification } from './classifyCode';

export type ScannerKind = 'hid' | 'serial' | 'wedge' | 'virtual';

export interface ScanDeviceRef {
  readonly role: 'scanner';
  readonly kind: ScannerKind;
  /** Path, VID:PID or a renderer-chosen name: what the installer picked. */
  readonly id: string;
}

export interface ScanEvent {
  readonly type: 'scan';
  readonly device: ScanDeviceRef;
  /** The decoded text. A payment code is a one-time credential: log it only through maskCode. */
  readonly raw: string;
  readonly classification: CodeClassification;
  readonly at: number;
}

export type ScanRejectReason = 'empty' | 'tooShort' | 'tooLong' | 'invalidCharacters' | 'partial';

export interface ScanRejectedEvent {
  readonly type: 'scanRejected';
  readonly device: ScanDeviceRef;
  readonly reason: ScanRejectReason;
  /** Human-readable, safe to log and show: never contains the whole code. */
  readonly detail: string;
  readonly at: number;
}

export type ScanOutcome = ScanEvent | ScanRejectedEvent;

export interface ScanLimits {
  readonly minLength: number;
  readonly maxLength: number;
}

/**
 * EAN-8 is the shortest code we act on; 128 covers long QR payloads (an order URL) while anything
 * longer from a scanner is a stuck key or line noise.
 */
export const DEFAULT_SCAN_LIMITS: ScanLimits = { minLength: 8, maxLength: 128 };

export { maskCode } from './mask';

function describeBadChar(raw: string): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return `0x${c.toString(16).padStart(2, '0')} at position ${i}`;
  }
  return 'none';
}

/**
 * Scanners send printable ASCII; anything else (control bytes, UTF-8 from a wrongly set baud rate,
 * NULs from a line glitch) means the frame is not what was printed on the code.
 */
export function interpretScan(raw: string, device: ScanDeviceRef, at: number, limits: ScanLimits = DEFAULT_SCAN_LIMITS): ScanOutcome {
  const reject = (reason: ScanRejectReason, detail: string): ScanRejectedEvent => ({ type: 'scanRejected', device, reason, detail, at });
  if (raw.length === 0) return reject('empty', 'empty scan');
  if (raw.length > limits.maxLength) return reject('tooLong', `${raw.length} characters (max ${limits.maxLength})`);
  if (!/^[\x20-\x7e]+$/.test(raw)) return reject('invalidCharacters', `unexpected byte ${describeBadChar(raw)}; check the baud rate and suffix setting`);
  if (raw.length < limits.minLength) return reject('tooShort', `${raw.length} characters (min ${limits.minLength})`);
  return { type: 'scan', device, raw, classification: classifyCode(raw), at };
}

export function rejectPartial(device: ScanDeviceRef, at: number, length: number): ScanRejectedEvent {
  return { type: 'scanRejected', device, reason: 'partial', detail: `${length} bytes without the configured suffix`, at };
}

/** What the device screen shows for a scanner; hot-plug moves it between attached and detached. */
export type ScannerState =
  | { readonly status: 'notConfigured' }
  | { readonly status: 'attached'; readonly device: ScanDeviceRef; readonly since: number }
  | { readonly status: 'detached'; readonly device: ScanDeviceRef; readonly reason: string; readonly since: number };

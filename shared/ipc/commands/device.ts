/**
 * Device setup and status in the contract (DESIGN.md §4, §7): list ports and HID devices, choose
 * one per role, test scan, test print, live status. The state types live here because both the
 * station and the device screen speak them.
 */
import { z } from 'zod';
import type { PaperWidth } from '../../domain/receipt';
import type { ScanDeviceRef, ScannerState } from '../../domain/scan';
import { command, CASHIER, MANAGER } from '../command';

export type PrinterTransportKind = 'serial' | 'usb' | 'tcp';

export interface PrinterRef {
  readonly role: 'printer';
  readonly transport: PrinterTransportKind;
  /** Path or host:port. */
  readonly id: string;
  readonly virtual: boolean;
}

export type PrinterState =
  | { readonly status: 'notConfigured' }
  | { readonly status: 'connecting'; readonly printer: PrinterRef; readonly since: number }
  | { readonly status: 'disconnected'; readonly printer: PrinterRef; readonly reason: string; readonly since: number }
  /** The link is up but the printer does not answer status queries (off, wrong baud rate). */
  | { readonly status: 'unresponsive'; readonly printer: PrinterRef; readonly since: number }
  | { readonly status: 'ready'; readonly printer: PrinterRef; readonly paperNearEnd: boolean; readonly since: number }
  /**
   * "No status" mode (the printer's statusMode is 'none'): a write-only printer that answers neither
   * DLE EOT nor GS r. The link is up and jobs are sent, but nobody can say whether they came out.
   */
  | { readonly status: 'writeOnly'; readonly printer: PrinterRef; readonly since: number }
  | {
      readonly status: 'notReady';
      readonly printer: PrinterRef;
      readonly paperOut: boolean;
      readonly coverOpen: boolean;
      readonly error: boolean;
      readonly paperNearEnd: boolean;
      readonly since: number;
    };

/** `sent`: handed to a write-only printer in full; it cannot confirm it printed (sent-unconfirmed). */
export type PrintJobStatus = 'queued' | 'printing' | 'printed' | 'sent' | 'failed';

export interface PrintJobView {
  readonly id: number;
  readonly kind: 'receipt' | 'reprint' | 'test' | 'report';
  readonly reference: string | null;
  readonly status: PrintJobStatus;
  readonly attempts: number;
  readonly possiblyPrinted: boolean;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly printedAt: number | null;
}

export interface PrintQueueView {
  readonly pending: number;
  /** Newest first, bounded. */
  readonly recent: readonly PrintJobView[];
}

export interface DevicesSnapshot {
  readonly demo: boolean;
  /** The UI lays out previews with shared/domain/receipt.ts on this width. */
  readonly paper: PaperWidth;
  readonly scanner: ScannerState;
  readonly printer: PrinterState;
  readonly queue: PrintQueueView;
}

export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer: string | null;
  readonly vendorId: string | null;
  readonly productId: string | null;
  readonly serialNumber: string | null;
  readonly virtual: boolean;
}

export interface HidInfo {
  readonly path: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly product: string | null;
  readonly manufacturer: string | null;
  /** Exposes the HID-POS usage page: the interface to pick for a scanner in HID-POS mode. */
  readonly posScanner: boolean;
}

export interface TestScanResult {
  readonly outcome: 'scan' | 'rejected' | 'timeout';
  readonly device: ScanDeviceRef | null;
  /** Masked: a test scan of a real payment code must not end up whole in the UI or the log. */
  readonly masked: string | null;
  readonly classification: string | null;
  readonly reason: string | null;
}

// What the installer picks per role; the station validates with these, the UI builds its forms from them.
const hexId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'a 4-digit hex id such as 0c2e');
/**
 * A device node path as the station lists it: absolute, already normal (no `.`/`..` segments, no
 * doubled slashes). The station also opens only paths in its own device lists (issue 12 §4).
 */
const devicePath = z
  .string()
  .min(1)
  .max(256)
  .refine((p) => (p.startsWith('/') || /^(\\\\\.\\)?COM\d{1,3}$/i.test(p)) && !p.split(/[\\/]/).some((seg) => seg === '..' || seg === '.') && !p.includes('//') && !p.includes('\0'), {
    message: 'a device path from the list (absolute, no . or ..)',
  });
/** A TCP printer's host: a name or an address, never a URL or a path. */
const tcpHost = z.string().regex(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/, 'a host name or IP address');

export const scannerSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: devicePath.optional(),
      vendorId: hexId.optional(),
      productId: hexId.optional(),
      baudRate: z.number().int().min(1200).max(921600).default(9600),
      suffix: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
      interByteTimeoutMs: z.number().int().min(5).max(2000).default(50),
    })
    .strict()
    .refine((s) => s.path !== undefined || (s.vendorId !== undefined && s.productId !== undefined), { message: 'give a path or both vendorId and productId' }),
  z
    .object({
      kind: z.literal('hid'),
      path: z.string().min(1).max(256).refine((p) => !p.split('/').includes('..'), { message: 'a device path from the list (no ..)' }).optional(),
      vendorId: hexId.optional(),
      productId: hexId.optional(),
    })
    .strict()
    .refine((s) => s.path !== undefined || (s.vendorId !== undefined && s.productId !== undefined), { message: 'give a path or both vendorId and productId' }),
  // Keyboard wedge lives in the renderer; the station only needs to know to accept its scans.
  z
    .object({
      kind: z.literal('wedge'),
      suffix: z.enum(['Enter', 'Tab', 'none']).default('Enter'),
      maxInterKeyMs: z.number().int().min(5).max(200).default(35),
      minLength: z.number().int().min(4).max(64).default(8),
    })
    .strict(),
]);

const paper = z.enum(['58mm', '80mm']).default('80mm');
/**
 * 'query': the printer answers real-time status and confirms each job (GS r). 'none': a write-only
 * printer (many USB-lp and network printers): jobs are sent without confirmation.
 */
const statusMode = z.enum(['query', 'none']).default('query');
export type PrinterStatusMode = z.output<typeof statusMode>;

export const printerSelectionSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }).strict(),
  z.object({ transport: z.literal('serial'), path: devicePath, baudRate: z.number().int().min(1200).max(921600).default(115200), paper, statusMode }).strict(),
  z.object({ transport: z.literal('usb'), path: devicePath.refine((p) => p.startsWith('/dev/'), 'a device path such as /dev/usb/lp0'), paper, statusMode }).strict(),
  z.object({ transport: z.literal('tcp'), host: tcpHost, port: z.number().int().min(1).max(65535).default(9100), paper, statusMode }).strict(),
]);


export type ScannerSelection = z.output<typeof scannerSelectionSchema>;
export type PrinterSelection = z.output<typeof printerSelectionSchema>;

export interface WedgeScanResult {
  readonly accepted: boolean;
  readonly reason: string | null;
}

export const deviceCommands = {
  'device:status': command<DevicesSnapshot>()(z.object({}).strict(), CASHIER),
  'device:listPorts': command<SerialPortInfo[]>()(z.object({}).strict(), MANAGER),
  'device:listHid': command<HidInfo[]>()(z.object({}).strict(), MANAGER),
  'device:configure': command<DevicesSnapshot>()(
    z.discriminatedUnion('role', [
      z.object({ role: z.literal('scanner'), selection: scannerSelectionSchema }).strict(),
      z.object({ role: z.literal('printer'), selection: printerSelectionSchema }).strict(),
    ]),
    MANAGER,
  ),
  /** Resolves with the next scan (masked) instead of passing it to payments. */
  'device:testScan': command<TestScanResult>()(z.object({ timeoutMs: z.number().int().min(1000).max(60_000).default(15_000) }).strict(), MANAGER),
  /** Queues a test page with a Chinese line; watch it through device:statusChanged. */
  'device:testPrint': command<PrintJobView>()(z.object({}).strict(), MANAGER),
  'device:reprint': command<PrintJobView>()(z.object({ jobId: z.number().int().positive() }).strict(), CASHIER),
  'device:kickDrawer': command<{ readonly kicked: true }>()(z.object({}).strict(), CASHIER),
  /** A keyboard-wedge scan detected in the renderer (shared/domain/wedgeDetector.ts). */
  'device:wedgeScan': command<WedgeScanResult>()(z.object({ raw: z.string().max(256), at: z.number().int().nonnegative() }).strict(), CASHIER),
} as const;

/** Events for shared/ipc/events.ts EventMap. */
export interface DeviceEventMap {
  'device:statusChanged': DevicesSnapshot;
  /** Shown to the cashier ("scan not recognised: …"); never contains the code. */
  'device:scanRejected': { readonly reason: string; readonly detail: string; readonly device: ScanDeviceRef; readonly at: number };
}

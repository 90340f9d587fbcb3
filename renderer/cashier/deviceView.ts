/**
 * Device states and forms for the devices screen. What the installer types becomes a selection the
 * station validates again with the contract's own schemas; this only shapes it.
 */
import type { DevicesSnapshot, PrinterRef, PrinterSelection, PrinterState, PrinterStatusMode, ScannerSelection } from '../../shared/ipc/commands/device';
import type { PaperWidth, PrintDocument } from '../../shared/domain/receipt';

// One mapping for the status bar and this screen (shared/domain/deviceHealth.ts).
export { printerStatus, scannerStatus } from '../../shared/domain/deviceHealth';
export type { DeviceHealth as Health } from '../../shared/domain/station';

export interface ScannerForm {
  readonly kind: ScannerSelection['kind'];
  readonly path: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly baudRate: string;
  readonly suffix: 'CR' | 'LF' | 'CRLF' | 'none';
}

export interface PrinterForm {
  readonly transport: PrinterSelection['transport'];
  readonly path: string;
  readonly host: string;
  readonly port: string;
  readonly baudRate: string;
  readonly paper: PaperWidth;
  /** 'none': a write-only printer, printed to without status or confirmation. */
  readonly statusMode: PrinterStatusMode;
}

export const DEFAULT_SCANNER_FORM: ScannerForm = { kind: 'serial', path: '', vendorId: '', productId: '', baudRate: '9600', suffix: 'CR' };
export const DEFAULT_PRINTER_FORM: PrinterForm = { transport: 'serial', path: '', host: '', port: '9100', baudRate: '115200', paper: '80mm', statusMode: 'query' };

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

/** The form as a selection (unknown to the renderer whether it is valid: the station says). */
export function scannerSelection(f: ScannerForm): Record<string, unknown> {
  switch (f.kind) {
    case 'none':
      return { kind: 'none' };
    case 'wedge':
      return { kind: 'wedge' };
    case 'serial':
      return { kind: 'serial', path: opt(f.path), vendorId: opt(f.vendorId), productId: opt(f.productId), baudRate: num(f.baudRate), suffix: f.suffix };
    case 'hid':
      return { kind: 'hid', path: opt(f.path), vendorId: opt(f.vendorId), productId: opt(f.productId) };
  }
}

export function printerSelection(f: PrinterForm): Record<string, unknown> {
  switch (f.transport) {
    case 'none':
      return { transport: 'none' };
    case 'serial':
      return { transport: 'serial', path: f.path.trim(), baudRate: num(f.baudRate), paper: f.paper, ...noStatus(f) };
    case 'usb':
      return { transport: 'usb', path: f.path.trim(), paper: f.paper, ...noStatus(f) };
    case 'tcp':
      return { transport: 'tcp', host: f.host.trim(), port: num(f.port), paper: f.paper, ...noStatus(f) };
  }
}

/** The station's default is 'query': only the exception is sent. */
const noStatus = (f: PrinterForm): { statusMode?: 'none' } => (f.statusMode === 'none' ? { statusMode: 'none' } : {});

/** The running printer's status mode, as its state shows it. */
export function printerStatusModeOf(p: PrinterState): PrinterStatusMode {
  return p.status === 'writeOnly' ? 'none' : 'query';
}

/**
 * Offer "no status" mode: the printer is linked but answers no status query, and a test page sent to
 * it is still waiting for an answer (many USB-lp and network printers are write-only).
 */
export function offerNoStatusMode(d: DevicesSnapshot): boolean {
  return d.printer.status === 'unresponsive' && d.queue.recent.some((j) => j.kind === 'test' && (j.status === 'queued' || j.status === 'printing'));
}

/** The running printer as a form, so changing only the paper keeps the rest as it is. */
export function printerFormFrom(ref: PrinterRef | null, paper: PaperWidth, statusMode: PrinterStatusMode = 'query'): PrinterForm {
  if (ref === null) return { ...DEFAULT_PRINTER_FORM, paper };
  if (ref.transport === 'tcp') {
    const i = ref.id.lastIndexOf(':');
    return { ...DEFAULT_PRINTER_FORM, transport: 'tcp', host: i > 0 ? ref.id.slice(0, i) : ref.id, port: i > 0 ? ref.id.slice(i + 1) : '9100', paper, statusMode };
  }
  return { ...DEFAULT_PRINTER_FORM, transport: ref.transport, path: ref.id, paper, statusMode };
}

export function printerRefOf(p: PrinterState): PrinterRef | null {
  return p.status === 'notConfigured' ? null : p.printer;
}

/**
 * The station's test page (electron/devices/deviceManager.ts testPrint) for the on-screen preview,
 * laid out with the same shared/domain/receipt.ts code the printer path uses.
 */
export function testPageDocument(paper: PaperWidth, at: number): PrintDocument {
  return {
    type: 'text',
    text: {
      title: '打印测试 PRINTER TEST',
      lines: ['中文测试：支付宝收款 一二三四五', 'ASCII 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ', `${paper} · ${new Date(at).toISOString()}`],
      copy: 'original',
    },
  };
}

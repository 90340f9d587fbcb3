/**
 * Device setup and status in the contract (DESIGN.md §4, §7): list ports and HID devices, choose
 * one per role, test scan, test print, live status. The state types live here because both the
 * station and the device screen speak them.
 */
import type { ScannerState } from '../../domain/scan';

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
  | {
      readonly status: 'notReady';
      readonly printer: PrinterRef;
      readonly paperOut: boolean;
      readonly coverOpen: boolean;
      readonly error: boolean;
      readonly paperNearEnd: boolean;
      readonly since: number;
    };

export type PrintJobStatus = 'queued' | 'printing' | 'printed' | 'failed';

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
  readonly scanner: ScannerState;
  readonly printer: PrinterState;
  readonly queue: PrintQueueView;
}

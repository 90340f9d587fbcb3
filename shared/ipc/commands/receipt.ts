import { z } from 'zod';
import { command, CASHIER } from '../command';
import type { PrintJobView } from './device';

const paymentRequestId = z.string().min(1).max(64);

export interface ReceiptPreview {
  readonly paper: '58mm' | '80mm';
  /** Monospace lines exactly as the printer lays them out; a QR is shown as a marked line. */
  readonly lines: readonly string[];
  /** What the QR on the receipt encodes (the payment reference). */
  readonly qr: string | null;
}

export const receiptCommands = {
  /** The receipt of a paid attempt, laid out for the configured paper. */
  'receipt:preview': command<ReceiptPreview>()(z.object({ paymentRequestId }).strict(), CASHIER),
  /** Prints it again, marked DUPLICATE (audited). The original prints by itself on success. */
  'receipt:reprint': command<PrintJobView>()(z.object({ paymentRequestId }).strict(), CASHIER),
} as const;

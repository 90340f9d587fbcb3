import { z } from 'zod';
import { command, APPROVED, CASHIER } from '../command';
import { approvalSchema } from './account';
import type { AttemptSnapshot, PaymentStateChanged, UnresolvedAttempts } from '../../domain/payment';

const paymentRequestId = z.string().min(1).max(64);

export const paymentCommands = {
  /**
   * A customer code keyed in or from a keyboard-wedge scanner (device scanners reach payments
   * directly). Refused up front when offline (OFFLINE), when not an Alipay code (SCAN_REJECTED), or a
   * replay of the same code (DUPLICATE_SCAN). saleId defaults to the current sale. `amountMinor`: a
   * split tender's Alipay part (default: all that is still due; more is TENDER_EXCEEDS).
   */
  'payment:scan': command<AttemptSnapshot>()(z.object({ saleId: z.string().min(1).max(64).optional(), code: z.string().min(1).max(128), amountMinor: z.number().int().positive().max(99_999_999_999).optional() }).strict(), CASHIER),
  /** Order-code flow: asks Alipay for a QR; the attempt snapshot carries `qr` once it is ready. `amountMinor` as for payment:scan. */
  'payment:showOrderCode': command<AttemptSnapshot>()(z.object({ saleId: z.string().min(1).max(64), amountMinor: z.number().int().positive().max(99_999_999_999).optional() }).strict(), CASHIER),
  /** Cashier cancel of an unresolved attempt: last inquiry, then cancel from the offline queue. */
  'payment:cancel': command<AttemptSnapshot>()(z.object({ paymentRequestId }).strict(), CASHIER),
  /** Supervisor void of a paid payment (cancel; after the cancel window a full refund). */
  'payment:void': command<AttemptSnapshot>()(z.object({ paymentRequestId, approval: approvalSchema }).strict(), APPROVED),
  'payment:get': command<AttemptSnapshot>()(z.object({ paymentRequestId }).strict(), CASHIER),
  /** Every attempt not final (DESIGN §5.6): listed until resolved. */
  'payment:unresolved': command<UnresolvedAttempts>()(z.object({}).strict(), CASHIER),
  /** The attempt's journal, oldest first (the history timeline): refunds of the attempt included. */
  'payment:events': command<readonly PaymentJournalEvent[]>()(z.object({ paymentRequestId }).strict(), CASHIER),
} as const;

/** One row of the attempt's hash-chained journal as the UI may see it: no code, no key, no body. */
export interface PaymentJournalEvent {
  readonly seq: number;
  readonly at: number;
  /** Engine event (created, payAnswered, inquiryAnswered, cancelRequested, notified …) or refund.requested / refund.succeeded / refund.failed. */
  readonly type: string;
  /** The attempt (or refund) status after the event. */
  readonly status: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A device scan that could not start a payment: shown to the cashier. Never contains the code. */
export interface ScanRefused {
  readonly code: string; // PosError code: OFFLINE, DUPLICATE_SCAN, INVALID_STATE, NOT_READY …
  readonly message: string;
  readonly codeTail: string;
  readonly at: number;
}

export interface PaymentEventMap {
  'payment:stateChanged': PaymentStateChanged;
  'payment:unresolvedListed': UnresolvedAttempts;
  'payment:scanRefused': ScanRefused;
}

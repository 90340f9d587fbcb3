import { z } from 'zod';
import { command, APPROVED, CASHIER } from '../command';
import { approvalSchema, credentialSchema } from './account';
import type { ShiftReport, ShiftSnapshot } from '../../domain/shift';
import type { SaleSnapshot, CashRefundSnapshot } from '../../domain/payment';
import type { PrintJobView } from './device';

const saleId = z.string().min(1).max(64);
const shiftId = z.string().min(1).max(64);
/** Minor units as keyed; the station checks range and sign (CASH_OUT_OF_RANGE), so a negative figure gets a typed answer too. */
const cashMinor = z.number().int().min(-99_999_999_999).max(99_999_999_999);
const reason = z.string().max(256);

/**
 * A cash count: the total, or pieces per denomination (keys: the note or coin in minor units; values:
 * the pieces as typed — digits only, else COUNT_INVALID).
 */
export const cashCountSchema = z.union([
  z.object({ totalMinor: cashMinor }).strict(),
  z.object({ pieces: z.record(z.string().max(12), z.union([z.number(), z.string().max(16)])) }).strict(),
]);
export type CashCountInput = z.infer<typeof cashCountSchema>;

/** The cash part of a sale: what went to the sale, and the change to hand back (shown big on both screens). */
export interface CashTendered {
  readonly sale: SaleSnapshot;
  readonly tenderedMinor: number;
  readonly changeMinor: number;
  readonly roundingMinor: number;
  /** True when this cash settled the sale. */
  readonly settles: boolean;
}

export const shiftCommands = {
  /** The terminal's open shift (null when none). */
  'shift:current': command<ShiftSnapshot | null>()(z.object({}).strict(), CASHIER),
  /** Opens this terminal's shift with the counted float; SHIFT_ALREADY_OPEN when one is open. */
  'shift:open': command<ShiftSnapshot>()(z.object({ float: cashCountSchema }).strict(), CASHIER),
  /** Cash put into (paidIn) or taken out of (paidOut) the drawer, with a reason; the drawer opens. */
  'shift:cashMovement': command<ShiftSnapshot>()(z.object({ kind: z.enum(['paidIn', 'paidOut']), amountMinor: cashMinor, reason }).strict(), CASHIER),
  /** Opens the drawer without a sale: a reason is required and audited. */
  'shift:noSale': command<ShiftSnapshot>()(z.object({ reason }).strict(), CASHIER),
  /**
   * Closes the shift on a blind count: refused with SHIFT_UNRESOLVED while a payment is unresolved
   * and with VARIANCE_NEEDS_APPROVAL (details: varianceMinor) above the configured variance.
   */
  'shift:close': command<ShiftReport>()(z.object({ count: cashCountSchema }).strict(), CASHIER),
  /** The same close with a supervisor's approval (the dispatcher verifies it) for a variance above the limit. */
  'shift:closeApproved': command<ShiftReport>()(z.object({ count: cashCountSchema, approval: approvalSchema }).strict(), APPROVED),
  /** Hand-over (交班): close on the count, sign the next cashier in and open their shift with the counted cash as float. */
  'shift:handOver': command<{ readonly closed: ShiftReport; readonly opened: ShiftSnapshot }>()(z.object({ count: cashCountSchema, next: credentialSchema }).strict(), CASHIER),
  /** The same hand-over with a supervisor's approval (the dispatcher verifies it) for a variance above the limit. */
  'shift:handOverApproved': command<{ readonly closed: ShiftReport; readonly opened: ShiftSnapshot }>()(z.object({ count: cashCountSchema, next: credentialSchema, approval: approvalSchema }).strict(), APPROVED),
  /** The 交班单 of a shift (default: the open one, else the last closed). */
  'shift:report': command<ShiftReport>()(z.object({ shiftId: shiftId.optional() }).strict(), CASHIER),
  /** Prints the 交班单 on the receipt printer in the language asked (default: the counter's). */
  'shift:print': command<PrintJobView>()(z.object({ shiftId: shiftId.optional(), locale: z.enum(['zh-CN', 'en']).optional() }).strict(), CASHIER),
  /** Newest first. */
  'shift:list': command<readonly ShiftSnapshot[]>()(z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(), CASHIER),
  /**
   * Cash for a sale: `full` settles what is due (below it TENDER_SHORT) and gives change; `part` is a
   * split's cash part (all of what is due or more: TENDER_EXCEEDS). The drawer opens.
   */
  'sale:tenderCash': command<CashTendered>()(z.object({ saleId, tenderedMinor: cashMinor, mode: z.enum(['full', 'part']).default('full') }).strict(), CASHIER),
  /** Cash given back out of the drawer for a sale's cash part (supervisor approval, like any refund). */
  'refund:cash': command<CashRefundSnapshot>()(z.object({ saleId, amountMinor: cashMinor, reason: reason.optional(), approval: approvalSchema }).strict(), APPROVED),
} as const;

export interface ShiftEventMap {
  /** The terminal's open shift changed (opened, cash moved, closed: null). */
  'shift:changed': ShiftSnapshot | null;
}

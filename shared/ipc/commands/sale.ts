import { z } from 'zod';
import { command, CASHIER, SHOWN } from '../command';
import type { SaleSnapshot, SaleStatus } from '../../domain/payment';

const saleId = z.string().min(1).max(64);
/** Integer minor units (fen, cents): the UI parses what was typed with parseMajor, never a float. */
const amountMinor = z.number().int().positive().max(99_999_999_999);

const SALE_STATUSES = ['open', 'paying', 'paid', 'voided', 'refunded', 'partially_refunded'] as const satisfies readonly SaleStatus[];

/** History filters: every field narrows; `cursor` continues after the last sale of the previous page. */
export const saleSearchSchema = z
  .object({
    /** Epoch ms, inclusive / exclusive. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    statuses: z.array(z.enum(SALE_STATUSES)).max(SALE_STATUSES.length).optional(),
    minAmountMinor: z.number().int().nonnegative().max(99_999_999_999).optional(),
    maxAmountMinor: z.number().int().nonnegative().max(99_999_999_999).optional(),
    /** The last 4 digits of the customer's code, as on the receipt. */
    codeTail: z.string().regex(/^\d{4}$/, 'the last 4 digits of the code').optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().regex(/^\d+:[A-Za-z0-9_-]{1,64}$/).optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: 'the start date is after the end date', path: ['from'] })
  .refine((f) => f.minAmountMinor === undefined || f.maxAmountMinor === undefined || f.minAmountMinor <= f.maxAmountMinor, { message: 'the lowest amount is above the highest', path: ['minAmountMinor'] });
export type SaleSearch = z.input<typeof saleSearchSchema>;

export interface SaleSearchPage {
  /** Newest first. */
  readonly sales: readonly SaleSnapshot[];
  /** Pass back as `cursor` for the next page; null when this was the last. */
  readonly nextCursor: string | null;
}

export const saleCommands = {
  /** A new open sale; device scans of an Alipay code go to the newest open sale. Currency defaults to the store's. */
  'sale:create': command<SaleSnapshot>()(z.object({ amountMinor, currency: z.string().regex(/^[A-Z]{3}$/).optional(), description: z.string().max(256).optional() }).strict(), CASHIER),
  /**
   * Amount keyed, then the customer's code scanned at once (no Enter between): opens the sale with
   * this amount and starts the payment with the code in one step. Refused (INVALID_STATE) while a
   * sale is already open at the counter; a code refused up front (SCAN_REJECTED, DUPLICATE_SCAN,
   * OFFLINE …) leaves no sale open. Returns the sale with its payment under way.
   */
  'sale:createWithCode': command<SaleSnapshot>()(z.object({ amountMinor, currency: z.string().regex(/^[A-Z]{3}$/).optional(), code: z.string().min(1).max(128) }).strict(), CASHIER),
  'sale:get': command<SaleSnapshot>()(z.object({ saleId }).strict(), CASHIER),
  /** Newest first (history screen). */
  'sale:list': command<readonly SaleSnapshot[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), CASHIER),
  /** The sale on the counter: the one scans go to, else the one that just ended until dismissed (null when none). */
  'sale:current': command<SaleSnapshot | null>()(z.object({}).strict(), SHOWN),
  /** The cashier moved on from an ended sale's result: a reload no longer shows it. */
  'sale:dismiss': command<null>()(z.object({ saleId }).strict(), CASHIER),
  /** Changing the amount while an order QR is shown voids the QR (cancel) first; refused during a user-presented payment. */
  'sale:setAmount': command<SaleSnapshot>()(z.object({ saleId, amountMinor }).strict(), CASHIER),
  /** Abandon an unpaid sale (nothing in progress). A paid sale is voided through payment:void. */
  'sale:void': command<SaleSnapshot>()(z.object({ saleId }).strict(), CASHIER),
  /** History search (date range, status, amount range, code tail), newest first, paged by cursor. */
  'sale:search': command<SaleSearchPage>()(saleSearchSchema, CASHIER),
} as const;

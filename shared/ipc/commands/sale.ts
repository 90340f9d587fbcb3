import { z } from 'zod';
import { command } from '../command';
import type { SaleSnapshot } from '../../domain/payment';

const saleId = z.string().min(1).max(64);
/** Integer minor units (fen, cents): the UI parses what was typed with parseMajor, never a float. */
const amountMinor = z.number().int().positive().max(99_999_999_999);

export const saleCommands = {
  /** A new open sale; device scans of an Alipay code go to the newest open sale. Currency defaults to the store's. */
  'sale:create': command<SaleSnapshot>()(z.object({ amountMinor, currency: z.string().regex(/^[A-Z]{3}$/).optional(), description: z.string().max(256).optional() }).strict()),
  'sale:get': command<SaleSnapshot>()(z.object({ saleId }).strict()),
  /** Newest first (history screen). */
  'sale:list': command<readonly SaleSnapshot[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict()),
  /** The sale scans currently go to (null when none is open). */
  'sale:current': command<SaleSnapshot | null>()(z.object({}).strict()),
  /** Changing the amount while an order QR is shown voids the QR (cancel) first; refused during a user-presented payment. */
  'sale:setAmount': command<SaleSnapshot>()(z.object({ saleId, amountMinor }).strict()),
  /** Abandon an unpaid sale (nothing in progress). A paid sale is voided through payment:void. */
  'sale:void': command<SaleSnapshot>()(z.object({ saleId }).strict()),
} as const;

import { z } from 'zod';
import { command, CASHIER, SHOWN } from '../command';
import type { EntryDemoResult, EntryInfo, EntryPayment } from '../../domain/entry';

export const entryCommands = {
  /** The store's entry-code URL (for the customer display's QR and the poster) and whether it is on. */
  'entry:info': command<EntryInfo>()(z.object({}).strict(), SHOWN),
  /** Paid entry-code payments, newest first (the cashier's live feed after a reload). */
  'entry:feed': command<readonly EntryPayment[]>()(z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict(), CASHIER),
  /**
   * DEMO only: the simulator's virtual wallet opens the H5 page with a wallet user agent, types the
   * amount, pays on the simulated Alipay cashier and comes back; the payment then arrives in the feed
   * like a real one (by notification or inquiry). `decline` makes the wallet decline instead.
   */
  'entry:demoPay': command<EntryDemoResult>()(z.object({ amount: z.string().min(1).max(24), decline: z.boolean().default(false) }).strict(), CASHIER),
} as const;

export interface EntryEventMap {
  /** An entry-code payment was verified as paid (notification or inquiry, never the redirect). */
  'entry:paymentReceived': EntryPayment;
}

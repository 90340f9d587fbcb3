import { z } from 'zod';
import { command } from '../command';
import { TILL_SCOPES, type TillApiInfo, type TillClientCreated, type TillClientView, type TillOrigin, type TillSaleOpened } from '../../domain/till';

const pin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4–12 digits');

/** Till integration (DESIGN §16): the manager's API clients, and which till a counter sale came from. */
export const tillCommands = {
  /** A new API client; the answer carries its key once. Needs the manager's approval (today the supervisor PIN). */
  'till:createClient': command<TillClientCreated>()(
    z.object({
      name: z.string().trim().min(1).max(40),
      scopes: z.array(z.enum(TILL_SCOPES)).min(1).max(3).refine((s) => new Set(s).size === s.length, 'each scope once'),
      ratePerMinute: z.number().int().min(1).max(6000).default(120),
      pin,
    }).strict(),
  ),
  'till:listClients': command<readonly TillClientView[]>()(z.object({}).strict()),
  /** Revoked keys are refused from the next call on; the client's payments stay in the journal. */
  'till:revokeClient': command<TillClientView>()(z.object({ clientId: z.string().min(1).max(64), pin }).strict()),
  'till:info': command<TillApiInfo>()(z.object({}).strict()),
  /** Which till (if any) a sale came from: the cashier screen after a reload. */
  'till:originOf': command<TillOrigin | null>()(z.object({ saleId: z.string().min(1).max(64) }).strict()),
} as const;

export interface TillEventMap {
  /** A till's amount is on the counter: the cashier scans or shows the order QR. */
  'till:saleOpened': TillSaleOpened;
}

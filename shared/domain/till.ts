/** Till integration (DESIGN §16): what the UI sees of API clients and of a sale a till asked for. */
import type { SaleSnapshot } from './payment';

export const TILL_SCOPES = ['pay', 'refund', 'read'] as const;
export type TillScope = (typeof TILL_SCOPES)[number];

/** An API client as the manager sees it: never its key (shown once, at creation, only). */
export interface TillClientView {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly TillScope[];
  readonly ratePerMinute: number;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface TillClientCreated {
  readonly client: TillClientView;
  /** The API key: shown this once; the station keeps only its hash. */
  readonly key: string;
}

/** Where the till API listens (null url: switched off). */
export interface TillApiInfo {
  readonly url: string | null;
  readonly lan: boolean;
}

/** A sale that a till handed to the counter: the cashier screen shows "amount from <till>". */
export interface TillOrigin {
  readonly saleId: string;
  readonly tillName: string;
  readonly orderReference: string;
}

export interface TillSaleOpened extends TillOrigin {
  readonly sale: SaleSnapshot;
}

/**
 * The head-office dashboard's JSON (issue 16 item 6), shared by HQ (electron/hq/dashboardRoutes.ts)
 * and its page (renderer/hq). Money is integer minor units with its ISO 4217 code.
 */
import type { Money } from '../domain/money';
import type { DeviceSummary, NetworkState } from '../domain/station';

export type HqRole = 'owner' | 'storeManager';

export interface HqMe {
  readonly merchantId: string;
  readonly login: string;
  readonly role: HqRole;
  readonly stores: readonly string[];
}

/** One tender (the payment scenario the terminal used) in one currency. */
export interface HqTenderTotal { readonly tender: string; readonly payments: number; readonly amount: Money }

export interface HqHourTotal { readonly hour: number; readonly payments: number; readonly amount: Money }

export interface HqTerminalRow {
  readonly terminalId: string;
  readonly lastSeq: number;
  /** Null: never uploaded. */
  readonly lastUploadAt: string | null;
  readonly lastUploadAgeS: number | null;
  /** No upload for longer than HQ's threshold (or never). */
  readonly stale: boolean;
  /** Chain gaps/edits HQ refused from this terminal. */
  readonly chainFlags: number;
  /** Alipay notifications waiting at HQ for this terminal to connect. */
  readonly waitingNotifications: number;
  /** The last device and queue health the terminal uploaded (null: none yet), and when. */
  readonly health: HqTerminalHealth | null;
  readonly healthAt: string | null;
}

export interface HqStoreToday {
  readonly storeId: string;
  readonly name: string;
  readonly tenders: readonly HqTenderTotal[];
  readonly terminals: readonly HqTerminalRow[];
  readonly unresolved: number;
  readonly close: HqStoreClose;
}

export interface HqUnresolvedRow {
  readonly storeId: string;
  readonly terminalId: string;
  readonly paymentRequestId: string;
  readonly status: string;
  readonly tender: string;
  readonly amount: Money;
  readonly createdAt: string;
  readonly ageS: number;
}

export interface HqToday {
  /** The business day (merchant's time zone), YYYY-MM-DD. */
  readonly day: string;
  readonly timeZone: string;
  readonly asOf: string;
  readonly stores: readonly HqStoreToday[];
  /** Chain (or scope) totals per tender and per hour, one currency each. */
  readonly tenders: readonly HqTenderTotal[];
  readonly hours: readonly HqHourTotal[];
  readonly unresolved: readonly HqUnresolvedRow[];
  readonly staleAfterS: number;
}

/** A day's settlement reconciliation at one terminal (uploaded as the `reconciliation` record). */
export type HqReconStatus = 'matched' | 'mismatches' | 'notImported';

export interface HqReconciliation {
  /** Alipay's settlement day, YYYY-MM-DD. */
  readonly date: string;
  readonly generatedAt: number;
  readonly status: HqReconStatus;
  /** Alipay files imported for the day (0: not imported). */
  readonly imports: number;
  readonly matched: number;
  /** Alipay rows we lack, our payments Alipay lacks, and disagreements. */
  readonly mismatches: number;
}

/** The terminal's device and queue health (uploaded as the `deviceHealth` record when it changes). */
export interface HqTerminalHealth {
  readonly network: NetworkState;
  readonly devices: readonly DeviceSummary[];
  /** The payments outbox (cancels, refunds, inquiries). */
  readonly queue: { readonly pending: number; readonly running: number; readonly dead: number };
  /** The upload job gave up (dead letter) and needs a look at the terminal. Only that, not its every run: health is logged when it changes. */
  readonly uploadDead: boolean;
}

/** One closed day of one terminal, from its uploaded Z report. */
export interface HqZReport {
  readonly terminalId: string;
  readonly number: number;
  readonly businessDate: string;
  readonly closedAt: string;
  /** Per currency: Alipay sales, refunds and net as the Z report printed them. */
  readonly totals: readonly { readonly currency: string; readonly sales: Money; readonly refunds: Money; readonly net: Money }[];
}

/** A store's end of day: the last closed day across its terminals, and that day's reconciliation. */
export interface HqStoreClose {
  /** The latest business day any terminal of the store closed (null: none yet). */
  readonly businessDate: string | null;
  /** That day's Z reports, one per terminal that closed it. */
  readonly zReports: readonly HqZReport[];
  /** Per currency, the sum of those Z reports. */
  readonly totals: readonly { readonly currency: string; readonly sales: Money; readonly refunds: Money; readonly net: Money }[];
  /** That day's reconciliation over the store's terminals (null: no Z yet). */
  readonly reconciliation: { readonly status: HqReconStatus; readonly matched: number; readonly mismatches: number; readonly terminals: number } | null;
}

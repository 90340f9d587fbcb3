/**
 * The head-office dashboard's JSON (issue 16 item 6), shared by HQ (electron/hq/dashboardRoutes.ts)
 * and its page (renderer/hq). Money is integer minor units with its ISO 4217 code.
 */
import type { Money } from '../domain/money';

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
}

export interface HqStoreToday {
  readonly storeId: string;
  readonly name: string;
  readonly tenders: readonly HqTenderTotal[];
  readonly terminals: readonly HqTerminalRow[];
  readonly unresolved: number;
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

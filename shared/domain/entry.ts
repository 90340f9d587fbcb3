/**
 * Entry-code payments (DESIGN.md §5.3) as the UI sees them: the store's static QR opens the station's
 * H5 page in the customer's wallet, the customer types the amount and pays. Each payment is its own
 * sale, so history, refunds, receipts and the day's report treat it like any other.
 */
import type { Money } from './money';
import type { AttemptStatus, SaleStatus } from './payment';

/** entry:info — what the customer display's idle screen and the poster show. */
export interface EntryInfo {
  readonly enabled: boolean;
  /** The URL the store's QR encodes (the H5 page). */
  readonly url: string;
  /** A printable A5 poster with the QR, in both languages. */
  readonly posterUrl: string;
  readonly storeName: string;
  readonly currency: string;
  /** False while the public base URL is only the station's loopback address: phones cannot reach it. */
  readonly publiclyReachable: boolean;
}

/** One entry-code payment in the cashier's live feed. */
export interface EntryPayment {
  readonly paymentRequestId: string;
  readonly saleId: string;
  readonly amount: Money;
  readonly status: AttemptStatus;
  readonly saleStatus: SaleStatus;
  readonly createdAt: number;
  readonly paidAt: number | null;
  /** The customer's Alipay id with all but the last 4 characters masked; null when Alipay gave none. */
  readonly customer: string | null;
  readonly refundedMinor: number;
}

/** entry:demoPay — the virtual wallet's visit, DEMO only. */
export interface EntryDemoResult {
  readonly outcome: 'confirmed' | 'declined' | 'refused';
  readonly detail: string;
  readonly paymentId: string | null;
}

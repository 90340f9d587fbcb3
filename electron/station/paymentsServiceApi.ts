/**
 * The station's payments service as the rest of the station sees it. Its own module so the station
 * context can name it without importing the service's construction (which takes the context): no
 * import cycle runs between them.
 */
import type { AmsClient } from '../payments/ams/amsClient';
import type { AcquirerName } from '../payments/engine/enginePorts';
import type { RunningCnSimulator } from '../simulator/cn/startCnSimulator';
import type { CnClient } from '../payments/cn/cnClient';
import type { Payments } from '../payments/createPayments';
import type { PaymentEvents } from '../payments/paymentEvents';
import type { Sales } from '../payments/sales';
import type { Checkout } from '../payments/checkout';
import type { Refunds } from '../payments/refunds/refunds';
import type { EntryStation } from './entryStation';
import type { RunningSimulator } from '../simulator';
import type { ScanEvent } from '../../shared/domain/scan';
import type { HttpRoute } from './httpRoute';

export interface PaymentsService {
  /** The payments' business events (receipts, the entry feed, the till subscribe here); relayed to windows. */
  readonly events: PaymentEvents;
  /** Entry-code payments (routes and the cashier's feed); null without a journal. Built once, with the service. */
  readonly entry: EntryStation | null;
  readonly notifyRoute: HttpRoute;
  /** The runtime once started (null before start and in setup mode). */
  readonly runtime: Payments | null;
  /** The AMS client in use and what verifies Alipay's messages to us (null before start). */
  readonly gateway: { readonly client: AmsClient; readonly alipayPublicKey: string; readonly clientId: string } | null;
  /** DEMO only: the in-process simulator (its control API drives faults and the wallet). */
  readonly simulator: RunningSimulator | null;
  /** alipay.acquirer, and (DEMO, alipay-cn) the in-process 当面付 simulator and the notify route Alipay posts to. */
  readonly acquirer: AcquirerName;
  readonly cnSimulator: RunningCnSimulator | null;
  readonly cnNotifyRoute: HttpRoute;
  /** alipay-cn: what fetches the day's 当面付 bill (null on AMS or before start). */
  readonly cnBillSource: { readonly client: CnClient; readonly sellerId?: string } | null;
  /** An address on this station that Alipay can reach (notifications), for `path`. */
  publicUrl(path: string): string;
  currentSaleId: string | null;
  /**
   * The sale the counter shows: the current one, or the one that just ended (paid) until the cashier
   * moves on. A reload right after a payment must show PAID, not an empty keypad.
   */
  shownSaleId: string | null;
  /** The hosts call this once the station's HTTP server listens: DEMO notifications come back here. */
  setPublicBaseUrl(url: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  requireRuntime(): Payments;
  // The use cases of the running payments (NOT_READY in setup mode or while starting).
  sales(): Sales;
  checkout(): Checkout;
  refunds(): Refunds;
  queueJobs(): Payments['queueJobs'];
  onScan(scan: ScanEvent): void;
}


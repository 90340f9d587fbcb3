/**
 * End of day as the UI sees it (DESIGN.md §9): X and Z reports, Alipay settlement imports and
 * reconciliation. Amounts are integer minor units next to their ISO 4217 code, never floats.
 */
import { assertNever } from '../errors/posError';
import type { CashierText } from './payment';

export type ReportScenario = 'PaymentCode' | 'OrderCode' | 'EntryCode';
export const REPORT_SCENARIOS: readonly ReportScenario[] = ['PaymentCode', 'OrderCode', 'EntryCode'];

export interface CountSum {
  readonly count: number;
  readonly minor: number;
}

/**
 * One business day of one terminal: [start, end) in epoch ms. The day runs from the cut-off on its
 * date to the cut-off on the next date, in the configured zone; a Z closed early ends it there, and
 * what follows belongs to the next day.
 */
export interface BusinessDay {
  readonly date: string; // YYYY-MM-DD
  readonly start: number;
  readonly end: number;
  readonly timeZone: string;
  readonly cutoff: string; // HH:MM
  readonly state: 'open' | 'closed' | 'future';
  readonly zNumber: number | null;
}

/**
 * Totals of one scenario × currency × cashier.
 *  sales    attempts that took the customer's money (succeeded, or reversed afterwards)
 *  cancels  attempts cancelled or reversed; `minor` counts only money given back (reversals):
 *           a cancel before payment moved no money
 *  refunds  refunds that succeeded, by the day they were requested
 *  declined attempts Alipay refused (no money moved)
 *  net      sales − cancels − refunds, what Alipay should settle for this line
 */
export interface ReportLine {
  readonly scenario: ReportScenario;
  readonly currency: string;
  readonly cashier: string;
  readonly sales: CountSum;
  readonly cancels: CountSum;
  readonly refunds: CountSum;
  readonly declined: number;
  readonly net: number;
}

export interface CurrencyTotals {
  readonly currency: string;
  readonly sales: CountSum;
  readonly cancels: CountSum;
  readonly refunds: CountSum;
  readonly declined: number;
  readonly net: number;
}

export interface TransactionRef {
  readonly paymentRequestId: string;
  readonly at: number;
  readonly status: string;
  readonly minor: number;
  readonly currency: string;
  /** Which acquirer took it and its id there (AMS paymentId / 当面付 trade_no); older stored reports lack them. */
  readonly acquirer?: ReportAcquirer;
  readonly paymentId?: string | null;
}

// ——— per-acquirer breakdown (issue 15) ———

/** The acquirers a terminal can have taken money through over its life (alipay.acquirer). */
export const REPORT_ACQUIRERS = ['ams', 'alipay-cn'] as const;
export type ReportAcquirer = (typeof REPORT_ACQUIRERS)[number];

/** One acquirer × currency of the day: the same figures as CurrencyTotals, split by who took the money. */
export interface AcquirerTotals extends CurrencyTotals {
  readonly acquirer: ReportAcquirer;
}

export interface UnresolvedAttempt {
  readonly paymentRequestId: string;
  readonly saleId: string;
  readonly scenario: ReportScenario;
  readonly status: string;
  readonly minor: number;
  readonly currency: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface QueueState {
  readonly pending: number;
  readonly running: number;
  readonly dead: number;
  readonly pendingRefunds: number;
}

/**
 * The event chain check. A Z report walks the whole chain and records a checkpoint; an X report
 * verifies the checkpoint row still holds and every event after it, which is what fits in an X
 * report on a journal of millions of events.
 */
export type ChainCheckResult =
  | { readonly status: 'ok'; readonly scope: 'full' | 'sinceCheckpoint'; readonly events: number; readonly checkpointSeq: number | null }
  | { readonly status: 'broken'; readonly scope: 'full' | 'sinceCheckpoint'; readonly brokenAt: number; readonly reason: string };

/** Sales (money taken) per hour of the day, for the on-screen chart. */
export interface HourTotal {
  readonly hourStart: number;
  readonly currency: string;
  readonly count: number;
  readonly minor: number;
}

interface ReportBody {
  readonly day: BusinessDay;
  readonly generatedAt: number;
  readonly terminalId: string;
  readonly storeName: string;
  readonly lines: readonly ReportLine[];
  readonly totals: readonly CurrencyTotals[];
  readonly byHour: readonly HourTotal[];
  readonly first: TransactionRef | null;
  readonly last: TransactionRef | null;
  readonly unresolved: readonly UnresolvedAttempt[];
  /** Reversal refused by Alipay: money neither proven taken nor given back; an operator must check (older stored reports lack it). */
  readonly unproven?: readonly UnresolvedAttempt[];
  readonly queue: QueueState;
  readonly chain: ChainCheckResult;
  /** Per acquirer (AMS vs 当面付) and currency; older stored reports lack it. */
  readonly byAcquirer?: readonly AcquirerTotals[];
  /** The day's shifts at this terminal with their cashiers and variances (issue 14); read beside the report, outside its hash. */
  readonly shifts?: readonly DayShift[];
}

export interface DayShift {
  readonly shiftId: string;
  readonly cashierName: string;
  readonly openedAt: number;
  readonly closedAt: number | null;
  readonly varianceMinor: number | null;
  readonly currency: string;
}

export type DayReport =
  | (ReportBody & { readonly kind: 'X' })
  | (ReportBody & { readonly kind: 'Z'; readonly number: number; readonly closedAt: number; readonly closedBy: string; readonly sha256: string });

// ——— settlement files and reconciliation ———

export type SettlementFileKind = 'transactionItems' | 'settlementItems' | 'settlementSummary';

export interface SettlementImport {
  readonly id: number;
  readonly kind: SettlementFileKind;
  readonly fileName: string;
  readonly settlementDate: string; // YYYY-MM-DD
  readonly rows: number;
  readonly importedAt: number;
}

/** One file of a folder import: imported, or skipped because this very file was imported before. */
export type FileImportOutcome =
  | { readonly status: 'imported'; readonly fileName: string; readonly import: SettlementImport }
  | { readonly status: 'alreadyImported'; readonly fileName: string; readonly importId: number };

/** A file in the drop folder the import could not use: reported, never skipped silently. */
export interface UnrecognisedFile {
  readonly fileName: string;
  /** unknownName: not an Alipay settlement file name; noDay: its name carries no day and it is not in a day folder. */
  readonly reason: 'unknownName' | 'noDay';
}

export interface ImportResult {
  readonly date: string;
  readonly files: readonly FileImportOutcome[];
  readonly unrecognised: readonly UnrecognisedFile[];
}

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done' | 'cancelled' | 'failed';

/** report:importProgress — the whole state of one running import. */
export interface ImportProgress {
  readonly jobId: string;
  readonly date: string;
  readonly phase: ImportPhase;
  readonly fileName: string | null;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly rowsDone: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export type TransactionType = 'PAYMENT' | 'REFUND' | 'CANCEL';

export type ReconStatus = 'matched' | 'missingOurs' | 'missingAlipay' | 'mismatch';

/** What the store manager should do next; each has a message in both languages (reconActionText). */
export type ReconAction =
  | 'none'
  | 'checkAdjacentDay' // near the day boundary: the other side booked it on the neighbouring day
  | 'checkOtherTerminal' // not in this terminal's journal: another till of the store may have taken it
  | 'resolveAttempt' // our attempt is still unresolved: let it finish, then reconcile again
  | 'refundOrHandOver' // Alipay took money for a sale we show as not paid
  | 'expectNoSettlement' // Alipay reversed a payment we show as paid: the shop will not be paid for it
  | 'netZeroReversal' // Alipay shows paid-then-cancelled for a cancel of ours: nothing to do, money went back
  | 'waitForFile' // our transaction is not in Alipay's files yet: a later delivery should have it
  | 'contactAlipay'; // amounts, currencies or ids disagree: raise it with Alipay with both records

export type ReconDifference = 'transactionId' | 'amount' | 'currency' | 'status' | 'day';

export interface ReconSide {
  readonly transactionId: string | null;
  readonly minor: number;
  readonly currency: string;
  readonly at: number;
  /** Ours: attempt or refund status; Alipay: the settlement date of the file. */
  readonly detail: string;
}

export interface ReconItem {
  readonly status: ReconStatus;
  readonly type: TransactionType;
  readonly transactionRequestId: string;
  readonly ours: ReconSide | null;
  readonly alipay: ReconSide | null;
  readonly differences: readonly ReconDifference[];
  readonly action: ReconAction;
}

export interface ReconTotals {
  readonly currency: string;
  readonly oursMinor: number;
  readonly alipayMinor: number;
}

export interface Reconciliation {
  readonly date: string;
  readonly generatedAt: number;
  readonly imports: readonly SettlementImport[];
  readonly counts: Readonly<Record<ReconStatus, number>>;
  readonly totals: readonly ReconTotals[];
  /** Everything that is not matched, then (when asked for) the matched ones. */
  readonly items: readonly ReconItem[];
  /** Settlement items / summary cross-checks against the transaction items (fees, totals). */
  readonly settlementChecks: readonly { readonly currency: string; readonly ok: boolean; readonly message: string }[];
  /** Whose ids the rows carry: AMS paymentRequestId / transactionId, or 当面付 out_trade_no / trade_no (absent: AMS). */
  readonly acquirer?: ReportAcquirer;
}

export function reconActionText(a: ReconAction): CashierText {
  switch (a) {
    case 'none':
      return { en: 'Nothing to do.', 'zh-CN': '无需处理。' };
    case 'checkAdjacentDay':
      return { en: 'Close to the day boundary: check the neighbouring day’s file before acting.', 'zh-CN': '接近日切时间：请先核对相邻日期的对账文件。' };
    case 'checkOtherTerminal':
      return { en: 'Not in this terminal’s journal: check the store’s other terminals, then ask Alipay.', 'zh-CN': '本终端流水中没有此笔：请核对本店其他终端，再联系支付宝。' };
    case 'resolveAttempt':
      return { en: 'Our payment is still unresolved: let it finish, then reconcile again.', 'zh-CN': '本地支付尚未完结：待其完结后重新对账。' };
    case 'refundOrHandOver':
      return { en: 'Alipay took this money but the terminal shows it unpaid: hand over the goods or refund the customer.', 'zh-CN': '支付宝已扣款但终端显示未支付：请交付商品或为顾客退款。' };
    case 'expectNoSettlement':
      return { en: 'Alipay reversed a payment the terminal shows as paid: the shop will not be paid for it; check the sale.', 'zh-CN': '终端显示已支付，但支付宝已撤销：本笔不会结算，请核查该笔销售。' };
    case 'netZeroReversal':
      return { en: 'Paid and returned by our cancel: net zero, nothing to do.', 'zh-CN': '已支付并由撤销退回：净额为零，无需处理。' };
    case 'waitForFile':
      return { en: 'Not in Alipay’s files yet: import the next delivery; if still missing, contact Alipay.', 'zh-CN': '支付宝文件中暂无此笔：请导入下一批文件；仍缺失请联系支付宝。' };
    case 'contactAlipay':
      return { en: 'Records disagree: send both records to Alipay support.', 'zh-CN': '双方记录不一致：请将两份记录提交支付宝客服。' };
    default:
      return assertNever(a, 'reconciliation action');
  }
}

// ——— chart ———

export interface ChartBar {
  readonly label: string;
  readonly sales: number;
  readonly cancels: number;
  readonly refunds: number;
  readonly net: number;
}

export interface ChartSeries {
  readonly currency: string;
  /** One bar per scenario that had any activity, in REPORT_SCENARIOS order. */
  readonly byScenario: readonly ChartBar[];
  /** Sales per hour from the day's start to its end (empty hours included, so the axis is even). */
  readonly byHour: readonly { readonly hourStart: number; readonly count: number; readonly minor: number }[];
  /** Largest bar value, for scaling the axis; at least 1 so an empty day does not divide by zero. */
  readonly max: number;
}

/** Pure chart data for the end-of-day screen: one series per currency, amounts in minor units. */
export function reportChartData(report: DayReport): ChartSeries[] {
  const HOUR = 3_600_000;
  const currencies = [...new Set([...report.totals.map((t) => t.currency), ...report.byHour.map((h) => h.currency)])].sort();
  return currencies.map((currency) => {
    const byScenario: ChartBar[] = [];
    for (const scenario of REPORT_SCENARIOS) {
      const lines = report.lines.filter((l) => l.currency === currency && l.scenario === scenario);
      if (lines.length === 0) continue;
      const sum = (f: (l: ReportLine) => number): number => lines.reduce((s, l) => s + f(l), 0);
      byScenario.push({ label: scenario, sales: sum((l) => l.sales.minor), cancels: sum((l) => l.cancels.minor), refunds: sum((l) => l.refunds.minor), net: sum((l) => l.net) });
    }
    const hours = new Map(report.byHour.filter((h) => h.currency === currency).map((h) => [h.hourStart, h]));
    const byHour: { hourStart: number; count: number; minor: number }[] = [];
    for (let t = Math.floor(report.day.start / HOUR) * HOUR; t < report.day.end; t += HOUR) {
      const h = hours.get(t);
      byHour.push({ hourStart: t, count: h?.count ?? 0, minor: h?.minor ?? 0 });
    }
    const max = Math.max(1, ...byScenario.map((b) => Math.max(b.sales, b.net)), ...byHour.map((h) => h.minor));
    return { currency, byScenario, byHour, max };
  });
}

/**
 * The X/Z report's per-acquirer breakdown (issue 15): what AMS and 当面付 each took in the day, per
 * currency, with the same rules as the report's lines (foldLines): succeeded = sale, reversed = sale
 * and cancel that gave it back, cancelled = cancel without money, failed = declined, refunds by the
 * acquirer of the attempt they refund. Read from the acquirer_totals buckets (migration 0160) split
 * like attempt_totals, so a day of a million attempts sums a few thousand rows.
 * Kept in its own module so other breakdowns (tenders, shifts) add theirs beside it, not inside.
 */
import { reportReader, type ReadSource } from '../journal/repos/reportReader';
import type { AcquirerRefundRow, AcquirerRow } from '../journal/repos/reportReads';
import { REPORT_ACQUIRERS, type AcquirerTotals, type CountSum, type ReportAcquirer, type TransactionRef } from '../../shared/domain/report';

const isAcquirer = (a: string): a is ReportAcquirer => (REPORT_ACQUIRERS as readonly string[]).includes(a);

interface Acc {
  acquirer: ReportAcquirer;
  currency: string;
  sales: CountSum;
  cancels: CountSum;
  refunds: CountSum;
  declined: number;
}

/** Pure fold of status rows and refunds into one line per acquirer × currency (AMS first, then 当面付). */
export function foldAcquirerTotals(rows: readonly AcquirerRow[], refunds: readonly AcquirerRefundRow[]): AcquirerTotals[] {
  const by = new Map<string, Acc>();
  const acc = (acquirer: string, currency: string): Acc | null => {
    // The column's CHECK allows only these; anything else would be a schema this build does not know.
    if (!isAcquirer(acquirer)) return null;
    const k = `${acquirer}\u0000${currency}`;
    let a = by.get(k);
    if (!a) by.set(k, (a = { acquirer, currency, sales: { count: 0, minor: 0 }, cancels: { count: 0, minor: 0 }, refunds: { count: 0, minor: 0 }, declined: 0 }));
    return a;
  };
  const add = (cs: CountSum, n: number, minor: number): CountSum => ({ count: cs.count + n, minor: cs.minor + minor });
  for (const r of rows) {
    if (r.n === 0) continue;
    switch (r.status) {
      case 'succeeded': {
        const a = acc(r.acquirer, r.currency);
        if (a) a.sales = add(a.sales, r.n, r.minor);
        break;
      }
      case 'reversed': {
        const a = acc(r.acquirer, r.currency);
        if (a) {
          a.sales = add(a.sales, r.n, r.minor);
          a.cancels = add(a.cancels, r.n, r.minor);
        }
        break;
      }
      case 'cancelled': {
        const a = acc(r.acquirer, r.currency);
        if (a) a.cancels = add(a.cancels, r.n, 0);
        break;
      }
      case 'failed': {
        const a = acc(r.acquirer, r.currency);
        if (a) a.declined += r.n;
        break;
      }
      default:
        // Not final (or unproven): listed apart by the report, never counted as money.
        break;
    }
  }
  for (const r of refunds) {
    const a = acc(r.acquirer, r.currency);
    if (a) a.refunds = add(a.refunds, r.n, r.minor);
  }
  const rank = (a: ReportAcquirer): number => REPORT_ACQUIRERS.indexOf(a);
  return [...by.values()]
    .map((a) => ({ ...a, net: a.sales.minor - a.cancels.minor - a.refunds.minor }))
    .sort((x, y) => rank(x.acquirer) - rank(y.acquirer) || x.currency.localeCompare(y.currency));
}

export function acquirerBreakdown(src: ReadSource, start: number, end: number): AcquirerTotals[] {
  const reads = reportReader(src).payments;
  return foldAcquirerTotals(reads.acquirerStatusTotals(start, end), reads.acquirerRefunds(start, end));
}

/** The first or last money-taking attempt's acquirer and its id there, to name it on the report. */
export function withAcquirerIds(src: ReadSource, ref: TransactionRef | null): TransactionRef | null {
  if (!ref) return null;
  const r = reportReader(src).payments.attemptAcquirer(ref.paymentRequestId);
  if (!r || !isAcquirer(r.acquirer)) return ref;
  return { ...ref, acquirer: r.acquirer, paymentId: r.paymentId };
}

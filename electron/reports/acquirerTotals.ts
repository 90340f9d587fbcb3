/**
 * The X/Z report's per-acquirer breakdown (issue 15): what AMS and 当面付 each took in the day, per
 * currency, with the same rules as the report's lines (foldLines): succeeded = sale, reversed = sale
 * and cancel that gave it back, cancelled = cancel without money, failed = declined, refunds by the
 * acquirer of the attempt they refund. Read from the acquirer_totals buckets (migration 0160) split
 * like attempt_totals, so a day of a million attempts sums a few thousand rows.
 * Kept in its own module so other breakdowns (tenders, shifts) add theirs beside it, not inside.
 */
import type { Db } from '../journal/openJournal';
import { REPORT_ACQUIRERS, type AcquirerTotals, type CountSum, type ReportAcquirer, type TransactionRef } from '../../shared/domain/report';
import { rangeSegments } from './attemptTotals';

interface AcquirerRow {
  readonly acquirer: string;
  readonly currency: string;
  readonly status: string;
  readonly n: number;
  readonly minor: number;
}

const isAcquirer = (a: string): a is ReportAcquirer => (REPORT_ACQUIRERS as readonly string[]).includes(a);

/** Attempt counts and sums of [start, end) per acquirer × currency × status. */
export function acquirerStatusTotals(db: Db, start: number, end: number): AcquirerRow[] {
  const bucketed = db.prepare(`
    SELECT acquirer, currency, status, sum(n) AS n, sum(sum_minor) AS minor FROM acquirer_totals
    WHERE grain = ? AND bucket >= ? AND bucket < ? AND n <> 0 GROUP BY 1, 2, 3`);
  const raw = db.prepare(`
    SELECT acquirer, currency, status, count(*) AS n, sum(amount_minor) AS minor FROM payment_attempts
    WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3`);
  const rows: AcquirerRow[] = [];
  for (const seg of rangeSegments(start, end)) {
    const got = (seg.grain === 'raw' ? raw.all(seg.from, seg.to) : bucketed.all(seg.grain, seg.from, seg.to)) as AcquirerRow[];
    for (const r of got) rows.push(r);
  }
  return rows;
}

/** Refunds that succeeded in [start, end) per acquirer of the refunded attempt, reversals excepted (their attempt counts them). */
function acquirerRefunds(db: Db, start: number, end: number): Array<{ acquirer: string; currency: string; n: number; minor: number }> {
  return db.prepare(`
    SELECT a.acquirer, r.currency, count(*) AS n, sum(r.amount_minor) AS minor
    FROM refunds r JOIN payment_attempts a ON a.id = r.payment_request_id
    WHERE r.status = 'succeeded' AND r.updated_at >= ? AND r.updated_at < ? AND a.status <> 'reversed'
    GROUP BY 1, 2`).all(start, end) as Array<{ acquirer: string; currency: string; n: number; minor: number }>;
}

interface Acc {
  acquirer: ReportAcquirer;
  currency: string;
  sales: CountSum;
  cancels: CountSum;
  refunds: CountSum;
  declined: number;
}

/** Pure fold of status rows and refunds into one line per acquirer × currency (AMS first, then 当面付). */
export function foldAcquirerTotals(rows: readonly AcquirerRow[], refunds: readonly { acquirer: string; currency: string; n: number; minor: number }[]): AcquirerTotals[] {
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

export function acquirerBreakdown(db: Db, start: number, end: number): AcquirerTotals[] {
  return foldAcquirerTotals(acquirerStatusTotals(db, start, end), acquirerRefunds(db, start, end));
}

/** The first or last money-taking attempt's acquirer and its id there, to name it on the report. */
export function withAcquirerIds(db: Db, ref: TransactionRef | null): TransactionRef | null {
  if (!ref) return null;
  const r = db.prepare('SELECT acquirer, payment_id AS paymentId FROM payment_attempts WHERE id = ?').get(ref.paymentRequestId) as { acquirer: string; paymentId: string | null } | undefined;
  if (!r || !isAcquirer(r.acquirer)) return ref;
  return { ...ref, acquirer: r.acquirer, paymentId: r.paymentId };
}

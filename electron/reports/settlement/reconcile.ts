/**
 * Reconciliation of the journal with Alipay's transaction items for one Alipay settlement day
 * (AMS.md §8). Keys: transactionRequestId + transactionType, then transactionId, amount and
 * currency are compared. Every difference comes with what to do next (ReconAction).
 */
import { reportReader, type ReadSource } from '../../journal/repos/reportReader';
import type { AlipayRow, ReconAttemptRow } from '../../journal/repos/settlementRepo';
import type {
  ReconAction,
  ReconDifference,
  ReconItem,
  ReconSide,
  ReconStatus,
  ReconTotals,
  Reconciliation,
  SettlementImport,
  TransactionType,
} from '../../../shared/domain/report';

/** A money movement as the journal has it (what Alipay's file should show). */
export interface OurTxn {
  readonly type: TransactionType;
  readonly requestId: string;
  readonly transactionId: string | null;
  readonly minor: number; // signed like Alipay's rows: refunds and cancels negative
  readonly currency: string;
  readonly at: number;
  readonly status: string;
}

/** An attempt or refund looked up by id, whatever its day or status. */
export interface OurRecord {
  readonly kind: 'attempt' | 'refund';
  readonly id: string;
  readonly status: string;
  readonly transactionId: string | null;
  readonly minor: number;
  readonly currency: string;
  readonly at: number;
  /** Attempts only: Alipay took the money before our cancel returned it. */
  readonly paidBeforeCancel: boolean;
}

/** A transaction-items row of Alipay's file. */
export type AlipayTxn = AlipayRow;

export interface ReconcileInput {
  readonly date: string;
  /** The Alipay day as epoch ms [start, end). */
  readonly window: { readonly start: number; readonly end: number };
  readonly expected: readonly OurTxn[];
  readonly alipay: readonly AlipayTxn[];
  /** Journal records for request ids that Alipay's rows name but `expected` lacks. */
  readonly lookup: ReadonlyMap<string, OurRecord>;
  /** Our expected transactions that Alipay booked in another imported day: requestId|type → date. */
  readonly elsewhere: ReadonlyMap<string, string>;
  /**
   * Plain matches already settled in SQL (a paid attempt well inside the day and Alipay's PAYMENT row
   * agreeing on id, amount and currency), counted per currency instead of loaded one by one.
   */
  readonly preMatched: ReadonlyArray<{ readonly currency: string; readonly n: number; readonly minor: number }>;
}

const NEAR_BOUNDARY_MS = 10 * 60_000;
const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'reversed']);
const key = (type: TransactionType, requestId: string): string => `${type}|${requestId}`;

const oursSide = (t: OurTxn): ReconSide => ({ transactionId: t.transactionId, minor: t.minor, currency: t.currency, at: t.at, detail: t.status });
const alipaySide = (a: AlipayTxn): ReconSide => ({ transactionId: a.transactionId, minor: a.minor, currency: a.currency, at: a.at, detail: a.settlementDate });
const recordSide = (r: OurRecord, type: TransactionType): ReconSide => ({
  transactionId: r.transactionId,
  minor: type === 'PAYMENT' ? r.minor : -r.minor,
  currency: r.currency,
  at: r.at,
  detail: r.status,
});

/** Pure matching: the same inputs always give the same items, in a stable order. */
export function reconcile(input: ReconcileInput, opts: { keepMatched: boolean } = { keepMatched: true }): Omit<Reconciliation, 'imports' | 'generatedAt' | 'settlementChecks'> & { matched: ReconItem[] } {
  const expected = new Map(input.expected.map((t) => [key(t.type, t.requestId), t]));
  const alipayByKey = new Map(input.alipay.map((a) => [key(a.type, a.requestId), a]));
  const items: ReconItem[] = [];
  const matched: ReconItem[] = [];
  let matchedCount = 0;
  const push = (status: ReconStatus, type: TransactionType, requestId: string, ours: ReconSide | null, alipay: ReconSide | null, differences: ReconDifference[], action: ReconAction): void => {
    const item: ReconItem = { status, type, transactionRequestId: requestId, ours, alipay, differences, action };
    (status === 'matched' ? matched : items).push(item);
  };
  const nearBoundary = (t: number): boolean => t - input.window.start < NEAR_BOUNDARY_MS || input.window.end - t <= NEAR_BOUNDARY_MS;

  for (const a of input.alipay) {
    const ours = expected.get(key(a.type, a.requestId));
    if (ours) {
      const diffs: ReconDifference[] = [];
      if (ours.transactionId !== null && ours.transactionId !== a.transactionId) diffs.push('transactionId');
      if (ours.minor !== a.minor) diffs.push('amount');
      if (ours.currency !== a.currency) diffs.push('currency');
      if (diffs.length === 0) {
        matchedCount++;
        // A day of 100,000 matches is counted, not listed, unless the caller wants the list.
        if (opts.keepMatched) push('matched', a.type, a.requestId, oursSide(ours), alipaySide(a), [], 'none');
      }
      else push('mismatch', a.type, a.requestId, oursSide(ours), alipaySide(a), diffs, 'contactAlipay');
      continue;
    }
    const rec = input.lookup.get(a.requestId);
    if (!rec) {
      push('missingOurs', a.type, a.requestId, null, alipaySide(a), [], nearBoundary(a.at) ? 'checkAdjacentDay' : 'checkOtherTerminal');
      continue;
    }
    const side = recordSide(rec, a.type);
    if (!FINAL.has(rec.status) && rec.status !== 'pending') {
      push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], 'resolveAttempt');
    } else if (rec.kind === 'refund') {
      // A refund Alipay made that we still show pending, failed, or booked on another day.
      if (rec.status === 'succeeded') push('mismatch', a.type, a.requestId, side, alipaySide(a), ['day'], 'checkAdjacentDay');
      else push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], rec.status === 'pending' ? 'resolveAttempt' : 'contactAlipay');
    } else if (a.type === 'PAYMENT') {
      if (rec.status === 'cancelled') {
        // Paid, then our cancel returned it: fine if Alipay also shows the cancel, money kept otherwise.
        const returned = alipayByKey.has(key('CANCEL', a.requestId));
        push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], returned ? 'netZeroReversal' : 'refundOrHandOver');
      } else if (rec.status === 'failed') {
        push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], 'refundOrHandOver');
      } else {
        push('mismatch', a.type, a.requestId, side, alipaySide(a), ['day'], 'checkAdjacentDay');
      }
    } else if (a.type === 'CANCEL') {
      if (rec.status === 'cancelled') push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], 'netZeroReversal');
      else if (rec.status === 'succeeded') push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], 'expectNoSettlement');
      else push('mismatch', a.type, a.requestId, side, alipaySide(a), ['day'], 'checkAdjacentDay');
    } else {
      // A REFUND row naming a payment request id: a reversal we do not hold as a refund.
      push('mismatch', a.type, a.requestId, side, alipaySide(a), ['status'], rec.status === 'reversed' ? 'checkAdjacentDay' : 'contactAlipay');
    }
  }

  for (const t of input.expected) {
    if (alipayByKey.has(key(t.type, t.requestId))) continue;
    const other = input.elsewhere.get(key(t.type, t.requestId));
    if (other) push('mismatch', t.type, t.requestId, oursSide(t), null, ['day'], 'checkAdjacentDay');
    else push('missingAlipay', t.type, t.requestId, oursSide(t), null, [], nearBoundary(t.at) ? 'checkAdjacentDay' : 'waitForFile');
  }

  const order: Record<ReconStatus, number> = { mismatch: 0, missingOurs: 1, missingAlipay: 2, matched: 3 };
  items.sort((x, y) => order[x.status] - order[y.status] || (x.ours?.at ?? x.alipay?.at ?? 0) - (y.ours?.at ?? y.alipay?.at ?? 0) || x.transactionRequestId.localeCompare(y.transactionRequestId));

  const counts: Record<ReconStatus, number> = { matched: matchedCount + input.preMatched.reduce((n, p) => n + p.n, 0), missingOurs: 0, missingAlipay: 0, mismatch: 0 };
  for (const i of items) counts[i.status]++;
  const totals = new Map<string, { oursMinor: number; alipayMinor: number }>();
  const tot = (c: string): { oursMinor: number; alipayMinor: number } => {
    let t = totals.get(c);
    if (!t) totals.set(c, (t = { oursMinor: 0, alipayMinor: 0 }));
    return t;
  };
  for (const t of input.expected) tot(t.currency).oursMinor += t.minor;
  for (const a of input.alipay) tot(a.currency).alipayMinor += a.minor;
  for (const p of input.preMatched) {
    tot(p.currency).oursMinor += p.minor;
    tot(p.currency).alipayMinor += p.minor;
  }
  const totalsList: ReconTotals[] = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, ...t }));
  return { date: input.date, counts, totals: totalsList, items, matched };
}

// ——— loading from the journal ———

const paidBeforeCancel = (flags: string | null): boolean => flags !== null && /lateSuccessAfterCancel|paidWhileCancelling/.test(flags);
// When the money moved: the engine keeps paidAt; an attempt written without it moved at its last update.
const moneyTime = (a: ReconAttemptRow): number => a.paid_at ?? a.updated_at;

/** Attempts are paid within their expiry (≤ 10 min), so a day's payments were created at most this long before it. */
const MAX_PAY_DELAY_MS = 15 * 60_000;

export function loadReconcileInput(src: ReadSource, date: string, dayOffsetMinutes: number, opts: { plainMatchesInSql: boolean } = { plainMatchesInSql: true }): ReconcileInput {
  const reads = reportReader(src).settlement;
  const start = Date.parse(`${date}T00:00:00Z`) - dayOffsetMinutes * 60_000;
  const end = start + 86_400_000;
  const inWindow = (t: number): boolean => t >= start && t < end;
  const expected: OurTxn[] = [];
  const window = { date, start, end, innerEnd: end - MAX_PAY_DELAY_MS, from: start - MAX_PAY_DELAY_MS };
  const sqlOn = opts.plainMatchesInSql;

  for (const a of reads.reconAttempts(window, sqlOn)) {
    const t = moneyTime(a);
    if (!inWindow(t)) continue;
    if (a.status === 'succeeded' || a.status === 'reversed') {
      expected.push({ type: 'PAYMENT', requestId: a.id, transactionId: a.payment_id, minor: a.amount_minor, currency: a.currency, at: t, status: a.status });
    }
    if (a.status === 'cancelled' && paidBeforeCancel(a.flags)) {
      expected.push({ type: 'PAYMENT', requestId: a.id, transactionId: a.payment_id, minor: a.amount_minor, currency: a.currency, at: t, status: a.status });
      expected.push({ type: 'CANCEL', requestId: a.id, transactionId: null, minor: -a.amount_minor, currency: a.currency, at: a.updated_at, status: a.status });
    }
    if (a.status === 'reversed' && a.reversal_id) {
      expected.push({ type: 'REFUND', requestId: a.reversal_id, transactionId: null, minor: -a.amount_minor, currency: a.currency, at: a.updated_at, status: a.status });
    }
  }
  const haveRefund = new Set(expected.filter((e) => e.type === 'REFUND').map((e) => e.requestId));
  for (const r of reads.succeededRefunds(start, end)) {
    if (haveRefund.has(r.id)) continue; // the engine's reversal refund, already expected from its attempt
    expected.push({ type: 'REFUND', requestId: r.id, transactionId: r.refund_id, minor: -r.amount_minor, currency: r.currency, at: r.updated_at, status: r.status });
  }

  const alipay = reads.alipayRows(window, sqlOn);
  const preMatched = sqlOn ? reads.plainMatches(window) : [];

  // Records Alipay names that are not expected today: look them up whatever their day or status.
  const expectedKeys = new Set(expected.map((e) => key(e.type, e.requestId)));
  const unknownIds = [...new Set(alipay.filter((a) => !expectedKeys.has(key(a.type, a.requestId))).map((a) => a.requestId))];
  const lookup = new Map<string, OurRecord>();
  for (const a of reads.attemptsByIds(unknownIds)) {
    lookup.set(a.id, { kind: 'attempt', id: a.id, status: a.status, transactionId: a.payment_id, minor: a.amount_minor, currency: a.currency, at: moneyTime(a), paidBeforeCancel: paidBeforeCancel(a.flags) });
  }
  for (const r of reads.refundsByIds(unknownIds)) {
    lookup.set(r.id, { kind: 'refund', id: r.id, status: r.status, transactionId: r.refund_id, minor: r.amount_minor, currency: r.currency, at: r.updated_at, paidBeforeCancel: false });
  }

  // Ours that Alipay's file for today lacks: did another imported day carry them?
  const alipayKeys = new Set(alipay.map((a) => key(a.type, a.requestId)));
  const missing = expected.filter((e) => !alipayKeys.has(key(e.type, e.requestId)));
  const elsewhere = new Map<string, string>();
  if (missing.length > 0) {
    for (const r of reads.bookedElsewhere(date, missing.map((m) => m.requestId))) elsewhere.set(key(r.type, r.requestId), r.date);
  }
  return { date, window: { start, end }, expected, alipay, lookup, elsewhere, preMatched };
}

/** Cross-checks of settlement items and the summary against the transaction items, per currency. */
export function settlementChecks(src: ReadSource, date: string): Array<{ currency: string; ok: boolean; message: string }> {
  const { items, settled, summary, haveSettlement } = reportReader(src).settlement.checkRows(date);
  if (!haveSettlement) return [];
  const currencies = [...new Set([...items, ...settled, ...summary].map((r) => r.currency))].sort();
  return currencies.map((currency) => {
    const t = items.find((r) => r.currency === currency);
    const s = settled.find((r) => r.currency === currency);
    const m = summary.find((r) => r.currency === currency);
    const problems: string[] = [];
    if ((t?.n ?? 0) !== (s?.n ?? 0) || (t?.amount ?? 0) !== (s?.amount ?? 0)) problems.push(`settlement items (${s?.n ?? 0} / ${s?.amount ?? 0}) differ from transaction items (${t?.n ?? 0} / ${t?.amount ?? 0})`);
    if (s && (s.amount - s.fee !== s.net)) problems.push(`settlement items: amount − fee ≠ settlement amount (${s.amount} − ${s.fee} ≠ ${s.net})`);
    if (m && s && (m.n !== s.n || m.amount !== s.amount || m.fee !== s.fee || m.net !== s.net)) problems.push(`summary (${m.n} / ${m.amount} / fee ${m.fee} / ${m.net}) differs from the settlement items (${s.n} / ${s.amount} / fee ${s.fee} / ${s.net})`);
    if (!m) problems.push('no settlement summary for this currency');
    return problems.length === 0 ? { currency, ok: true, message: `${s?.n ?? 0} items, fee ${s?.fee ?? 0}, settled ${s?.net ?? 0}` } : { currency, ok: false, message: problems.join('; ') };
  });
}

export const listImports = (src: ReadSource, date: string): SettlementImport[] => reportReader(src).settlement.listImports(date);

/** The whole reconciliation of one Alipay day, as the UI and the exports show it. */
export function reconcileDay(src: ReadSource, date: string, opts: { now: number; dayOffsetMinutes: number; includeMatched: boolean }): Reconciliation {
  // Listing every match needs every row in hand; counting them does not.
  const reader = reportReader(src);
  const input = loadReconcileInput(reader, date, opts.dayOffsetMinutes, { plainMatchesInSql: !opts.includeMatched });
  const r = reconcile(input, { keepMatched: opts.includeMatched });
  return {
    date: r.date,
    generatedAt: opts.now,
    imports: listImports(reader, date),
    counts: r.counts,
    totals: r.totals,
    items: opts.includeMatched ? [...r.items, ...r.matched] : r.items,
    settlementChecks: settlementChecks(reader, date),
  };
}

/**
 * What the X/Z report reads from the payment tables (sales, payment_attempts, refunds, outbox,
 * print_jobs, accounts) and from the report buckets of migrations 0040 (attempt_totals) and 0160
 * (acquirer_totals). Reads only: every statement is checked read-only by SQLite (readStatement).
 * Some reads duplicate what the payments repos have; they are kept here so the report's queries
 * (and their indexes) are in one place.
 */
import type { Db } from '../openJournal';
import type { AttemptStatus } from '../../../shared/domain/payment';
import type { QueueState, TransactionRef, UnresolvedAttempt } from '../../../shared/domain/report';
import { readStatement } from './readStatement';

const HOUR = 3_600_000;
const MINUTE = 60_000;
export { HOUR as HOUR_MS };

/**
 * The statuses that are not final, listed so the status index answers "what is unresolved" (a NOT IN
 * over the final ones would scan every attempt). The type check below breaks the build if the
 * engine adds a status that is in neither list.
 */
export const UNRESOLVED_STATUSES = ['created', 'awaitingCustomer', 'unknown', 'cancelling', 'reversing'] as const satisfies readonly AttemptStatus[];
export const FINAL_STATUSES = ['succeeded', 'failed', 'cancelled', 'reversed', 'unproven'] as const satisfies readonly AttemptStatus[];
type Covered = (typeof UNRESOLVED_STATUSES)[number] | (typeof FINAL_STATUSES)[number];
const everyStatusCovered: Exclude<AttemptStatus, Covered> extends never ? true : never = true;
void everyStatusCovered;
const UNRESOLVED_SQL = UNRESOLVED_STATUSES.map((s) => `'${s}'`).join(',');

/** Attempt counts and sums of one scenario × currency × cashier × status within one hour. */
export interface TotalsRow {
  readonly hour: number; // epoch ms of the UTC hour the rows fall in
  readonly scenario: string;
  readonly currency: string;
  readonly cashier: string;
  readonly status: string;
  readonly n: number;
  readonly minor: number;
}

/** Succeeded refunds of one scenario × currency × cashier. */
export type RefundTotalsRow = Omit<TotalsRow, 'hour' | 'status'>;

/** Attempt counts and sums per acquirer × currency × status. */
export interface AcquirerRow {
  readonly acquirer: string;
  readonly currency: string;
  readonly status: string;
  readonly n: number;
  readonly minor: number;
}

export interface AcquirerRefundRow {
  readonly acquirer: string;
  readonly currency: string;
  readonly n: number;
  readonly minor: number;
}

export type Segment =
  | { readonly grain: 'h' | 'm'; readonly from: number; readonly to: number } // bucket numbers, [from, to)
  | { readonly grain: 'raw'; readonly from: number; readonly to: number }; // epoch ms, [from, to)

/**
 * Splits [start, end) into whole hours, the whole minutes around them and the partial minutes at
 * the edges, so any range is summed exactly from the maintained buckets plus at most two minutes of
 * raw attempts.
 */
export function rangeSegments(start: number, end: number): Segment[] {
  if (end <= start) return [];
  const out: Segment[] = [];
  const m0 = Math.ceil(start / MINUTE);
  const m1 = Math.floor(end / MINUTE);
  if (m0 >= m1) return [{ grain: 'raw', from: start, to: end }];
  if (start < m0 * MINUTE) out.push({ grain: 'raw', from: start, to: m0 * MINUTE });
  const h0 = Math.ceil(m0 / 60);
  const h1 = Math.floor(m1 / 60);
  if (h0 < h1) {
    if (m0 < h0 * 60) out.push({ grain: 'm', from: m0, to: h0 * 60 });
    out.push({ grain: 'h', from: h0, to: h1 });
    if (h1 * 60 < m1) out.push({ grain: 'm', from: h1 * 60, to: m1 });
  } else {
    out.push({ grain: 'm', from: m0, to: m1 });
  }
  if (m1 * MINUTE < end) out.push({ grain: 'raw', from: m1 * MINUTE, to: end });
  return out;
}

/** The report's reads of the payment tables. No method writes. */
export interface PaymentReportReads {
  /** Totals of every attempt created in [start, end), per hour, from the buckets (a few thousand rows whatever the volume). */
  attemptTotals(start: number, end: number): TotalsRow[];
  /** The plain aggregate over the attempts themselves: the bench's baseline and the tests' oracle. */
  attemptTotalsPlain(start: number, end: number): TotalsRow[];
  /** Refunds that succeeded in [start, end), except reversals, which the attempt's status already counts. */
  refundTotals(start: number, end: number): RefundTotalsRow[];
  /** The first or last money-taking attempt created in [start, end). */
  firstOrLast(start: number, end: number, order: 'ASC' | 'DESC'): TransactionRef | null;
  /** Attempts of [start, end) whose reversal Alipay refused: final, but whether money moved is unproven. */
  unprovenBetween(start: number, end: number): UnresolvedAttempt[];
  /** Every attempt created before `end` that is not final, whatever its day. */
  unresolvedBefore(end: number): UnresolvedAttempt[];
  queueState(): QueueState;
  /** Attempt counts and sums of [start, end) per acquirer × currency × status, from the buckets. */
  acquirerStatusTotals(start: number, end: number): AcquirerRow[];
  /** Refunds that succeeded in [start, end) per acquirer of the refunded attempt, reversals excepted. */
  acquirerRefunds(start: number, end: number): AcquirerRefundRow[];
  attemptAcquirer(paymentRequestId: string): { readonly acquirer: string; readonly paymentId: string | null } | undefined;
  /** Account id → "name · short id", to name the cashier a report line was sold under. */
  cashierNames(): Map<string, string>;
  /** Whether any print job of Z number `n` exists (a later print is a duplicate). */
  zPrinted(n: number): boolean;
}

const cache = new WeakMap<Db, PaymentReportReads>();

/** The report's payment reads on one connection (statements prepared once, on first use). */
export function paymentReportReads(db: Db): PaymentReportReads {
  const hit = cache.get(db);
  if (hit) return hit;
  const q = (sql: string) => readStatement(db, sql);
  const hourly = q(`
    SELECT bucket * 3600000 AS hour, scenario, currency, cashier_id AS cashier, status, n, sum_minor AS minor
    FROM attempt_totals WHERE grain = 'h' AND bucket >= ? AND bucket < ? AND n <> 0`);
  const minutely = q(`
    SELECT (bucket / 60) * 3600000 AS hour, scenario, currency, cashier_id AS cashier, status, sum(n) AS n, sum(sum_minor) AS minor
    FROM attempt_totals WHERE grain = 'm' AND bucket >= ? AND bucket < ? AND n <> 0
    GROUP BY 1, 2, 3, 4, 5`);
  const raw = q(`
    SELECT (a.created_at / 3600000) * 3600000 AS hour, a.scenario, a.currency, s.cashier_id AS cashier, a.status, count(*) AS n, sum(a.amount_minor) AS minor
    FROM payment_attempts a JOIN sales s ON s.id = a.sale_id
    WHERE a.created_at >= ? AND a.created_at < ?
    GROUP BY 1, 2, 3, 4, 5`);
  const refunds = q(`
    SELECT a.scenario, r.currency, s.cashier_id AS cashier, count(*) AS n, sum(r.amount_minor) AS minor
    FROM refunds r JOIN payment_attempts a ON a.id = r.payment_request_id JOIN sales s ON s.id = r.sale_id
    WHERE r.status = 'succeeded' AND r.updated_at >= ? AND r.updated_at < ? AND a.status <> 'reversed'
    GROUP BY 1, 2, 3`);
  const firstLast = (order: 'ASC' | 'DESC') => q(`
    SELECT id AS paymentRequestId, created_at AS at, status, amount_minor AS minor, currency FROM payment_attempts
    WHERE created_at >= ? AND created_at < ? AND +status IN ('succeeded','reversed')
    ORDER BY created_at ${order}, rowid ${order} LIMIT 1`);
  const first = firstLast('ASC');
  const last = firstLast('DESC');
  const unproven = q(`
    SELECT id AS paymentRequestId, sale_id AS saleId, scenario, status, amount_minor AS minor, currency, created_at AS createdAt, updated_at AS updatedAt
    FROM payment_attempts WHERE status = 'unproven' AND created_at >= ? AND created_at < ? ORDER BY created_at`);
  const unresolved = q(`
    SELECT id AS paymentRequestId, sale_id AS saleId, scenario, status, amount_minor AS minor, currency, created_at AS createdAt, updated_at AS updatedAt
    FROM payment_attempts WHERE status IN (${UNRESOLVED_SQL}) AND created_at < ? ORDER BY created_at`);
  const outbox = q("SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' GROUP BY status");
  const pendingRefunds = q("SELECT count(*) AS n FROM refunds WHERE status = 'pending'");
  const acqBucketed = q(`
    SELECT acquirer, currency, status, sum(n) AS n, sum(sum_minor) AS minor FROM acquirer_totals
    WHERE grain = ? AND bucket >= ? AND bucket < ? AND n <> 0 GROUP BY 1, 2, 3`);
  const acqRaw = q(`
    SELECT acquirer, currency, status, count(*) AS n, sum(amount_minor) AS minor FROM payment_attempts
    WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3`);
  const acqRefunds = q(`
    SELECT a.acquirer, r.currency, count(*) AS n, sum(r.amount_minor) AS minor
    FROM refunds r JOIN payment_attempts a ON a.id = r.payment_request_id
    WHERE r.status = 'succeeded' AND r.updated_at >= ? AND r.updated_at < ? AND a.status <> 'reversed'
    GROUP BY 1, 2`);
  const acqOf = q('SELECT acquirer, payment_id AS paymentId FROM payment_attempts WHERE id = ?');
  const accounts = q('SELECT id, name, short_id FROM accounts');
  const zJobs = q('SELECT 1 FROM print_jobs WHERE idempotency_key LIKE ?');

  const reads: PaymentReportReads = {
    attemptTotals(start, end) {
      const rows: TotalsRow[] = [];
      for (const seg of rangeSegments(start, end)) {
        const stmt = seg.grain === 'h' ? hourly : seg.grain === 'm' ? minutely : raw;
        for (const r of stmt().all(seg.from, seg.to) as TotalsRow[]) rows.push(r);
      }
      return rows;
    },
    attemptTotalsPlain: (start, end) => raw().all(start, end) as TotalsRow[],
    refundTotals: (start, end) => refunds().all(start, end) as RefundTotalsRow[],
    firstOrLast: (start, end, order) => ((order === 'ASC' ? first : last)().get(start, end) as TransactionRef | undefined) ?? null,
    unprovenBetween: (start, end) => unproven().all(start, end) as UnresolvedAttempt[],
    unresolvedBefore: (end) => unresolved().all(end) as UnresolvedAttempt[],
    queueState() {
      const qs = { pending: 0, running: 0, dead: 0 };
      for (const r of outbox().all() as Array<{ status: keyof typeof qs; n: number }>) qs[r.status] = r.n;
      return { ...qs, pendingRefunds: (pendingRefunds().get() as { n: number }).n };
    },
    acquirerStatusTotals(start, end) {
      const rows: AcquirerRow[] = [];
      for (const seg of rangeSegments(start, end)) {
        const got = (seg.grain === 'raw' ? acqRaw().all(seg.from, seg.to) : acqBucketed().all(seg.grain, seg.from, seg.to)) as AcquirerRow[];
        for (const r of got) rows.push(r);
      }
      return rows;
    },
    acquirerRefunds: (start, end) => acqRefunds().all(start, end) as AcquirerRefundRow[],
    attemptAcquirer: (paymentRequestId) => acqOf().get(paymentRequestId) as { acquirer: string; paymentId: string | null } | undefined,
    cashierNames: () => new Map((accounts().all() as Array<{ id: string; name: string; short_id: string }>).map((a) => [a.id, `${a.name} · ${a.short_id}`])),
    zPrinted: (n) => zJobs().get(`report:Z${n}:%`) !== undefined,
  };
  cache.set(db, reads);
  return reads;
}

/** Bucketed attempt totals of [start, end) on a connection (tests and the bench compare it with the plain aggregate). */
export const attemptTotals = (db: Db, start: number, end: number): TotalsRow[] => paymentReportReads(db).attemptTotals(start, end);
export const attemptTotalsPlain = (db: Db, start: number, end: number): TotalsRow[] => paymentReportReads(db).attemptTotalsPlain(start, end);
export const acquirerStatusTotals = (db: Db, start: number, end: number): AcquirerRow[] => paymentReportReads(db).acquirerStatusTotals(start, end);

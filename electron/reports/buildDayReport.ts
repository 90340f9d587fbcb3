import type { Db } from '../journal/openJournal';
import { accountsRepo } from '../journal/repos/accountsRepo';
import type { AttemptStatus } from '../../shared/domain/payment';
import type {
  BusinessDay,
  ChainCheckResult,
  CountSum,
  CurrencyTotals,
  DayReport,
  HourTotal,
  QueueState,
  ReportLine,
  ReportScenario,
  TransactionRef,
  UnresolvedAttempt,
} from '../../shared/domain/report';
import { attemptTotals, type TotalsRow } from './attemptTotals';
import { acquirerBreakdown, withAcquirerIds } from './acquirerTotals';

export interface ReportIdentity {
  readonly terminalId: string;
  readonly storeName: string;
}

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
const TOOK_MONEY = new Set(['succeeded', 'reversed']);

interface LineAcc {
  scenario: ReportScenario;
  currency: string;
  cashier: string;
  sales: { count: number; minor: number };
  cancels: { count: number; minor: number };
  refunds: { count: number; minor: number };
  declined: number;
}

/**
 * Folds attempt statuses into report lines. An attempt is money taken when it succeeded or was
 * reversed (paid, then refunded by the engine because the cancel window had passed): the reversal
 * counts as a cancel that gave money back. A cancel before payment counts, with no money.
 */
export function foldLines(totals: readonly TotalsRow[], refunds: readonly Omit<TotalsRow, 'hour' | 'status'>[]): ReportLine[] {
  const lines = new Map<string, LineAcc>();
  const line = (scenario: string, currency: string, cashier: string): LineAcc => {
    const key = `${scenario}\u0000${currency}\u0000${cashier}`;
    let l = lines.get(key);
    if (!l) {
      l = { scenario: scenario as ReportScenario, currency, cashier, sales: { count: 0, minor: 0 }, cancels: { count: 0, minor: 0 }, refunds: { count: 0, minor: 0 }, declined: 0 };
      lines.set(key, l);
    }
    return l;
  };
  for (const r of totals) {
    if (r.n === 0) continue;
    switch (r.status) {
      case 'succeeded':
        add(line(r.scenario, r.currency, r.cashier).sales, r.n, r.minor);
        break;
      case 'reversed': {
        const l = line(r.scenario, r.currency, r.cashier);
        add(l.sales, r.n, r.minor);
        add(l.cancels, r.n, r.minor);
        break;
      }
      case 'cancelled':
        add(line(r.scenario, r.currency, r.cashier).cancels, r.n, 0);
        break;
      case 'failed':
        line(r.scenario, r.currency, r.cashier).declined += r.n;
        break;
      default:
        // Not final: listed as unresolved, never counted as money either way.
        break;
    }
  }
  for (const r of refunds) add(line(r.scenario, r.currency, r.cashier).refunds, r.n, r.minor);
  return [...lines.values()]
    .map((l) => ({ ...l, net: l.sales.minor - l.cancels.minor - l.refunds.minor }))
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.scenario.localeCompare(b.scenario) || a.cashier.localeCompare(b.cashier));
}

function add(cs: { count: number; minor: number }, n: number, minor: number): void {
  cs.count += n;
  cs.minor += minor;
}

export function totalsByCurrency(lines: readonly ReportLine[]): CurrencyTotals[] {
  const by = new Map<string, { sales: CountSum; cancels: CountSum; refunds: CountSum; declined: number; net: number }>();
  const plus = (a: CountSum, b: CountSum): CountSum => ({ count: a.count + b.count, minor: a.minor + b.minor });
  for (const l of lines) {
    const t = by.get(l.currency) ?? { sales: { count: 0, minor: 0 }, cancels: { count: 0, minor: 0 }, refunds: { count: 0, minor: 0 }, declined: 0, net: 0 };
    by.set(l.currency, { sales: plus(t.sales, l.sales), cancels: plus(t.cancels, l.cancels), refunds: plus(t.refunds, l.refunds), declined: t.declined + l.declined, net: t.net + l.net });
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, ...t }));
}

function hourTotals(totals: readonly TotalsRow[]): HourTotal[] {
  const by = new Map<string, HourTotal>();
  for (const r of totals) {
    if (!TOOK_MONEY.has(r.status) || r.n === 0) continue;
    const key = `${r.hour}\u0000${r.currency}`;
    const h = by.get(key) ?? { hourStart: r.hour, currency: r.currency, count: 0, minor: 0 };
    by.set(key, { ...h, count: h.count + r.n, minor: h.minor + r.minor });
  }
  return [...by.values()].sort((a, b) => a.hourStart - b.hourStart || a.currency.localeCompare(b.currency));
}

/** Refunds that succeeded in [start, end), except reversals, which the attempt's status already counts. */
function refundTotals(db: Db, start: number, end: number): Omit<TotalsRow, 'hour' | 'status'>[] {
  return db.prepare(`
    SELECT a.scenario, r.currency, s.cashier_id AS cashier, count(*) AS n, sum(r.amount_minor) AS minor
    FROM refunds r JOIN payment_attempts a ON a.id = r.payment_request_id JOIN sales s ON s.id = r.sale_id
    WHERE r.status = 'succeeded' AND r.updated_at >= ? AND r.updated_at < ? AND a.status <> 'reversed'
    GROUP BY 1, 2, 3`).all(start, end) as Omit<TotalsRow, 'hour' | 'status'>[];
}

function firstOrLast(db: Db, start: number, end: number, order: 'ASC' | 'DESC'): TransactionRef | null {
  const r = db.prepare(`
    SELECT id AS paymentRequestId, created_at AS at, status, amount_minor AS minor, currency FROM payment_attempts
    WHERE created_at >= ? AND created_at < ? AND +status IN ('succeeded','reversed')
    ORDER BY created_at ${order}, rowid ${order} LIMIT 1`).get(start, end) as TransactionRef | undefined;
  return r ?? null;
}

/**
 * Attempts of the day whose reversal Alipay refused: final (nothing automatic is left) but whether
 * money moved is unproven. Listed apart, never counted as money either way; an operator settles them.
 */
export function unprovenBetween(db: Db, start: number, end: number): UnresolvedAttempt[] {
  return db.prepare(`
    SELECT id AS paymentRequestId, sale_id AS saleId, scenario, status, amount_minor AS minor, currency, created_at AS createdAt, updated_at AS updatedAt
    FROM payment_attempts WHERE status = 'unproven' AND created_at >= ? AND created_at < ? ORDER BY created_at`).all(start, end) as UnresolvedAttempt[];
}

/** Every attempt created before `end` that is not final, whatever its day: none may stay unresolved silently. */
export function unresolvedBefore(db: Db, end: number): UnresolvedAttempt[] {
  return db.prepare(`
    SELECT id AS paymentRequestId, sale_id AS saleId, scenario, status, amount_minor AS minor, currency, created_at AS createdAt, updated_at AS updatedAt
    FROM payment_attempts WHERE status IN (${UNRESOLVED_SQL}) AND created_at < ? ORDER BY created_at`).all(end) as UnresolvedAttempt[];
}

export function queueState(db: Db): QueueState {
  const q = { pending: 0, running: 0, dead: 0 };
  for (const r of db.prepare("SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' GROUP BY status").all() as Array<{ status: keyof typeof q; n: number }>) {
    q[r.status] = r.n;
  }
  const pendingRefunds = (db.prepare("SELECT count(*) AS n FROM refunds WHERE status = 'pending'").get() as { n: number }).n;
  return { ...q, pendingRefunds };
}

/**
 * The report body of one business day as the journal has it now. The caller picks the chain
 * check (incremental for X, full for Z) and the kind; this only reads.
 */
export function buildDayReport(db: Db, day: BusinessDay, opts: ReportIdentity & { now: number; chain: ChainCheckResult }): Omit<Extract<DayReport, { kind: 'X' }>, 'kind'> {
  const end = day.end;
  const totals = attemptTotals(db, day.start, end);
  // Lines are grouped by the account id the sale was made under; the report names the person.
  const who = new Map(accountsRepo(db).list().map((a) => [a.id, `${a.name} · ${a.short_id}`]));
  const lines = foldLines(totals, refundTotals(db, day.start, end)).map((l) => ({ ...l, cashier: who.get(l.cashier) ?? l.cashier }));
  return {
    day,
    generatedAt: opts.now,
    terminalId: opts.terminalId,
    storeName: opts.storeName,
    lines,
    totals: totalsByCurrency(lines),
    byHour: hourTotals(totals),
    first: withAcquirerIds(db, firstOrLast(db, day.start, end, 'ASC')),
    last: withAcquirerIds(db, firstOrLast(db, day.start, end, 'DESC')),
    unresolved: unresolvedBefore(db, end),
    unproven: unprovenBetween(db, day.start, end),
    queue: queueState(db),
    chain: opts.chain,
    byAcquirer: acquirerBreakdown(db, day.start, end),
  };
}

import { reportReader, type ReadSource } from '../journal/repos/reportReader';
import type { RefundTotalsRow, TotalsRow } from '../journal/repos/reportReads';
import type {
  BusinessDay,
  ChainCheckResult,
  CountSum,
  CurrencyTotals,
  DayReport,
  HourTotal,
  ReportLine,
  ReportScenario,
} from '../../shared/domain/report';
import { acquirerBreakdown, withAcquirerIds } from './acquirerTotals';

export interface ReportIdentity {
  readonly terminalId: string;
  readonly storeName: string;
}

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
export function foldLines(totals: readonly TotalsRow[], refunds: readonly RefundTotalsRow[]): ReportLine[] {
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

/**
 * The report body of one business day as the journal has it now. The caller picks the chain
 * check (incremental for X, full for Z) and the kind; this only reads.
 */
export function buildDayReport(src: ReadSource, day: BusinessDay, opts: ReportIdentity & { now: number; chain: ChainCheckResult }): Omit<Extract<DayReport, { kind: 'X' }>, 'kind'> {
  const reader = reportReader(src);
  const reads = reader.payments;
  const end = day.end;
  const totals = reads.attemptTotals(day.start, end);
  // Lines are grouped by the account id the sale was made under; the report names the person.
  const who = reads.cashierNames();
  const lines = foldLines(totals, reads.refundTotals(day.start, end)).map((l) => ({ ...l, cashier: who.get(l.cashier) ?? l.cashier }));
  return {
    day,
    generatedAt: opts.now,
    terminalId: opts.terminalId,
    storeName: opts.storeName,
    lines,
    totals: totalsByCurrency(lines),
    byHour: hourTotals(totals),
    first: withAcquirerIds(reader, reads.firstOrLast(day.start, end, 'ASC')),
    last: withAcquirerIds(reader, reads.firstOrLast(day.start, end, 'DESC')),
    unresolved: reads.unresolvedBefore(end),
    unproven: reads.unprovenBetween(day.start, end),
    queue: reads.queueState(),
    chain: opts.chain,
    byAcquirer: acquirerBreakdown(reader, day.start, end),
  };
}

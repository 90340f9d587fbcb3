/**
 * The X/Z report as a receipt-printer document. Lines are laid out to the paper's columns here
 * (labels left, figures right, Chinese counted two columns wide) and handed to the devices' print
 * queue as a text document, which prints them through the same GB18030 ESC/POS path as receipts.
 */
import { formatMajor } from '../../../shared/domain/money';
import { toCurrency } from '../../../shared/domain/money';
import { displayWidth, wrapText, type TextDocument } from '../../../shared/domain/receipt';
import type { AcquirerTotals, ChainCheckResult, CountSum, DayReport, TransactionRef } from '../../../shared/domain/report';
import { assertNever } from '../../../shared/errors/posError';
import { formatLocal } from '../businessDay';
import { REPORT_LABELS, type ReportLabels, type ReportLocale } from './reportLabels';

const SHIFT_LINES: Readonly<Record<ReportLocale, { head: string; open: string; variance: string }>> = {
  'zh-CN': { head: '班次 / 收银员', open: '未交班', variance: '差额' },
  en: { head: 'Shifts / cashiers', open: 'open', variance: 'Variance' },
};

export function major(minor: number, currency: string): string {
  return formatMajor({ minor, currency: toCurrency(currency) });
}

/** Label left, value right; a value that does not fit goes on its own line, right-aligned. */
function pair(left: string, right: string, columns: number): string {
  const gap = columns - displayWidth(left) - displayWidth(right);
  if (gap >= 1) return `${left}${' '.repeat(gap)}${right}`;
  return `${left}\n${' '.repeat(Math.max(0, columns - displayWidth(right)))}${right}`;
}

function countSum(label: string, cs: CountSum, currency: string, columns: number): string {
  return pair(label, `${cs.count}  ${major(cs.minor, currency)}`, columns);
}

export function chainText(c: ChainCheckResult, l: ReportLabels): string {
  switch (c.status) {
    case 'ok':
      return l.chainOk(c.scope, c.events);
    case 'broken':
      return l.chainBroken(c.brokenAt, c.reason);
    default:
      return assertNever(c, 'chain check');
  }
}

/** Report → lines, for the printer (and the CLI's text format) at a given width. */
export function reportLines(r: DayReport, locale: ReportLocale, columns: number): string[] {
  const l = REPORT_LABELS[locale];
  const tz = r.day.timeZone;
  const rule = '-'.repeat(columns);
  const out: string[] = [
    pair(l.store, r.storeName, columns),
    pair(l.terminal, r.terminalId, columns),
    pair(l.businessDay, `${r.day.date} (${r.day.cutoff} ${tz})`, columns),
    pair(l.from, formatLocal(r.day.start, tz), columns),
    pair(l.to, r.kind === 'X' && r.day.state === 'open' ? `${formatLocal(r.day.end, tz)} (${l.stillOpen})` : formatLocal(r.day.end, tz), columns),
    pair(l.printedAt, formatLocal(r.generatedAt, tz), columns),
    rule,
  ];
  if (r.totals.length === 0) out.push(pair(l.sales, l.none, columns));
  for (const t of r.totals) {
    out.push(`[${t.currency}]`);
    out.push(countSum(l.sales, t.sales, t.currency, columns));
    out.push(countSum(l.cancels, t.cancels, t.currency, columns));
    out.push(countSum(l.refunds, t.refunds, t.currency, columns));
    out.push(pair(l.declined, String(t.declined), columns));
    out.push(pair(l.net, `${t.currency} ${major(t.net, t.currency)}`, columns));
  }
  if (r.lines.length > 0) {
    out.push(rule, l.byScenario);
    for (const line of r.lines) {
      out.push(`${l.scenario[line.scenario]} · ${line.cashier} · ${line.currency}`);
      out.push(countSum(`  ${l.sales}`, line.sales, line.currency, columns));
      if (line.cancels.count > 0) out.push(countSum(`  ${l.cancels}`, line.cancels, line.currency, columns));
      if (line.refunds.count > 0) out.push(countSum(`  ${l.refunds}`, line.refunds, line.currency, columns));
      if (line.declined > 0) out.push(pair(`  ${l.declined}`, String(line.declined), columns));
      out.push(pair(`  ${l.net}`, major(line.net, line.currency), columns));
    }
  }
  out.push(...acquirerLines(r.byAcquirer ?? [], l, columns, rule));
  out.push(rule);
  out.push(pair(l.first, r.first ? formatLocal(r.first.at, tz) : l.none, columns));
  if (r.first) out.push(...refIdLines(r.first, l));
  out.push(pair(l.last, r.last ? formatLocal(r.last.at, tz) : l.none, columns));
  if (r.last) out.push(...refIdLines(r.last, l));
  out.push(pair(l.unresolved, String(r.unresolved.length), columns));
  for (const u of r.unresolved) out.push(`  ${u.paymentRequestId} ${u.status} ${major(u.minor, u.currency)}`);
  if (r.unproven && r.unproven.length > 0) {
    out.push(pair(l.unproven, String(r.unproven.length), columns));
    for (const u of r.unproven) out.push(`  ${u.paymentRequestId} ${u.currency} ${major(u.minor, u.currency)}`);
  }
  out.push(`${l.queue}: ${l.queueLine(r.queue.pending, r.queue.running, r.queue.dead, r.queue.pendingRefunds)}`);
  out.push(`${l.chain}: ${chainText(r.chain, l)}`);
  if (r.shifts && r.shifts.length > 0) {
    // Issue 14: the day's shifts and their cashiers, with each close's variance.
    const sl = SHIFT_LINES[locale];
    out.push(rule, sl.head);
    for (const s of r.shifts) {
      out.push(`${s.cashierName} ${formatLocal(s.openedAt, tz).slice(11, 16)}–${s.closedAt === null ? sl.open : formatLocal(s.closedAt, tz).slice(11, 16)}`);
      if (s.varianceMinor !== null) out.push(pair(`  ${sl.variance}`, major(s.varianceMinor, s.currency), columns));
    }
  }
  if (r.kind === 'Z') {
    out.push(rule, pair(l.closedBy, r.closedBy, columns), `${l.fingerprint}: ${r.sha256.slice(0, 16)}`);
  }
  // Every line fits the paper: pairs split above, free text wrapped here (Chinese counts double).
  return out.flatMap((line) => line.split('\n')).flatMap((line) => (displayWidth(line) <= columns ? [line] : wrapText(line, columns)));
}

/** The per-acquirer section (issue 15): one block per acquirer × currency, only when the day has any. */
export function acquirerLines(rows: readonly AcquirerTotals[], l: ReportLabels, columns: number, rule: string): string[] {
  if (rows.length === 0) return [];
  const out = [rule, l.byAcquirer];
  for (const a of rows) {
    out.push(`${l.acquirer[a.acquirer]} · ${a.currency}`);
    out.push(countSum(`  ${l.sales}`, a.sales, a.currency, columns));
    if (a.cancels.count > 0) out.push(countSum(`  ${l.cancels}`, a.cancels, a.currency, columns));
    if (a.refunds.count > 0) out.push(countSum(`  ${l.refunds}`, a.refunds, a.currency, columns));
    if (a.declined > 0) out.push(pair(`  ${l.declined}`, String(a.declined), columns));
    out.push(pair(`  ${l.net}`, major(a.net, a.currency), columns));
  }
  return out;
}

/** A first/last transaction named as its acquirer does: 当面付 trade_no + out_trade_no, AMS paymentId + paymentRequestId. */
export function refIdLines(ref: TransactionRef, l: ReportLabels): string[] {
  if (!ref.acquirer) return [`  ${ref.paymentRequestId}`]; // a report stored before acquirers were named
  const [theirs, ours] = l.acquirerIds[ref.acquirer];
  return [`  ${l.acquirer[ref.acquirer]}`, ...(ref.paymentId ? [`  ${theirs} ${ref.paymentId}`] : []), `  ${ours} ${ref.paymentRequestId}`];
}

export function reportTitle(r: DayReport, locale: ReportLocale): string {
  const l = REPORT_LABELS[locale];
  return r.kind === 'Z' ? l.zTitle(r.number) : l.xTitle;
}

/** The print-queue document; `copy` is 'duplicate' when a closed Z is printed again. */
export function reportPrintDocument(r: DayReport, locale: ReportLocale, columns: number, copy: 'original' | 'duplicate'): TextDocument {
  return { title: reportTitle(r, locale), lines: reportLines(r, locale, columns), copy };
}

/**
 * CSV exports for back-office spreadsheets: UTF-8 with a BOM (so Excel reads Chinese correctly),
 * CRLF, amounts as exact decimal strings next to their currency (never floats), and text cells
 * that could start a spreadsheet formula defused.
 */
import type { DayReport, Reconciliation } from '../../../shared/domain/report';
import { reconActionText } from '../../../shared/domain/report';
import { formatLocal } from '../businessDay';
import { major } from './reportPrintout';

const BOM = '\uFEFF';

/** Quotes when needed; a text cell starting with = + - @ gets a leading ' so it stays text. */
export function csvText(v: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (cells: ReadonlyArray<string | number>): string => cells.map((c) => (typeof c === 'number' ? String(c) : csvText(c))).join(',');

export function reportCsv(r: DayReport): string {
  const tz = r.day.timeZone;
  const lines: string[] = [
    row(['report', 'number', 'business_day', 'from', 'to', 'generated_at', 'terminal', 'store', 'chain', 'unresolved', 'queue_pending', 'queue_dead', 'refunds_pending']),
    row([
      r.kind, r.kind === 'Z' ? r.number : '', r.day.date, formatLocal(r.day.start, tz), formatLocal(r.day.end, tz), formatLocal(r.generatedAt, tz), r.terminalId, r.storeName,
      r.chain.status === 'ok' ? `ok (${r.chain.scope})` : `broken at ${r.chain.brokenAt} (${r.chain.reason})`, r.unresolved.length, r.queue.pending + r.queue.running, r.queue.dead, r.queue.pendingRefunds,
    ]),
    '',
    row(['scenario', 'currency', 'cashier', 'sales_count', 'sales_amount', 'cancels_count', 'cancels_amount', 'refunds_count', 'refunds_amount', 'declined_count', 'net_amount']),
  ];
  for (const l of r.lines) {
    lines.push(row([l.scenario, l.currency, l.cashier, l.sales.count, major(l.sales.minor, l.currency), l.cancels.count, major(l.cancels.minor, l.currency), l.refunds.count, major(l.refunds.minor, l.currency), l.declined, major(l.net, l.currency)]));
  }
  for (const t of r.totals) {
    lines.push(row(['TOTAL', t.currency, '', t.sales.count, major(t.sales.minor, t.currency), t.cancels.count, major(t.cancels.minor, t.currency), t.refunds.count, major(t.refunds.minor, t.currency), t.declined, major(t.net, t.currency)]));
  }
  lines.push(...acquirerCsvRows(r));
  if (r.unresolved.length > 0) {
    lines.push('', row(['unresolved_attempt', 'status', 'scenario', 'currency', 'amount', 'created_at']));
    for (const u of r.unresolved) lines.push(row([u.paymentRequestId, u.status, u.scenario, u.currency, major(u.minor, u.currency), formatLocal(u.createdAt, tz)]));
  }
  if (r.unproven && r.unproven.length > 0) {
    lines.push('', row(['unproven_attempt', 'status', 'scenario', 'currency', 'amount', 'created_at']));
    for (const u of r.unproven) lines.push(row([u.paymentRequestId, u.status, u.scenario, u.currency, major(u.minor, u.currency), formatLocal(u.createdAt, tz)]));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}

/** The per-acquirer section (issue 15) and the first/last transaction with the acquirer's ids. */
function acquirerCsvRows(r: DayReport): string[] {
  const out: string[] = [];
  const by = r.byAcquirer ?? [];
  if (by.length > 0) {
    out.push('', row(['acquirer', 'currency', 'sales_count', 'sales_amount', 'cancels_count', 'cancels_amount', 'refunds_count', 'refunds_amount', 'declined_count', 'net_amount']));
    for (const a of by) {
      out.push(row([a.acquirer, a.currency, a.sales.count, major(a.sales.minor, a.currency), a.cancels.count, major(a.cancels.minor, a.currency), a.refunds.count, major(a.refunds.minor, a.currency), a.declined, major(a.net, a.currency)]));
    }
  }
  const refs = [['first', r.first], ['last', r.last]] as const;
  if (refs.some(([, ref]) => ref?.acquirer)) {
    out.push('', row(['transaction', 'acquirer', 'acquirer_payment_id', 'our_request_id', 'amount', 'currency', 'at']));
    for (const [which, ref] of refs) {
      if (ref) out.push(row([which, ref.acquirer ?? '', ref.paymentId ?? '', ref.paymentRequestId, major(ref.minor, ref.currency), ref.currency, formatLocal(ref.at, r.day.timeZone)]));
    }
  }
  return out;
}

export function reconciliationCsv(rec: Reconciliation, timeZone: string, locale: 'zh-CN' | 'en'): string {
  // 当面付 names the ids its own way: our out_trade_no (or out_request_no) and Alipay's trade_no.
  const [req, ourId, theirId] = rec.acquirer === 'alipay-cn' ? ['out_trade_no', 'our_trade_no', 'alipay_trade_no'] : ['transaction_request_id', 'our_transaction_id', 'alipay_transaction_id'];
  const lines: string[] = [row(['status', 'type', req, ourId, 'our_amount', 'our_currency', 'our_status', theirId, 'alipay_amount', 'alipay_currency', 'alipay_time', 'differences', 'action', 'what_to_do'])];
  for (const i of rec.items) {
    lines.push(row([
      i.status, i.type, i.transactionRequestId,
      i.ours?.transactionId ?? '', i.ours ? major(i.ours.minor, i.ours.currency) : '', i.ours?.currency ?? '', i.ours?.detail ?? '',
      i.alipay?.transactionId ?? '', i.alipay ? major(i.alipay.minor, i.alipay.currency) : '', i.alipay?.currency ?? '', i.alipay ? formatLocal(i.alipay.at, timeZone) : '',
      i.differences.join(' '), i.action, reconActionText(i.action)[locale],
    ]));
  }
  lines.push('', row(['currency', 'ours_net', 'alipay_net']));
  for (const t of rec.totals) lines.push(row([t.currency, major(t.oursMinor, t.currency), major(t.alipayMinor, t.currency)]));
  lines.push('', row(['matched', 'mismatch', 'missing_ours', 'missing_alipay']), row([rec.counts.matched, rec.counts.mismatch, rec.counts.missingOurs, rec.counts.missingAlipay]));
  return BOM + lines.join('\r\n') + '\r\n';
}

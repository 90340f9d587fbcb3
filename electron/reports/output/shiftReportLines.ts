/**
 * The 交班单 (shift report) as receipt-printer lines in zh-CN or en: per tender (Alipay by scenario,
 * cash), refunds, voids, net, and the drawer's expected vs counted with the variance. Printed through
 * the devices' text path (GB18030 ESC/POS), like the X/Z reports.
 */
import { displayWidth } from '../../../shared/domain/receipt';
import type { CountSumMinor, ShiftReport } from '../../../shared/domain/shift';
import { formatLocal } from '../businessDay';
import { major } from './reportPrintout';
import type { ReportLocale } from './reportLabels';

interface ShiftLabels {
  readonly terminal: string; readonly cashier: string; readonly shift: string; readonly opened: string; readonly closed: string; readonly stillOpen: string;
  readonly alipay: string; readonly scenario: Readonly<Record<string, string>>; readonly alipayRefunds: string; readonly cash: string; readonly float: string;
  readonly cashSales: string; readonly cashRefunds: string; readonly paidIn: string; readonly paidOut: string; readonly noSales: string;
  readonly expected: string; readonly counted: string; readonly variance: string; readonly notCounted: string; readonly voids: string;
  readonly split: string; readonly net: string; readonly approvedBy: string; readonly printedAt: string;
}

export const SHIFT_REPORT_TITLE: Readonly<Record<ReportLocale, string>> = { 'zh-CN': '交班单', en: 'SHIFT REPORT' };

const LABELS: Readonly<Record<ReportLocale, ShiftLabels>> = {
  'zh-CN': {
    terminal: '终端', cashier: '收银员', shift: '班次', opened: '开班', closed: '交班', stillOpen: '未交班',
    alipay: '支付宝', scenario: { PaymentCode: '付款码', OrderCode: '订单码', EntryCode: '店铺码' }, alipayRefunds: '支付宝退款',
    cash: '现金', float: '备用金', cashSales: '现金收款', cashRefunds: '现金退款', paidIn: '存入', paidOut: '支出', noSales: '开钱箱(无销售)',
    expected: '应有现金', counted: '实点现金', variance: '差额', notCounted: '未清点', voids: '撤销', split: '组合支付笔数', net: '净额',
    approvedBy: '批准人', printedAt: '打印时间',
  },
  en: {
    terminal: 'Terminal', cashier: 'Cashier', shift: 'Shift', opened: 'Opened', closed: 'Closed', stillOpen: 'still open',
    alipay: 'Alipay', scenario: { PaymentCode: 'Payment code', OrderCode: 'Order code', EntryCode: 'Entry code' }, alipayRefunds: 'Alipay refunds',
    cash: 'Cash', float: 'Opening float', cashSales: 'Cash sales', cashRefunds: 'Cash refunds', paidIn: 'Paid in', paidOut: 'Paid out', noSales: 'No-sale opens',
    expected: 'Expected cash', counted: 'Counted cash', variance: 'Variance', notCounted: 'not counted', voids: 'Voids', split: 'Split-tender sales', net: 'Net',
    approvedBy: 'Approved by', printedAt: 'Printed',
  },
};

function pair(left: string, right: string, columns: number): string {
  const gap = columns - displayWidth(left) - displayWidth(right);
  if (gap >= 1) return `${left}${' '.repeat(gap)}${right}`;
  return `${left}\n${' '.repeat(Math.max(0, columns - displayWidth(right)))}${right}`;
}

const signed = (minor: number, currency: string): string => (minor > 0 ? `+${major(minor, currency)}` : major(minor, currency));

export function shiftReportLines(r: ShiftReport, locale: ReportLocale, columns: number, timeZone: string): string[] {
  const l = LABELS[locale];
  const cur = r.shift.currency;
  const cs = (label: string, v: CountSumMinor): string => pair(label, `${v.count}  ${major(v.minor, cur)}`, columns);
  const rule = '-'.repeat(columns);
  const out = [
    pair(l.terminal, r.shift.terminalId, columns),
    pair(l.cashier, r.shift.cashierName, columns),
    pair(l.shift, r.shift.shiftId, columns),
    pair(l.opened, formatLocal(r.shift.openedAt, timeZone), columns),
    pair(l.closed, r.shift.closedAt === null ? l.stillOpen : formatLocal(r.shift.closedAt, timeZone), columns),
    rule,
    `[${l.alipay} ${cur}]`,
  ];
  for (const a of r.alipay) out.push(cs(`  ${l.scenario[a.scenario] ?? a.scenario}`, a.sales));
  out.push(cs(`  ${l.alipayRefunds}`, r.alipayRefunds));
  out.push(`[${l.cash} ${cur}]`);
  out.push(pair(`  ${l.float}`, major(r.cash.float, cur), columns));
  out.push(cs(`  ${l.cashSales}`, r.cash.sales));
  out.push(cs(`  ${l.cashRefunds}`, r.cash.refunds));
  out.push(cs(`  ${l.paidIn}`, r.cash.paidIn));
  out.push(cs(`  ${l.paidOut}`, r.cash.paidOut));
  out.push(pair(`  ${l.noSales}`, String(r.cash.noSales), columns));
  out.push(rule);
  out.push(cs(l.voids, r.voids));
  out.push(pair(l.split, String(r.splitSales), columns));
  out.push(pair(l.net, major(r.net, cur), columns));
  out.push(rule);
  out.push(pair(l.expected, major(r.cash.expected, cur), columns));
  out.push(pair(l.counted, r.cash.counted === null ? l.notCounted : major(r.cash.counted, cur), columns));
  if (r.cash.variance !== null) out.push(pair(l.variance, signed(r.cash.variance, cur), columns));
  if (r.shift.approvedBy) out.push(pair(l.approvedBy, r.shift.approvedBy, columns));
  out.push(pair(l.printedAt, formatLocal(r.generatedAt, timeZone), columns));
  return out;
}

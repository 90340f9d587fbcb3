/**
 * Words of the printed and exported reports, in both languages the shop uses. These are station
 * outputs (paper, PDF, CSV, CLI), not UI strings: the renderer has its own i18n resources.
 */
import type { ReportAcquirer, ReportScenario } from '../../../shared/domain/report';

export type ReportLocale = 'zh-CN' | 'en';

export interface ReportLabels {
  readonly xTitle: string;
  readonly zTitle: (n: number) => string;
  readonly store: string;
  readonly terminal: string;
  readonly businessDay: string;
  readonly from: string;
  readonly to: string;
  readonly printedAt: string;
  readonly sales: string;
  readonly cancels: string;
  readonly refunds: string;
  readonly declined: string;
  readonly net: string;
  readonly total: string;
  readonly salesPerHour: string;
  readonly first: string;
  readonly last: string;
  readonly none: string;
  readonly unresolved: string;
  /** Reversals Alipay refused: money unproven, an operator must check. */
  readonly unproven: string;
  readonly queue: string;
  readonly queueLine: (pending: number, running: number, dead: number, refunds: number) => string;
  readonly chain: string;
  readonly chainOk: (scope: 'full' | 'sinceCheckpoint', events: number) => string;
  readonly chainBroken: (at: number, reason: string) => string;
  readonly closedBy: string;
  readonly fingerprint: string;
  readonly byScenario: string;
  readonly scenario: Readonly<Record<ReportScenario, string>>;
  readonly stillOpen: string;
  /** Per-acquirer breakdown and the acquirers' own ids (issue 15). */
  readonly byAcquirer: string;
  readonly acquirer: Readonly<Record<ReportAcquirer, string>>;
  /** [acquirer's payment id, our request id] as each acquirer names them. */
  readonly acquirerIds: Readonly<Record<ReportAcquirer, readonly [string, string]>>;
}

export const REPORT_LABELS: Readonly<Record<ReportLocale, ReportLabels>> = {
  'zh-CN': {
    xTitle: 'X 报表（日中）',
    zTitle: (n) => `Z 报表 第 ${n} 号（日结）`,
    store: '门店',
    terminal: '终端',
    businessDay: '营业日',
    from: '起',
    to: '止',
    printedAt: '打印时间',
    sales: '销售',
    cancels: '撤销',
    refunds: '退款',
    declined: '拒付',
    net: '净额',
    total: '合计',
    salesPerHour: '每小时销售',
    first: '首笔',
    last: '末笔',
    none: '无',
    unresolved: '未完结支付',
    unproven: '退款被拒、款项未确认（需人工核实）',
    queue: '离线队列',
    queueLine: (p, r, d, f) => `待发 ${p}，处理中 ${r}，失败 ${d}，待退款 ${f}`,
    chain: '流水校验',
    chainOk: (scope, n) => (scope === 'full' ? `完整校验通过（${n} 条）` : `增量校验通过（至第 ${n} 条）`),
    chainBroken: (at, reason) => `校验失败：第 ${at} 条（${reason}）`,
    closedBy: '日结人',
    fingerprint: '报表指纹',
    byScenario: '按支付方式与收银员',
    scenario: { PaymentCode: '付款码', OrderCode: '订单码', EntryCode: '入口码' },
    stillOpen: '营业中',
    byAcquirer: '按收单机构',
    acquirer: { ams: '支付宝 AMS', 'alipay-cn': '支付宝当面付' },
    acquirerIds: { ams: ['支付单号 paymentId', '请求号 paymentRequestId'], 'alipay-cn': ['支付宝交易号 trade_no', '商户订单号 out_trade_no'] },
  },
  en: {
    xTitle: 'X REPORT (day so far)',
    zTitle: (n) => `Z REPORT No. ${n} (day closed)`,
    store: 'Store',
    terminal: 'Terminal',
    businessDay: 'Business day',
    from: 'From',
    to: 'To',
    printedAt: 'Printed',
    sales: 'Sales',
    cancels: 'Cancels',
    refunds: 'Refunds',
    declined: 'Declined',
    net: 'Net',
    total: 'Total',
    salesPerHour: 'Sales per hour',
    first: 'First',
    last: 'Last',
    none: 'none',
    unresolved: 'Unresolved payments',
    unproven: 'Refund refused, money unproven (operator must check)',
    queue: 'Offline queue',
    queueLine: (p, r, d, f) => `pending ${p}, running ${r}, dead ${d}, refunds pending ${f}`,
    chain: 'Journal chain',
    chainOk: (scope, n) => (scope === 'full' ? `verified in full (${n} events)` : `verified since checkpoint (to event ${n})`),
    chainBroken: (at, reason) => `BROKEN at event ${at} (${reason})`,
    closedBy: 'Closed by',
    fingerprint: 'Fingerprint',
    byScenario: 'By scenario and cashier',
    scenario: { PaymentCode: 'Payment code', OrderCode: 'Order code', EntryCode: 'Entry code' },
    stillOpen: 'open',
    byAcquirer: 'By acquirer',
    acquirer: { ams: 'Alipay AMS', 'alipay-cn': 'Alipay 当面付 (F2F)' },
    acquirerIds: { ams: ['paymentId', 'paymentRequestId'], 'alipay-cn': ['trade_no', 'out_trade_no'] },
  },
};

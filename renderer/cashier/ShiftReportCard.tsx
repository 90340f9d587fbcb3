import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '../../shared/domain/shift';

/** The 交班单 on screen: per tender (Alipay by scenario, cash), refunds, voids, net, the drawer and its variance. */
export function ShiftReportCard({ report, fmt, onPrint }: { readonly report: ShiftReport; readonly fmt: (minor: number) => string; readonly onPrint: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="card shift-report" data-testid="shift-report">
      <h3>{t('shifts.report')} · {report.shift.cashierName}</h3>
      <dl className="report-figures">
        {report.alipay.map((a) => (
          <div key={a.scenario}><dt>{t('shifts.alipay')} · {t(`shifts.scenario.${a.scenario}`, { defaultValue: a.scenario })}</dt><dd>{a.sales.count} · {fmt(a.sales.minor)}</dd></div>
        ))}
        <div><dt>{t('shifts.alipayRefunds')}</dt><dd>{report.alipayRefunds.count} · {fmt(report.alipayRefunds.minor)}</dd></div>
        <div><dt>{t('shifts.cashSales')}</dt><dd data-testid="report-cash-sales">{report.cash.sales.count} · {fmt(report.cash.sales.minor)}</dd></div>
        <div><dt>{t('shifts.cashRefunds')}</dt><dd>{report.cash.refunds.count} · {fmt(report.cash.refunds.minor)}</dd></div>
        <div><dt>{t('shifts.voids')}</dt><dd>{report.voids.count} · {fmt(report.voids.minor)}</dd></div>
        <div><dt>{t('shifts.splitSales')}</dt><dd>{report.splitSales}</dd></div>
        <div><dt>{t('shifts.net')}</dt><dd data-testid="report-net">{fmt(report.net)}</dd></div>
        <div><dt>{t('shifts.expected')}</dt><dd data-testid="report-expected">{fmt(report.cash.expected)}</dd></div>
        <div><dt>{t('shifts.counted')}</dt><dd data-testid="report-counted">{report.cash.counted === null ? '—' : fmt(report.cash.counted)}</dd></div>
        {report.cash.variance !== null && <div><dt>{t('shifts.variance')}</dt><dd data-testid="report-variance">{fmt(report.cash.variance)}</dd></div>}
      </dl>
      <button type="button" className="btn" data-testid="shift-print" onClick={onPrint}>{t('shifts.print')}</button>
    </div>
  );
}

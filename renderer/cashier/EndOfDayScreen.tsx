import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import { reportChartData, type DayReport } from '../../shared/domain/report';
import type { ClosedDay } from '../../shared/ipc/commands/report';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { useStation } from '../api/useStation';
import { AcquirerIds, AcquirerRows } from './AcquirerBreakdown';
import { AdminError } from './AdminError';
import { dateTimeText } from './adminFormat';
import { EodChart } from './EodChart';
import { unresolvedFromDetails } from './eodView';
import { ReconciliationPanel } from './ReconciliationPanel';
import { ScreenKeyRegistry, ScreenKeysContext, useScreenKeys } from './screenKeys';

type Ref = { kind: 'X'; date?: string } | { kind: 'Z'; date: string };

/**
 * End of day (F6): the X report with its chart, print and export, and closing the day with a Z; and,
 * on its second tab, reconciliation with Alipay's settlement files.
 */
export function EndOfDayScreen() {
  const { t } = useTranslation();
  const { snapshot } = useStation('cashier');
  const locale = snapshot?.locale ?? 'zh-CN';
  const [tab, setTab] = useState<'report' | 'recon'>('report');
  // The reconciliation tab has keys of its own (Enter imports, Esc cancels); they reach it through
  // its own registry, since the shell hands keys to one screen handler, this one.
  const [reconKeys] = useState(() => new ScreenKeyRegistry());
  const [ref, setRef] = useState<Ref>({ kind: 'X' });
  const [report, setReport] = useState<DayReport | null>(null);
  const [closed, setClosed] = useState<ClosedDay[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [refused, setRefused] = useState<{ paymentRequestId: string; status: string }[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback((r: Ref) => {
    setBusy(true);
    void call('cashier', 'report:get', { ref: r }).then((res) => {
      setBusy(false);
      if (res.ok) {
        setReport(res.value);
        setError(null);
      } else setError(res.error);
    });
    void call('cashier', 'report:listClosed', { limit: 31 }).then((res) => res.ok && setClosed(res.value));
  }, []);
  useEffect(() => load(ref), [load, ref]);

  useScreenKeys((k) => {
    const key = k.key.toLowerCase();
    if (key === t('recon.keyTabReport').toLowerCase()) setTab('report');
    else if (key === t('recon.keyTabRecon').toLowerCase()) setTab('recon');
    else if (tab === 'recon') reconKeys.dispatch(k);
    else if (k.key === 'Escape') setConfirming(false);
  });

  const series = useMemo(() => (report ? reportChartData(report) : []), [report]);
  const fmt = (minor: number, currency: string): string => {
    try {
      return `${currency} ${formatMajor(money(minor, currency, { allowZero: true }))}`;
    } catch {
      return `${currency} ${minor}`;
    }
  };

  const closeDay = (): void => {
    if (!report) return;
    setConfirming(false);
    setBusy(true);
    void call('cashier', 'report:closeDay', { date: report.day.date, confirm: true }).then((r) => {
      setBusy(false);
      if (r.ok) {
        setRefused(null);
        setError(null);
        setNotice(r.value.kind === 'Z' ? t('eod.closed', { number: r.value.number, date: r.value.day.date }) : null);
        setRef({ kind: 'Z', date: r.value.day.date });
      } else {
        setError(r.error);
        setRefused(r.error.code === 'DAY_UNRESOLVED' ? unresolvedFromDetails(r.error.details) : null);
      }
    });
  };

  const print = (): void => {
    void call('cashier', 'report:print', { ref, locale }).then((r) => (r.ok ? setNotice(t('eod.printed', { id: r.value.jobId })) : setError(r.error)));
  };
  const exportAs = (format: 'csv' | 'pdf'): void => {
    void call('cashier', 'report:export', { what: 'report', ref, format, locale }).then((r) => (r.ok ? setNotice(t('eod.exported', { file: r.value.file })) : setError(r.error)));
  };

  return (
    <section className="screen admin-screen eod" data-testid="endOfDay-screen" aria-label={t('eod.title')}>
      <div className="admin-column wide">
        <h2>
          {t('eod.title')}
          {report && (
            <span className="pill" data-testid="eod-kind" data-kind={report.kind}>
              {report.kind === 'Z' ? t('eod.zReport', { number: report.number }) : t('eod.xReport')}
            </span>
          )}
        </h2>
        <div className="eod-tabs" role="tablist" aria-label={t('eod.title')}>
          <button type="button" role="tab" aria-selected={tab === 'report'} className={`btn${tab === 'report' ? ' active' : ''}`} data-testid="eod-tab-report" onClick={() => setTab('report')}>
            {t('recon.tabReport')} <kbd>{t('recon.keyTabReport')}</kbd>
          </button>
          <button type="button" role="tab" aria-selected={tab === 'recon'} className={`btn${tab === 'recon' ? ' active' : ''}`} data-testid="eod-tab-recon" onClick={() => setTab('recon')}>
            {t('recon.tabRecon')} <kbd>{t('recon.keyTabRecon')}</kbd>
          </button>
        </div>
        {tab === 'recon' && (
          <ScreenKeysContext.Provider value={reconKeys}>
            <ReconciliationPanel locale={locale} demo={snapshot?.mode === 'demo'} />
          </ScreenKeysContext.Provider>
        )}
        {tab === 'report' && (
          <>
            {report && (
              <p className="hint" data-testid="eod-day">
                {t('eod.day', { date: report.day.date, from: dateTimeText(report.day.start, locale), to: dateTimeText(report.day.end, locale), zone: report.day.timeZone })} · {t(`eod.dayState.${report.day.state}`)}
              </p>
            )}
            <div className="actions">
              <button type="button" className="btn" disabled={busy} data-testid="eod-refresh" onClick={() => (ref.kind === 'X' ? load(ref) : setRef({ kind: 'X' }))}>
                {t('eod.showX')}
              </button>
              <button type="button" className="btn" disabled={!report} data-testid="eod-print" onClick={print}>
                {t('eod.print')}
              </button>
              <button type="button" className="btn" disabled={!report} data-testid="eod-export-csv" onClick={() => exportAs('csv')}>
                {t('eod.exportCsv')}
              </button>
              <button type="button" className="btn" disabled={!report} data-testid="eod-export-pdf" onClick={() => exportAs('pdf')}>
                {t('eod.exportPdf')}
              </button>
              {report?.kind === 'X' && report.day.state === 'open' && (
                <button type="button" className="btn btn-primary" disabled={busy} data-testid="eod-close" onClick={() => setConfirming(true)}>
                  {t('eod.close')}
                </button>
              )}
            </div>
            {confirming && report && (
              <form
                className="inline-form"
                data-testid="eod-confirm"
                onSubmit={(e) => {
                  e.preventDefault();
                  closeDay();
                }}
              >
                <p>{t('eod.confirmText', { date: report.day.date })}</p>
                <button type="submit" className="btn btn-primary" data-testid="eod-confirm-close" autoFocus>
                  {t('eod.confirmClose')} <kbd>{t('keycap.enter')}</kbd>
                </button>
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  {t('admin.cancel')} <kbd>{t('keycap.esc')}</kbd>
                </button>
              </form>
            )}
            {notice && (
              <p className="admin-ok" role="status" data-testid="eod-notice">
                {notice}
              </p>
            )}
            <AdminError error={error} testId="eod-error" />
            {refused && refused.length > 0 && (
              <div className="card" data-testid="eod-refused">
                <h3>{t('eod.refusedTitle')}</h3>
                <ul>
                  {refused.map((a) => (
                    <li key={a.paymentRequestId} className="mono">
                      {a.paymentRequestId} · {t(`history.attemptStatus.${a.status}`, { defaultValue: a.status })}
                    </li>
                  ))}
                </ul>
                <p className="hint">{t('eod.refusedHint')}</p>
              </div>
            )}
            {report && (
              <>
                <table className="admin-table" data-testid="eod-totals">
                  <thead>
                    <tr>
                      <th>{t('eod.col.currency')}</th>
                      <th>{t('eod.col.sales')}</th>
                      <th>{t('eod.col.cancels')}</th>
                      <th>{t('eod.col.refunds')}</th>
                      <th>{t('eod.col.declined')}</th>
                      <th>{t('eod.col.net')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.totals.length === 0 && (
                      <tr>
                        <td colSpan={6}>{t('eod.noSales')}</td>
                      </tr>
                    )}
                    {report.totals.map((c) => (
                      <tr key={c.currency} data-testid={`eod-total-${c.currency}`}>
                        <td>{c.currency}</td>
                        <td className="num">{t('eod.countSum', { count: c.sales.count, amount: fmt(c.sales.minor, c.currency) })}</td>
                        <td className="num">{t('eod.countSum', { count: c.cancels.count, amount: fmt(c.cancels.minor, c.currency) })}</td>
                        <td className="num">{t('eod.countSum', { count: c.refunds.count, amount: fmt(c.refunds.minor, c.currency) })}</td>
                        <td className="num">{c.declined}</td>
                        <td className="num" data-testid="eod-net">
                          <strong>{fmt(c.net, c.currency)}</strong>
                        </td>
                      </tr>
                    ))}
                    <AcquirerRows rows={report.byAcquirer ?? []} fmt={fmt} />
                  </tbody>
                </table>
                <AcquirerIds first={report.first} last={report.last} />
                {series.map((s) => (
                  <EodChart key={s.currency} series={s} timeZone={report.day.timeZone} />
                ))}
                <table className="admin-table" data-testid="eod-lines">
                  <caption>{t('eod.byScenario')}</caption>
                  <tbody>
                    {report.lines.map((l) => (
                      <tr key={`${l.scenario}-${l.currency}-${l.cashier}`}>
                        <td>{t(`history.scenario.${l.scenario}`)}</td>
                        <td>{l.cashier}</td>
                        <td className="num">{t('eod.countSum', { count: l.sales.count, amount: fmt(l.sales.minor, l.currency) })}</td>
                        <td className="num">{fmt(l.net, l.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <dl className="facts-grid">
                  <dt>{t('eod.unresolved')}</dt>
                  <dd data-testid="eod-unresolved">{report.unresolved.length}</dd>
                  <dt>{t('eod.queue')}</dt>
                  <dd>{t('eod.queueState', { pending: report.queue.pending, dead: report.queue.dead, refunds: report.queue.pendingRefunds })}</dd>
                  <dt>{t('eod.chain')}</dt>
                  <dd data-testid="eod-chain" data-status={report.chain.status}>
                    {report.chain.status === 'ok' ? t('eod.chainOk', { events: report.chain.events }) : t('eod.chainBroken', { seq: report.chain.brokenAt, reason: report.chain.reason })}
                  </dd>
                  <dt>{t('eod.generated')}</dt>
                  <dd>{dateTimeText(report.generatedAt, locale)}</dd>
                </dl>
              </>
            )}
            {closed.length > 0 && (
              <div className="card">
                <h3>{t('eod.closedDays')}</h3>
                <div className="actions">
                  {closed.map((d) => (
                    <button key={d.number} type="button" className="btn btn-small" data-testid={`eod-z-${d.number}`} onClick={() => setRef({ kind: 'Z', date: d.date })}>
                      {t('eod.zButton', { number: d.number, date: d.date })}
                    </button>
                  ))}
                </div>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}

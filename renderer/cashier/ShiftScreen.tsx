import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { ShiftReport, ShiftSnapshot } from '../../shared/domain/shift';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL, type ApprovalInput } from './ApprovalFields';
import { checkAmount } from './amountEntry';

/**
 * The terminal's shift (issue 14): open with the float, paid-in / paid-out / no-sale with a reason,
 * close on a blind count (the expected drawer is not shown while counting), the 交班单 and its print.
 */
export function ShiftScreen({ currency, locale }: { readonly currency: string; readonly locale: string }) {
  const { t } = useTranslation();
  const [shift, setShift] = useState<ShiftSnapshot | null>(null);
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [floatText, setFloatText] = useState('');
  const [moveText, setMoveText] = useState('');
  const [reason, setReason] = useState('');
  const [countText, setCountText] = useState('');
  const [approval, setApproval] = useState<ApprovalInput>(EMPTY_APPROVAL);
  const [needsApproval, setNeedsApproval] = useState<number | null>(null);

  useEffect(() => {
    void call('cashier', 'shift:current', {}).then((r) => r.ok && setShift(r.value));
    return getBridge('cashier').on('shift:changed', setShift);
  }, []);

  const run = useCallback(async <T,>(p: Promise<{ ok: true; value: T } | { ok: false; error: IpcError }>): Promise<T | null> => {
    setError(null);
    setNote(null);
    const r = await p;
    if (r.ok) return r.value;
    setError(r.error);
    return null;
  }, []);
  const minorOf = (text: string): number | null => {
    const c = checkAmount(text, currency, locale);
    return c.ok ? c.money.minor : text.trim() === '0' ? 0 : null;
  };
  const fmt = (minor: number): string => (minor < 0 ? `-${formatMajor(money(-minor, currency))}` : formatMajor(money(minor, currency, { allowZero: true })));

  const openShift = async (): Promise<void> => {
    const m = minorOf(floatText);
    if (m === null) return setError({ code: 'CASH_OUT_OF_RANGE', message: '', retryable: false });
    const s = await run(call('cashier', 'shift:open', { float: { totalMinor: m } }));
    if (s) {
      setShift(s);
      setReport(null);
      setFloatText('');
    }
  };
  const move = async (kind: 'paidIn' | 'paidOut'): Promise<void> => {
    const m = minorOf(moveText);
    if (m === null) return setError({ code: 'CASH_OUT_OF_RANGE', message: '', retryable: false });
    const s = await run(call('cashier', 'shift:cashMovement', { kind, amountMinor: m, reason }));
    if (s) {
      setShift(s);
      setMoveText('');
      setReason('');
    }
  };
  const noSale = async (): Promise<void> => {
    const s = await run(call('cashier', 'shift:noSale', { reason }));
    if (s) {
      setShift(s);
      setReason('');
    }
  };
  const close = async (withApproval: boolean): Promise<void> => {
    const m = minorOf(countText);
    if (m === null) return setError({ code: 'COUNT_INVALID', message: '', retryable: false });
    setError(null);
    const r = withApproval
      ? await call('cashier', 'shift:closeApproved', { count: { totalMinor: m }, approval })
      : await call('cashier', 'shift:close', { count: { totalMinor: m } });
    if (!r.ok) {
      setError(r.error);
      const v = r.error.details?.varianceMinor;
      if (r.error.code === 'VARIANCE_NEEDS_APPROVAL' && typeof v === 'number') setNeedsApproval(v);
      return;
    }
    setReport(r.value);
    setShift(null);
    setCountText('');
    setNeedsApproval(null);
    setApproval(EMPTY_APPROVAL);
  };
  const print = async (): Promise<void> => {
    const job = await run(call('cashier', 'shift:print', { shiftId: report?.shift.shiftId ?? shift?.shiftId, locale: locale === 'en' ? 'en' : 'zh-CN' }));
    if (job) setNote(t('shifts.printed'));
  };
  const showReport = async (): Promise<void> => {
    const r = await run(call('cashier', 'shift:report', {}));
    if (r) setReport(r);
  };

  return (
    <section className="admin-screen shift-screen" data-testid="shift-screen" aria-label={t('shifts.title')}>
      <h2>{t('shifts.title')}</h2>
      {error && (
        <div className="flow-error" role="alert" data-testid="shift-error" data-code={error.code}>
          {t(`shifts.errors.${error.code}`, { defaultValue: error.message })}
        </div>
      )}
      {note && <p className="state-hint" data-testid="shift-note">{note}</p>}
      <div className="admin-column wide shift-columns">
        {!shift && (
          <form className="card" onSubmit={(e) => (e.preventDefault(), void openShift())}>
            <p>{t('shifts.none')}</p>
            <label className="field">
              <span>{t('shifts.floatLabel')}</span>
              <input inputMode="decimal" autoComplete="off" maxLength={16} value={floatText} data-testid="shift-float" onChange={(e) => setFloatText(e.target.value)} />
            </label>
            <button type="submit" className="btn btn-primary" data-testid="shift-open">{t('shifts.open')}</button>
          </form>
        )}
        {shift && (
          <div className="card" data-testid="shift-open-card">
            <p data-testid="shift-since">{t('shifts.openedBy', { time: new Date(shift.openedAt).toLocaleTimeString(locale), name: shift.cashierName })}</p>
            <p>{t('shifts.float')} {fmt(shift.floatMinor)}</p>
            <div className="row">
              <label className="field">
                <span>{t('shifts.amount')}</span>
                <input inputMode="decimal" autoComplete="off" maxLength={16} value={moveText} data-testid="shift-move-amount" onChange={(e) => setMoveText(e.target.value)} />
              </label>
              <label className="field">
                <span>{t('shifts.reason')}</span>
                <input autoComplete="off" maxLength={256} value={reason} data-testid="shift-reason" onChange={(e) => setReason(e.target.value)} />
              </label>
            </div>
            <div className="row">
              <button type="button" className="btn" data-testid="shift-paid-in" onClick={() => void move('paidIn')}>{t('shifts.paidIn')}</button>
              <button type="button" className="btn" data-testid="shift-paid-out" onClick={() => void move('paidOut')}>{t('shifts.paidOut')}</button>
              <button type="button" className="btn" data-testid="shift-no-sale" onClick={() => void noSale()}>{t('shifts.noSale')}</button>
            </div>
          </div>
        )}
        {shift && (
          <form className="card" onSubmit={(e) => (e.preventDefault(), void close(needsApproval !== null))}>
            <h3>{t('shifts.closeTitle')}</h3>
            <p className="state-hint">{t('shifts.countHint')}</p>
            <label className="field">
              <span>{t('shifts.countTotal')}</span>
              <input inputMode="decimal" autoComplete="off" maxLength={16} value={countText} data-testid="shift-count" onChange={(e) => setCountText(e.target.value)} />
            </label>
            {needsApproval !== null && (
              <>
                <p className="warn" data-testid="shift-needs-approval">{t('shifts.needsApproval', { variance: fmt(needsApproval) })}</p>
                <ApprovalFields value={approval} onChange={setApproval} testId="shift-approval" />
              </>
            )}
            <div className="row">
              <button type="submit" className="btn btn-primary" data-testid="shift-close" disabled={needsApproval !== null && !approvalLooksValid(approval)}>
                {needsApproval !== null ? t('shifts.closeApproved') : t('shifts.close')}
              </button>
              <button type="button" className="btn" data-testid="shift-show-report" onClick={() => void showReport()}>{t('shifts.report')}</button>
            </div>
          </form>
        )}
        {report && (
          <div className="card shift-report" data-testid="shift-report">
            <h3>{t('shifts.report')}</h3>
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
              <div><dt>{t('shifts.counted')}</dt><dd>{report.cash.counted === null ? '—' : fmt(report.cash.counted)}</dd></div>
              {report.cash.variance !== null && <div><dt>{t('shifts.variance')}</dt><dd data-testid="report-variance">{fmt(report.cash.variance)}</dd></div>}
            </dl>
            <button type="button" className="btn" data-testid="shift-print" onClick={() => void print()}>{t('shifts.print')}</button>
          </div>
        )}
      </div>
    </section>
  );
}

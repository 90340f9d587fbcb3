import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { ShiftReport, ShiftSnapshot } from '../../shared/domain/shift';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { useCommand } from '../api/useCommand';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL, type ApprovalInput } from './ApprovalFields';
import { checkAmount } from './amountEntry';
import { CashCountFields } from './CashCountFields';
import { checkCount, draftFor, type CountDraft } from './cashCount';
import { HandOver } from './HandOver';
import { ShiftReportCard } from './ShiftReportCard';

/**
 * The terminal's shift (issue 14): open with the float (per note and coin or as a total), paid-in /
 * paid-out / no-sale with a reason, close on a blind count (the expected drawer is not shown while
 * counting) or hand it over (交班) to the next cashier, the 交班单 and its print.
 */
export function ShiftScreen({ currency, locale }: { readonly currency: string; readonly locale: string }) {
  const { t } = useTranslation();
  const [shift, setShift] = useState<ShiftSnapshot | null>(null);
  const [report, setReport] = useState<ShiftReport | null>(null);
  const { error, run, setError } = useCommand();
  const [note, setNote] = useState<string | null>(null);
  const [floatDraft, setFloatDraft] = useState<CountDraft>(() => draftFor(currency));
  const [moveText, setMoveText] = useState('');
  const [reason, setReason] = useState('');
  const [countDraft, setCountDraft] = useState<CountDraft>(() => draftFor(currency));
  const [approval, setApproval] = useState<ApprovalInput>(EMPTY_APPROVAL);
  const [needsApproval, setNeedsApproval] = useState<number | null>(null);
  const [handingOver, setHandingOver] = useState(false);

  useEffect(() => {
    void call('cashier', 'shift:current', {}).then((r) => r.ok && setShift(r.value));
    return getBridge('cashier').on('shift:changed', setShift);
  }, []);

  const refuse = (code: IpcError['code']): void => setError({ code, message: '', retryable: false });
  const fmt = (minor: number): string => (minor < 0 ? `-${formatMajor(money(-minor, currency))}` : formatMajor(money(minor, currency, { allowZero: true })));
  const minorOf = (text: string): number | null => {
    const c = checkAmount(text, currency, locale);
    return c.ok ? c.money.minor : text.trim() === '0' ? 0 : null;
  };

  const openShift = async (): Promise<void> => {
    setNote(null);
    const c = checkCount(floatDraft, currency, locale);
    if (!c.ok) return refuse(c.problem === 'pieces' ? 'COUNT_INVALID' : 'CASH_OUT_OF_RANGE');
    await run(call('cashier', 'shift:open', { float: c.input }), (s) => {
      setShift(s);
      setReport(null);
      setFloatDraft(draftFor(currency));
    });
  };
  const move = async (kind: 'paidIn' | 'paidOut'): Promise<void> => {
    setNote(null);
    const m = minorOf(moveText);
    if (m === null) return refuse('CASH_OUT_OF_RANGE');
    await run(call('cashier', 'shift:cashMovement', { kind, amountMinor: m, reason }), (s) => {
      setShift(s);
      setMoveText('');
      setReason('');
    });
  };
  const noSale = async (): Promise<void> => {
    setNote(null);
    await run(call('cashier', 'shift:noSale', { reason }), (s) => {
      setShift(s);
      setReason('');
    });
  };
  const close = async (withApproval: boolean): Promise<void> => {
    setNote(null);
    const c = checkCount(countDraft, currency, locale);
    if (!c.ok) return refuse(c.problem === 'pieces' || c.problem === 'notAnAmount' ? 'COUNT_INVALID' : 'CASH_OUT_OF_RANGE');
    const sent = withApproval ? call('cashier', 'shift:closeApproved', { count: c.input, approval }) : call('cashier', 'shift:close', { count: c.input });
    await run(
      sent,
      (r) => {
        setReport(r);
        setShift(null);
        setCountDraft(draftFor(currency));
        setNeedsApproval(null);
        setApproval(EMPTY_APPROVAL);
      },
      (e) => {
        const v = e.details?.varianceMinor;
        if (e.code === 'VARIANCE_NEEDS_APPROVAL' && typeof v === 'number') setNeedsApproval(v);
      },
    );
  };
  const print = async (): Promise<void> => {
    setNote(null);
    await run(call('cashier', 'shift:print', { shiftId: report?.shift.shiftId ?? shift?.shiftId, locale: locale === 'en' ? 'en' : 'zh-CN' }), () => setNote(t('shifts.printed')));
  };
  const showReport = async (): Promise<void> => {
    setNote(null);
    await run(call('cashier', 'shift:report', {}), setReport);
  };

  if (handingOver && shift) {
    return (
      <HandOver
        currency={currency}
        locale={locale}
        onCancel={() => setHandingOver(false)}
        onDone={(r) => {
          setHandingOver(false);
          setShift(r.opened);
          setReport(r.closed);
          setNote(t('tillday.handOver.done', { name: r.opened.cashierName, float: fmt(r.opened.floatMinor) }));
        }}
      />
    );
  }

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
            <h3>{t('tillday.count.floatTitle')}</h3>
            <CashCountFields draft={floatDraft} onChange={(d) => (setFloatDraft(d), setError(null))} currency={currency} locale={locale} testId="shift-float" />
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
            <button type="button" className="btn btn-primary" data-testid="shift-hand-over" onClick={() => (setError(null), setNote(null), setHandingOver(true))}>
              {t('tillday.handOver.start')}
            </button>
          </div>
        )}
        {shift && (
          <form className="card" onSubmit={(e) => (e.preventDefault(), void close(needsApproval !== null))}>
            <h3>{t('shifts.closeTitle')}</h3>
            <p className="state-hint">{t('shifts.countHint')}</p>
            <CashCountFields draft={countDraft} onChange={(d) => (setCountDraft(d), setError(null))} currency={currency} locale={locale} testId="shift-count" />
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
        {report && <ShiftReportCard report={report} fmt={fmt} onPrint={() => void print()} />}
      </div>
    </section>
  );
}

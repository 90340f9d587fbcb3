import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { ShiftReport, ShiftSnapshot } from '../../shared/domain/shift';
import { call } from '../api/bridge';
import { useCommand } from '../api/useCommand';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL, type ApprovalInput } from './ApprovalFields';
import { CashCountFields } from './CashCountFields';
import { checkCount, draftFor, type CountDraft } from './cashCount';
import { PinField } from './PinField';
import { useScreenKeys } from './screenKeys';

type Step = 'count' | 'next';

/**
 * 交班 in one guided flow: the outgoing cashier counts the drawer blind, the incoming cashier signs
 * in, and the station closes the one shift and opens the next with the counted cash as its float
 * (shift:handOver, audited). Nothing changes until the last step is accepted: a wrong PIN or a
 * variance needing a supervisor leaves the shift open and the count on screen.
 */
export function HandOver({ currency, locale, onCancel, onDone }: {
  readonly currency: string;
  readonly locale: string;
  readonly onCancel: () => void;
  readonly onDone: (r: { readonly closed: ShiftReport; readonly opened: ShiftSnapshot }) => void;
}) {
  const { t } = useTranslation();
  const { busy, error, run, setError } = useCommand();
  const [step, setStep] = useState<Step>('count');
  const [draft, setDraft] = useState<CountDraft>(() => draftFor(currency));
  const [nextId, setNextId] = useState('');
  const [nextPin, setNextPin] = useState('');
  const [approval, setApproval] = useState<ApprovalInput>(EMPTY_APPROVAL);
  const [variance, setVariance] = useState<number | null>(null);
  const check = checkCount(draft, currency, locale);

  useScreenKeys((k) => {
    if (k.key === 'Escape') {
      if (step === 'next') setStep('count');
      else onCancel();
    }
  });

  const toNext = (): void => {
    if (!check.ok) return setError({ code: check.problem === 'negative' ? 'CASH_OUT_OF_RANGE' : 'COUNT_INVALID', message: '', retryable: false });
    setError(null);
    setStep('next');
  };
  const submit = (): void => {
    if (!check.ok || busy) return;
    const next = { shortId: nextId.trim(), pin: nextPin };
    const sent = variance !== null
      ? call('cashier', 'shift:handOverApproved', { count: check.input, next, approval })
      : call('cashier', 'shift:handOver', { count: check.input, next });
    void run(sent, onDone, (e) => {
      setNextPin('');
      const v = e.details?.varianceMinor;
      if (e.code === 'VARIANCE_NEEDS_APPROVAL' && typeof v === 'number') setVariance(v);
      if (e.code === 'PIN_REJECTED') setApproval((a) => ({ ...a, pin: '' }));
    });
  };
  const signed = (minor: number): string => `${minor < 0 ? '-' : '+'}${formatMajor(money(Math.abs(minor), currency))}`;

  return (
    <section className="admin-screen shift-screen hand-over" data-testid="hand-over" data-step={step} aria-label={t('tillday.handOver.title')}>
      <h2>{t('tillday.handOver.title')}</h2>
      <ol className="steps" aria-label={t('tillday.handOver.title')}>
        <li aria-current={step === 'count' ? 'step' : undefined}>{t('tillday.handOver.step1')}</li>
        <li aria-current={step === 'next' ? 'step' : undefined}>{t('tillday.handOver.step2')}</li>
      </ol>
      {error && (
        <div className="flow-error" role="alert" data-testid="hand-over-error" data-code={error.code}>
          {t(`tillday.errors.${error.code}`, { defaultValue: t(`shifts.errors.${error.code}`, { defaultValue: error.message }) })}
        </div>
      )}
      <div className="admin-column wide shift-columns">
        {step === 'count' && (
          <form className="card" onSubmit={(e) => (e.preventDefault(), toNext())}>
            <p className="state-hint">{t('tillday.handOver.countHint')}</p>
            <CashCountFields draft={draft} onChange={(d) => (setDraft(d), setError(null))} currency={currency} locale={locale} testId="hand-over-count" />
            <div className="row">
              <button type="submit" className="btn btn-primary" data-testid="hand-over-to-next">{t('tillday.handOver.toNext')}</button>
              <button type="button" className="btn" data-testid="hand-over-cancel" onClick={onCancel}>{t('admin.cancel')} <kbd>{t('keycap.esc')}</kbd></button>
            </div>
          </form>
        )}
        {step === 'next' && check.ok && (
          <form className="card" onSubmit={(e) => (e.preventDefault(), submit())}>
            <p data-testid="hand-over-counted">{t('tillday.handOver.counted', { total: `${currency} ${formatMajor(money(check.totalMinor, currency, { allowZero: true }))}` })}</p>
            <p className="state-hint">{t('tillday.handOver.nextHint')}</p>
            <div className="row">
              <label className="field">
                <span>{t('tillday.handOver.nextId')}</span>
                <input autoFocus autoComplete="off" maxLength={8} value={nextId} data-testid="hand-over-next-id" onChange={(e) => setNextId(e.target.value)} />
              </label>
              <PinField value={nextPin} onChange={setNextPin} testId="hand-over-next-pin" label={t('tillday.handOver.nextPin')} />
            </div>
            {variance !== null && (
              <>
                <p className="warn" data-testid="hand-over-needs-approval">{t('shifts.needsApproval', { variance: signed(variance) })}</p>
                <ApprovalFields value={approval} onChange={setApproval} testId="hand-over-approval" />
              </>
            )}
            <div className="row">
              <button type="submit" className="btn btn-primary" data-testid="hand-over-submit" disabled={busy || nextId.trim() === '' || !/^\d{4,12}$/.test(nextPin) || (variance !== null && !approvalLooksValid(approval))}>
                {t('tillday.handOver.submit')}
              </button>
              <button type="button" className="btn" data-testid="hand-over-back" onClick={() => setStep('count')}>{t('tillday.handOver.back')} <kbd>{t('keycap.esc')}</kbd></button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttemptSnapshot } from '../../shared/domain/payment';
import type { ReceiptPreview } from '../../shared/ipc/commands/receipt';
import type { Locale } from '../../shared/domain/station';
import { call } from '../api/bridge';
import { Amount } from '../components/Amount';
import { playSound } from '../components/sounds';
import { paymentView } from './paymentView';

/** Paid / declined / cancelled, big and unmistakable, with the receipt preview for a paid sale. */
export function ResultPanel({ attempt, locale, onNext, onVoid }: { readonly attempt: AttemptSnapshot; readonly locale: Locale; readonly onNext: () => void; readonly onVoid: () => void }) {
  const { t } = useTranslation();
  const v = paymentView(attempt);
  const [preview, setPreview] = useState<ReceiptPreview | null>(null);
  const [reprinted, setReprinted] = useState(false);

  useEffect(() => {
    if (v.sound) playSound(v.sound);
  }, [attempt.paymentRequestId, v.sound]);

  useEffect(() => {
    if (attempt.status !== 'succeeded') return;
    void call('cashier', 'receipt:preview', { paymentRequestId: attempt.paymentRequestId }).then((r) => r.ok && setPreview(r.value));
  }, [attempt.paymentRequestId, attempt.status]);

  const reprint = (): void => {
    void call('cashier', 'receipt:reprint', { paymentRequestId: attempt.paymentRequestId }).then((r) => setReprinted(r.ok));
  };
  const message = attempt.message ? attempt.message[locale] : null;
  const paid = attempt.status === 'succeeded';
  return (
    <section className={`result-panel tone-${v.tone}`} data-testid="result-panel" data-status={attempt.status} aria-live="assertive">
      <div className="result-main">
        <div className="state-title huge" data-testid="result-state">
          {t(`payment.state.${attempt.status}`)}
        </div>
        <Amount money={attempt.amount} className="big" />
        {!paid && message && (
          <p className="result-message" data-testid="result-message">
            {message}
            {attempt.resultCode ? <span className="result-code">{` (${attempt.resultCode})`}</span> : null}
          </p>
        )}
        <p className="state-hint">{t(`payment.hint.${attempt.status}`)}</p>
        <div className="result-actions">
          <button type="button" className="btn btn-primary btn-large" data-testid="result-next" onClick={onNext}>
            {paid || attempt.status === 'cancelled' || attempt.status === 'reversed' ? t('payment.newSale') : t('payment.tryAgain')} <kbd>{t('keycap.enter')}</kbd>
          </button>
          {!paid && attempt.status === 'failed' && (
            <button type="button" className="btn btn-large" data-testid="result-void" onClick={onVoid}>
              {t('payment.voidSale')} <kbd>{t('keycap.esc')}</kbd>
            </button>
          )}
          {paid && (
            <button type="button" className="btn btn-large" data-testid="reprint" onClick={reprint}>
              {reprinted ? t('payment.reprinted') : t('payment.reprint')} <kbd>{'F9'}</kbd>
            </button>
          )}
        </div>
      </div>
      {paid && preview && (
        <figure className="receipt-preview" data-testid="receipt-preview" aria-label={t('payment.receipt')}>
          <pre>{preview.lines.join('\n')}</pre>
        </figure>
      )}
    </section>
  );
}

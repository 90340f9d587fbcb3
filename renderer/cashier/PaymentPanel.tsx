import { useTranslation } from 'react-i18next';
import type { AttemptSnapshot } from '../../shared/domain/payment';
import { Amount } from '../components/Amount';
import { Countdown } from '../components/Countdown';
import { QrCode } from '../components/QrCode';
import { paymentView } from './paymentView';

/** The big live state of a payment in progress: what is happening, how long is left, and Cancel. */
export function PaymentPanel({ attempt, onCancel, cancelling }: { readonly attempt: AttemptSnapshot; readonly onCancel: () => void; readonly cancelling: boolean }) {
  const { t } = useTranslation();
  const v = paymentView(attempt);
  const hint = attempt.scenario === 'OrderCode' && attempt.status === 'awaitingCustomer' ? 'awaitingQr' : attempt.status;
  return (
    <section className={`payment-panel tone-${v.tone}`} data-testid="payment-panel" data-status={attempt.status} aria-live="assertive">
      <div className="state-title" data-testid="payment-state">
        {t(`payment.state.${attempt.status}`)}
      </div>
      <Amount money={attempt.amount} className="big" />
      <p className="state-hint">{t(`payment.hint.${hint}`)}</p>
      {attempt.codeTail && <p className="code-tail">{t('payment.code', { tail: attempt.codeTail })}</p>}
      {attempt.qr && attempt.status === 'awaitingCustomer' && <QrCode value={attempt.qr.codeValue} size={160} label={t('payment.qrLabel')} />}
      {v.countdownTo !== null && <Countdown to={v.countdownTo} />}
      {!v.handOver && <p className="do-not-hand-over" data-testid="do-not-hand-over">{t('payment.doNotHandOver')}</p>}
      {v.canCancel && (
        <button type="button" className="btn btn-danger btn-large" data-testid="cancel-payment" disabled={cancelling} onClick={onCancel}>
          {t('payment.cancel')} <kbd>{t('keycap.esc')}</kbd>
        </button>
      )}
    </section>
  );
}

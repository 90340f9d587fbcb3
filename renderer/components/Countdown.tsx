import { useTranslation } from 'react-i18next';
import { formatCountdown } from '../cashier/paymentView';
import { useNow } from './useNow';

/** Time left until `to` (epoch ms), turning urgent in the last 30 seconds. */
export function Countdown({ to }: { readonly to: number }) {
  const { t } = useTranslation();
  const left = to - useNow();
  return (
    <div className={`countdown${left < 30_000 ? ' urgent' : ''}`} data-testid="countdown" role="timer" aria-live="off">
      <span className="countdown-label">{t('payment.expiresIn')}</span>
      <span className="countdown-value">{formatCountdown(left)}</span>
    </div>
  );
}

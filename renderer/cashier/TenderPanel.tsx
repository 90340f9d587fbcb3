import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { Amount } from '../components/Amount';

/** The sale is open: waiting for the customer's code from a scanner, or the cashier shows a QR. */
export function TenderPanel({ sale, busy, fromTill, onShowQr, onChangeAmount, onManualCode, onCash }: {
  readonly sale: SaleSnapshot;
  /** A till's amount: the cashier cannot change it, only send it back (the till hears "cancelled"). */
  readonly fromTill: boolean;
  readonly busy: boolean;
  readonly onShowQr: () => void;
  readonly onChangeAmount: () => void;
  readonly onManualCode: (code: string) => void;
  /** Cash for this sale (issue 14): all of it, or a part with the rest by Alipay. */
  readonly onCash?: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  return (
    <section className="tender-panel tone-waiting" data-testid="tender-panel">
      <Amount money={sale.takenMinor > 0 ? { minor: sale.dueMinor, currency: sale.amount.currency } : sale.amount} className="big" />
      {sale.takenMinor > 0 && <p className="state-hint" data-testid="split-due">{t('shifts.due')}</p>}
      <div className="state-title" data-testid="waiting-scan">
        {t('sale.waitingScan')}
      </div>
      <p className="state-hint">{t('sale.scanHint')}</p>
      <div className="tender-actions">
        <button type="button" className="btn btn-primary btn-large" data-testid="show-qr" disabled={busy} onClick={onShowQr}>
          {t('sale.showQr')} <kbd>{'F8'}</kbd>
        </button>
        {onCash && (
          <button type="button" className="btn btn-large" data-testid="tender-cash" disabled={busy} onClick={onCash}>
            {t('shifts.cashKey')} <kbd>{'F7'}</kbd>
          </button>
        )}
        <button type="button" className="btn btn-large" data-testid="change-amount" disabled={busy || sale.takenMinor > 0} onClick={onChangeAmount}>
          {fromTill ? t('till.sendBack') : t('sale.changeAmount')} <kbd>{t('keycap.esc')}</kbd>
        </button>
      </div>
      <form
        className="manual-code"
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim() !== '') onManualCode(code.trim());
          setCode('');
        }}
      >
        <label htmlFor="manual-code">{t('sale.manualCode')}</label>
        <input id="manual-code" inputMode="numeric" autoComplete="off" value={code} maxLength={32} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} data-testid="manual-code" />
        <button type="submit" className="btn" disabled={busy || code === ''}>
          {t('sale.manualSubmit')}
        </button>
      </form>
    </section>
  );
}

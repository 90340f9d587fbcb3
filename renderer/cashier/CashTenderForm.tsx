import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { SaleSnapshot } from '../../shared/domain/payment';
import type { CashTendered } from '../../shared/ipc/commands/shift';
import { call } from '../api/bridge';
import { useCommand } from '../api/useCommand';
import { Amount } from '../components/Amount';
import { checkAmount } from './amountEntry';

/**
 * Cash for the sale on the counter: the cashier types what the customer handed over; the change is
 * previewed as they type (the station decides it). "Take as part" leaves the rest to Alipay (split).
 */
export function CashTenderForm({ sale, locale, onDone, onBack }: {
  readonly sale: SaleSnapshot;
  readonly locale: string;
  readonly onDone: (r: CashTendered) => void;
  readonly onBack: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const { busy, error, run } = useCommand();
  const currency = sale.amount.currency;
  const due = money(sale.dueMinor, currency, { allowZero: true });
  const check = checkAmount(text, currency, locale);
  const tendered = check.ok ? check.money.minor : null;
  const change = tendered !== null && tendered >= sale.dueMinor ? money(tendered - sale.dueMinor, currency, { allowZero: true }) : null;

  const submit = async (mode: 'full' | 'part', minor: number | null = tendered): Promise<void> => {
    if (minor === null || busy) return;
    const r = await run(call('cashier', 'sale:tenderCash', { saleId: sale.saleId, tenderedMinor: minor, mode }));
    if (r) onDone(r);
  };

  return (
    <section className="tender-panel cash-tender" data-testid="cash-tender" aria-label={t('shifts.cash')}>
      <div className="cash-due">
        <span>{t('shifts.due')}</span> <Amount money={due} className="big" />
      </div>
      {sale.takenMinor > 0 && (
        <p className="state-hint" data-testid="cash-taken">
          {t('shifts.taken')} {formatMajor(money(sale.takenMinor, currency))}
        </p>
      )}
      <form
        className="cash-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit('full');
        }}
      >
        <label className="field">
          <span>{t('shifts.tendered')}</span>
          <input autoFocus inputMode="decimal" autoComplete="off" maxLength={16} value={text} data-testid="cash-tendered" onChange={(e) => setText(e.target.value)} />
        </label>
        <p className="cash-change-preview" data-testid="cash-change-preview" aria-live="polite">
          {change ? t('shifts.changePreview', { change: formatMajor(change) }) : '\u00a0'}
        </p>
        {error && (
          <div className="flow-error" role="alert" data-testid="cash-error" data-code={error.code}>
            {t(`shifts.errors.${error.code}`, { defaultValue: error.message })}
          </div>
        )}
        <div className="tender-actions">
          <button type="submit" className="btn btn-primary btn-large" data-testid="cash-take" disabled={busy || tendered === null}>
            {t('shifts.takeCash')} <kbd>{t('keycap.enter')}</kbd>
          </button>
          <button type="button" className="btn btn-large" data-testid="cash-exact" disabled={busy} onClick={() => void submit('full', sale.dueMinor)}>
            {t('shifts.exact')}
          </button>
          <button type="button" className="btn btn-large" data-testid="cash-part" disabled={busy || tendered === null} onClick={() => void submit('part')}>
            {t('shifts.takePart')}
          </button>
          <button type="button" className="btn btn-large" data-testid="cash-back" disabled={busy} onClick={onBack}>
            {t('shifts.back')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The change to hand back, big, until the cashier moves on. */
export function ChangePanel({ result, onNext }: { readonly result: CashTendered; readonly onNext: () => void }) {
  const { t } = useTranslation();
  const currency = result.sale.amount.currency;
  return (
    <section className="tender-panel tone-ok change-panel" data-testid="change-panel">
      <div className="state-title">{t('shifts.change')}</div>
      <div className="change-amount" data-testid="change-amount">
        <Amount money={money(result.changeMinor, currency, { allowZero: true })} className="huge" />
      </div>
      <p className="state-hint">{t('shifts.giveChange')}</p>
      <button type="button" className="btn btn-primary btn-large" data-testid="change-next" autoFocus onClick={onNext}>
        {t('shifts.nextSale')}
      </button>
    </section>
  );
}

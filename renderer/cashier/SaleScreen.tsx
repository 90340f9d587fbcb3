import { useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, isCurrencyCode } from '../../shared/domain/currency';
import { AmountKeypad } from './AmountKeypad';
import { checkAmount, type AmountKey } from './amountEntry';

/**
 * Amount entry. The typed text lives in the sale flow (keys reach it from the shell's keyboard
 * router), so this component only shows it and offers the same keys on screen.
 */
export function SaleScreen({ currency, locale, text, disabled, busy, onKey, onCharge }: {
  readonly currency: string;
  /** Decides what a lone "1,234" means (parseAmount.ts). */
  readonly locale: string;
  readonly text: string;
  readonly disabled: boolean;
  readonly busy: boolean;
  readonly onKey: (k: AmountKey) => void;
  readonly onCharge: () => void;
}) {
  const { t } = useTranslation();
  // A user-timing mark after each amount change: the bench finds it in a Chromium trace and measures
  // keypress → paint from it. Marks cost nothing when nobody traces. A layout effect: the mark is
  // set when the DOM holds the new amount, before the browser paints it.
  useLayoutEffect(() => {
    performance.mark('pos:amount-rendered');
  }, [text]);
  const check = checkAmount(text, currency, locale);
  const problem = check.ok ? null : check.reason === 'zero' ? t('errors.zero') : check.reason === 'ambiguous' ? t('amountText.ambiguous') : check.reason === 'empty' ? null : t('amountText.invalid');
  const exp = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  const shown = text === '' ? (exp === 0 ? '0' : `0.${'0'.repeat(exp)}`) : text;
  return (
    <section className="sale" aria-label={t('keypad.amount')}>
      <div className="amount-display" data-testid="amount-display" aria-live="polite">
        <span className="currency">{currency}</span>
        <span className="value">{shown}</span>
      </div>
      <p className={`amount-hint${problem ? ' warn' : ''}`} data-testid="amount-hint" data-problem={check.ok ? undefined : check.reason}>
        {problem ?? t('keypad.hint')}
      </p>
      <AmountKeypad onKey={onKey} canCharge={check.ok && !disabled && !busy} onCharge={onCharge} />
      <p className="keys-hint">{t('keypad.keys')}</p>
    </section>
  );
}

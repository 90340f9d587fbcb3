import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent, isCurrencyCode } from '../../shared/domain/currency';
import { AmountKeypad } from './AmountKeypad';
import { checkAmount, keyFromKeyboard, pressKey, type AmountKey } from './amountEntry';

/** The amount entry: keyboard-first (digits, point, Backspace, Esc, Enter), the same keys on screen. */
export function SaleScreen({ currency, disabled, onCharge }: { readonly currency: string; readonly disabled: boolean; readonly onCharge?: (minor: number) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const check = checkAmount(text, currency);
  const exp = isCurrencyCode(currency) ? currencyExponent(currency) : 2;

  const apply = (k: AmountKey): void => setText((cur) => pressKey(cur, k, currency));
  const charge = (): void => {
    if (check.ok && !disabled) onCharge?.(check.money.minor);
  };

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        charge();
        return;
      }
      const k = keyFromKeyboard(e.key);
      if (k) {
        e.preventDefault();
        apply(k);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  const shown = text === '' ? (exp === 0 ? '0' : `0.${'0'.repeat(exp)}`) : text;
  return (
    <section className="sale" aria-label={t('keypad.amount')}>
      <div className="amount-display" data-testid="amount-display" aria-live="polite">
        <span className="currency">{currency}</span>
        <span className="value">{shown}</span>
      </div>
      <p className={`amount-hint${!check.ok && check.reason === 'zero' ? ' warn' : ''}`} data-testid="amount-hint">
        {!check.ok && check.reason === 'zero' ? t('errors.zero') : t('keypad.hint')}
      </p>
      <AmountKeypad onKey={apply} canCharge={check.ok && !disabled} onCharge={charge} />
      <p className="keys-hint">{t('keypad.keys')}</p>
    </section>
  );
}

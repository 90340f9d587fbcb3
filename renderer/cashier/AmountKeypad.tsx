import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AmountKey } from './amountEntry';

/** A symbol, not a word: the same in every language. */
const BACKSPACE_GLYPH = '⌫';

const KEYS: ReadonlyArray<{ key: AmountKey; label: string }> = [
  { key: '7', label: '7' }, { key: '8', label: '8' }, { key: '9', label: '9' },
  { key: '4', label: '4' }, { key: '5', label: '5' }, { key: '6', label: '6' },
  { key: '1', label: '1' }, { key: '2', label: '2' }, { key: '3', label: '3' },
  { key: '00', label: '00' }, { key: '0', label: '0' }, { key: '.', label: '.' },
];

/**
 * Touch keypad; the physical keyboard drives the same pressKey logic from the parent. Memoised: a
 * typed digit re-renders only the amount display, not fifteen buttons (keypress → paint).
 */
export const AmountKeypad = memo(function AmountKeypad({ onKey, canCharge, onCharge }: { readonly onKey: (k: AmountKey) => void; readonly canCharge: boolean; readonly onCharge: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="keypad" data-testid="keypad">
      {KEYS.map((k) => (
        <button key={k.key} type="button" className="key" data-testid={`key-${k.key}`} onClick={() => onKey(k.key)}>
          {k.label}
        </button>
      ))}
      <button type="button" className="key key-fn" data-testid="key-back" onClick={() => onKey('back')} aria-label={t('keypad.backspace')}>
        {BACKSPACE_GLYPH}
      </button>
      <button type="button" className="key key-fn" data-testid="key-clear" onClick={() => onKey('clear')}>
        {t('keypad.clear')} <kbd>{t('keycap.esc')}</kbd>
      </button>
      <button type="button" className="key key-charge" data-testid="key-charge" disabled={!canCharge} onClick={onCharge}>
        {t('keypad.charge')} <kbd>{t('keycap.enter')}</kbd>
      </button>
    </div>
  );
});

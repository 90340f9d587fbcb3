import { useTranslation } from 'react-i18next';

/** The supervisor PIN: digits only, masked, with a numeric keyboard on touch screens. */
export function PinField({ value, onChange, testId, label, invalid }: { readonly value: string; readonly onChange: (v: string) => void; readonly testId: string; readonly label?: string; readonly invalid?: boolean }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{label ?? t('admin.pin')}</span>
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="\d{4,12}"
        maxLength={12}
        value={value}
        data-testid={testId}
        aria-invalid={invalid === true ? true : undefined}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
      />
    </label>
  );
}

import { useTranslation } from 'react-i18next';
import { PinField } from './PinField';

export interface ApprovalInput {
  readonly shortId: string;
  readonly pin: string;
}

export const EMPTY_APPROVAL: ApprovalInput = { shortId: '', pin: '' };

/** True when both fields look right; the station checks the account, its role and its lockout. */
export function approvalLooksValid(a: ApprovalInput): boolean {
  return /^[A-Za-z0-9]{1,8}$/.test(a.shortId) && /^\d{4,12}$/.test(a.pin);
}

/** A supervisor's approval at the counter: their account id and PIN (another account than a cashier's own). */
export function ApprovalFields({ value, onChange, testId }: { readonly value: ApprovalInput; readonly onChange: (v: ApprovalInput) => void; readonly testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="row approval">
      <label className="field">
        <span>{t('account.approverId')}</span>
        <input autoComplete="off" maxLength={8} value={value.shortId} data-testid={`${testId}-id`} onChange={(e) => onChange({ ...value, shortId: e.target.value.trim() })} />
      </label>
      <PinField value={value.pin} onChange={(pin) => onChange({ ...value, pin })} testId={testId} label={t('account.approverPin')} />
    </div>
  );
}

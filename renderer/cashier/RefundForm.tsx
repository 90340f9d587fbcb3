import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { AttemptSnapshot, RefundSnapshot } from '../../shared/domain/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { moneyText } from './adminFormat';
import { checkRefundAmount } from './historyFilters';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL } from './ApprovalFields';

/**
 * Refund of all or part of a paid attempt, approved by a supervisor. The station checks the approval and the refundable
 * amount; this form only stops obvious mistakes before asking.
 */
export function RefundForm({ attempt, onDone, onCancel }: { readonly attempt: AttemptSnapshot; readonly onDone: (r: RefundSnapshot) => void; readonly onCancel: () => void }) {
  const { t } = useTranslation();
  const currency = attempt.amount.currency;
  const full = formatMajor(money(attempt.refundableMinor, currency, { allowZero: true }));
  const [amount, setAmount] = useState(full);
  const [reason, setReason] = useState('');
  const [approval, setApproval] = useState(EMPTY_APPROVAL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [local, setLocal] = useState<string | null>(null);

  const submit = (): void => {
    const a = checkRefundAmount(amount, currency, attempt.refundableMinor);
    if (!a.ok) {
      setLocal(t(`history.refundError.${a.error}`, { max: moneyText(money(attempt.refundableMinor, currency, { allowZero: true })) }));
      return;
    }
    if (!approvalLooksValid(approval)) {
      setLocal(t('history.refundError.pin'));
      return;
    }
    setLocal(null);
    setBusy(true);
    void call('cashier', 'refund:create', { paymentRequestId: attempt.paymentRequestId, amountMinor: a.minor, approval, ...(reason.trim() ? { reason: reason.trim() } : {}) }).then((r) => {
      setBusy(false);
      if (r.ok) onDone(r.value);
      else {
        setError(r.error);
        if (r.error.code === 'PIN_REJECTED') setApproval({ ...approval, pin: '' });
      }
    });
  };

  return (
    <form
      className="refund-form"
      data-testid="refund-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h4>{t('history.refundTitle')}</h4>
      <p className="hint">{t('history.refundable', { amount: moneyText(money(attempt.refundableMinor, currency, { allowZero: true })) })}</p>
      <div className="row">
        <label className="field">
          <span>{t('history.refundAmount', { currency })}</span>
          <input inputMode="decimal" value={amount} data-testid="refund-amount" autoFocus onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="button" className="btn" data-testid="refund-full" onClick={() => setAmount(full)}>
          {t('history.refundFull')}
        </button>
      </div>
      <label className="field">
        <span>{t('history.refundReason')}</span>
        <input value={reason} maxLength={256} data-testid="refund-reason" onChange={(e) => setReason(e.target.value)} />
      </label>
      <ApprovalFields value={approval} onChange={setApproval} testId="refund-pin" />
      {local && (
        <div className="admin-error" role="alert" data-testid="refund-local-error">
          {local}
        </div>
      )}
      <AdminError error={error} testId="refund-error" />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="refund-submit">
          {t('history.refundSubmit')} <kbd>{t('keycap.enter')}</kbd>
        </button>
        <button type="button" className="btn" onClick={onCancel} data-testid="refund-cancel">
          {t('admin.cancel')} <kbd>{t('keycap.esc')}</kbd>
        </button>
      </div>
    </form>
  );
}

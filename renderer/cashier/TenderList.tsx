import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { SaleSnapshot } from '../../shared/domain/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL } from './ApprovalFields';
import { checkAmount } from './amountEntry';

/** A sale's tenders in history (issue 14), and the refund of its cash part out of the drawer. */
export function TenderList({ sale, locale, onSale }: { readonly sale: SaleSnapshot; readonly locale: string; readonly onSale: (s: SaleSnapshot) => void }) {
  const { t } = useTranslation();
  const currency = sale.amount.currency;
  const cashTaken = sale.tenders.reduce((n, x) => (x.kind === 'cash' ? n + x.amount.minor : n), 0);
  const cashRefunded = sale.cashRefunds.reduce((n, c) => n + c.amount.minor, 0);
  const left = cashTaken - cashRefunded;
  const [text, setText] = useState(left > 0 ? formatMajor(money(left, currency)) : '');
  const [approval, setApproval] = useState(EMPTY_APPROVAL);
  const [error, setError] = useState<IpcError | null>(null);
  const check = checkAmount(text, currency, locale);

  const refund = async (): Promise<void> => {
    if (!check.ok) return;
    setError(null);
    const r = await call('cashier', 'refund:cash', { saleId: sale.saleId, amountMinor: check.money.minor, approval });
    if (!r.ok) return setError(r.error);
    const s = await call('cashier', 'sale:get', { saleId: sale.saleId });
    if (s.ok) onSale(s.value);
    setApproval(EMPTY_APPROVAL);
  };

  return (
    <div className="card tender-list" data-testid="tender-list">
      <ul>
        {sale.tenders.map((x) => (
          <li key={x.kind === 'cash' ? x.tenderId : x.paymentRequestId} data-testid="tender-row" data-kind={x.kind}>
            {x.kind === 'cash' ? t('shifts.cash') : t('shifts.alipay')} · {formatMajor(x.amount)}
          </li>
        ))}
        {cashRefunded > 0 && <li data-testid="cash-refunded">{t('shifts.cashRefunded')} · {formatMajor(money(cashRefunded, currency))}</li>}
      </ul>
      {left > 0 && (
        <form className="row" onSubmit={(e) => (e.preventDefault(), void refund())}>
          <label className="field">
            <span>{t('shifts.amount')}</span>
            <input inputMode="decimal" autoComplete="off" maxLength={16} value={text} data-testid="cash-refund-amount" onChange={(e) => setText(e.target.value)} />
          </label>
          <ApprovalFields value={approval} onChange={setApproval} testId="cash-refund-approval" />
          <button type="submit" className="btn" data-testid="cash-refund" disabled={!check.ok || !approvalLooksValid(approval)}>{t('shifts.refundCash')}</button>
        </form>
      )}
      {error && (
        <div className="flow-error" role="alert" data-testid="cash-refund-error" data-code={error.code}>
          {t(`shifts.errors.${error.code}`, { defaultValue: error.message })}
        </div>
      )}
    </div>
  );
}

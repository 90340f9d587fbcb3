import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import type { ReceiptPreview } from '../../shared/ipc/commands/receipt';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { dateTimeText, moneyText } from './adminFormat';
import { PaymentTimeline } from './PaymentTimeline';
import { RefundForm } from './RefundForm';
import { TenderList } from './TenderList';

/** One sale from history: its attempts, the chosen attempt's timeline, refunds, refund and reprint. */
export function SaleDetail({ sale, locale, onClose, onSale }: { readonly sale: SaleSnapshot; readonly locale: string; readonly onClose: () => void; readonly onSale: (s: SaleSnapshot) => void }) {
  const { t } = useTranslation();
  const [paymentRequestId, setPaymentRequestId] = useState<string | null>(sale.paid?.paymentRequestId ?? sale.attempts[0]?.paymentRequestId ?? null);
  const [refunding, setRefunding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [preview, setPreview] = useState<ReceiptPreview | null>(null);
  const paid = sale.paid;
  const attempt = sale.attempts.find((a) => a.paymentRequestId === paymentRequestId) ?? null;

  const refreshSale = (): void => {
    void call('cashier', 'sale:get', { saleId: sale.saleId }).then((r) => r.ok && onSale(r.value));
  };

  const onRefunded = (r: RefundSnapshot): void => {
    setRefunding(false);
    setNotice(t(r.status === 'succeeded' ? 'history.refundDone' : 'history.refundQueued', { amount: moneyText(r.amount) }));
    refreshSale();
  };

  const reprint = (): void => {
    if (!paid) return;
    setError(null);
    void call('cashier', 'receipt:reprint', { paymentRequestId: paid.paymentRequestId }).then((r) => {
      if (r.ok) setNotice(t('history.reprinted', { id: r.value.id }));
      else setError(r.error);
    });
  };

  const togglePreview = (): void => {
    if (preview || !paid) {
      setPreview(null);
      return;
    }
    void call('cashier', 'receipt:preview', { paymentRequestId: paid.paymentRequestId }).then((r) => (r.ok ? setPreview(r.value) : setError(r.error)));
  };

  return (
    <article className="sale-detail" data-testid="sale-detail" data-sale={sale.saleId}>
      <header className="detail-head">
        <h3>
          {moneyText(sale.amount)} <span className={`pill sale-${sale.status}`} data-testid="detail-status">{t(`history.saleStatus.${sale.status}`)}</span>
        </h3>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="detail-close">
          {t('admin.close')} <kbd>{t('keycap.esc')}</kbd>
        </button>
      </header>
      {(sale.tenders.length > 1 || sale.tenders.some((x) => x.kind === 'cash')) && <TenderList sale={sale} locale={locale} onSale={onSale} />}
      <dl className="facts-grid">
        <dt>{t('history.saleId')}</dt>
        <dd className="mono">{sale.saleId}</dd>
        <dt>{t('history.col.time')}</dt>
        <dd>{dateTimeText(sale.createdAt, locale)}</dd>
        {sale.description && (
          <>
            <dt>{t('history.description')}</dt>
            <dd>{sale.description}</dd>
          </>
        )}
        {paid && (
          <>
            <dt>{t('history.refunded')}</dt>
            <dd data-testid="detail-refunded">{moneyText({ minor: paid.refundedMinor, currency: paid.amount.currency })}</dd>
            <dt>{t('history.refundableNow')}</dt>
            <dd data-testid="detail-refundable">{moneyText({ minor: paid.refundableMinor, currency: paid.amount.currency })}</dd>
            <dt>{t('acquirer.label')}</dt>
            <dd data-testid="detail-acquirer" data-acquirer={paid.acquirer ?? 'ams'}>{t(`acquirer.${paid.acquirer ?? 'ams'}`)}</dd>
            {paid.paymentId && (
              <>
                <dt>{t(paid.acquirer === 'alipay-cn' ? 'acquirer.tradeNo' : 'acquirer.paymentId')}</dt>
                <dd className="mono" data-testid="detail-payment-id">{paid.paymentId}</dd>
              </>
            )}
            <dt>{t(paid.acquirer === 'alipay-cn' ? 'acquirer.outTradeNo' : 'acquirer.paymentRequestId')}</dt>
            <dd className="mono" data-testid="detail-request-id">{paid.paymentRequestId}</dd>
          </>
        )}
      </dl>

      <div className="actions">
        {paid && paid.refundableMinor > 0 && !refunding && (
          <button type="button" className="btn btn-primary" data-testid="refund-open" onClick={() => setRefunding(true)}>
            {t('history.refund')}
          </button>
        )}
        {paid && (
          <button type="button" className="btn" data-testid="reprint" onClick={reprint}>
            {t('history.reprint')}
          </button>
        )}
        {paid && (
          <button type="button" className="btn" data-testid="receipt-preview-toggle" aria-pressed={preview !== null} onClick={togglePreview}>
            {t(preview ? 'history.hideReceipt' : 'history.showReceipt')}
          </button>
        )}
      </div>
      {notice && (
        <p className="admin-ok" role="status" data-testid="detail-notice">
          {notice}
        </p>
      )}
      <AdminError error={error} />
      {refunding && paid && <RefundForm attempt={paid} onDone={onRefunded} onCancel={() => setRefunding(false)} />}
      {preview && (
        <pre className="paper-lines" data-testid="receipt-preview" aria-label={t('history.showReceipt')}>
          {preview.lines.join('\n')}
        </pre>
      )}

      <h4>{t('history.attempts')}</h4>
      {sale.attempts.length === 0 && <p className="empty">{t('history.noAttempts')}</p>}
      <ul className="attempts">
        {sale.attempts.map((a) => (
          <li key={a.paymentRequestId}>
            <button type="button" className={`btn attempt${a.paymentRequestId === paymentRequestId ? ' active' : ''}`} aria-pressed={a.paymentRequestId === paymentRequestId} data-testid={`attempt-${a.paymentRequestId}`} onClick={() => setPaymentRequestId(a.paymentRequestId)}>
              <span>{t(`history.attemptStatus.${a.status}`)}</span>
              <span>{moneyText(a.amount)}</span>
              <span>{t(`history.scenario.${a.scenario}`)}</span>
              {a.codeTail && <span>{t('history.tail', { tail: a.codeTail })}</span>}
              {a.resultCode && <span className="mono">{a.resultCode}</span>}
            </button>
            {a.message && a.status === 'failed' && <p className="hint">{a.message[locale === 'en' ? 'en' : 'zh-CN']}</p>}
          </li>
        ))}
      </ul>
      {attempt && <PaymentTimeline paymentRequestId={attempt.paymentRequestId} locale={locale} version={sale.updatedAt + sale.refunds.length} />}

      <h4>{t('history.refunds')}</h4>
      {sale.refunds.length === 0 ? (
        <p className="empty">{t('history.noRefunds')}</p>
      ) : (
        <table className="admin-table" data-testid="refund-list">
          <tbody>
            {sale.refunds.map((r) => (
              <tr key={r.refundRequestId} data-testid="refund-row" data-status={r.status}>
                <td>{dateTimeText(r.createdAt, locale)}</td>
                <td className="num">{moneyText(r.amount)}</td>
                <td>
                  <span className={`pill refund-${r.status}`}>{t(`history.refundStatus.${r.status}`)}</span>
                </td>
                <td>{r.reason ?? ''}</td>
                <td className="hint">{r.lastError ?? (r.message ? r.message[locale === 'en' ? 'en' : 'zh-CN'] : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

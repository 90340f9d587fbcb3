/**
 * The end-of-day report's per-acquirer section (issue 15): what AMS and 当面付 each took, per
 * currency, and the day's first and last payment named with that acquirer's ids (trade_no /
 * out_trade_no for 当面付). Shown only when the report has the breakdown (older stored Zs lack it).
 */
import { useTranslation } from 'react-i18next';
import type { AcquirerTotals, TransactionRef } from '../../shared/domain/report';

function RefIds({ which, r }: { readonly which: 'first' | 'last'; readonly r: TransactionRef }) {
  const { t } = useTranslation();
  if (!r.acquirer) return null;
  const cn = r.acquirer === 'alipay-cn';
  return (
    <p className="hint mono" data-testid={`eod-${which}-ids`} data-acquirer={r.acquirer}>
      {t(`acquirer.${which}`)} · {t(`acquirer.${r.acquirer}`)}
      {r.paymentId ? ` · ${t(cn ? 'acquirer.tradeNo' : 'acquirer.paymentId')} ${r.paymentId}` : ''} · {t(cn ? 'acquirer.outTradeNo' : 'acquirer.paymentRequestId')} {r.attemptId}
    </p>
  );
}

export function AcquirerBreakdown({ rows, first, last, fmt }: {
  readonly rows: readonly AcquirerTotals[];
  readonly first: TransactionRef | null;
  readonly last: TransactionRef | null;
  /** The screen's amount format (code first, as on the receipt). */
  readonly fmt: (minor: number, currency: string) => string;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <table className="admin-table" data-testid="eod-acquirers">
        <caption>{t('acquirer.byAcquirer')}</caption>
        <tbody>
          {rows.map((a) => (
            <tr key={`${a.acquirer}-${a.currency}`} data-testid={`eod-acquirer-${a.acquirer}`} data-currency={a.currency} data-sales={a.sales.count} data-net={a.net}>
              <td>{t(`acquirer.${a.acquirer}`)}</td>
              <td className="num">{t('eod.countSum', { count: a.sales.count, amount: fmt(a.sales.minor, a.currency) })}</td>
              <td className="num">{t('eod.countSum', { count: a.cancels.count + a.refunds.count, amount: fmt(a.cancels.minor + a.refunds.minor, a.currency) })}</td>
              <td className="num">
                <strong>{fmt(a.net, a.currency)}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {first && <RefIds which="first" r={first} />}
      {last && last.attemptId !== first?.attemptId && <RefIds which="last" r={last} />}
    </>
  );
}

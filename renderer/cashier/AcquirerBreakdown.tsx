/**
 * The end-of-day report's per-acquirer section (issue 15): what AMS and 当面付 each took, per
 * currency, as rows under the currency totals (same columns, so the screen stays within 1024×768),
 * and the day's first and last payment named with that acquirer's ids (trade_no / out_trade_no for
 * 当面付). Shown only when the report has the breakdown (older stored Zs lack it).
 */
import { useTranslation } from 'react-i18next';
import type { AcquirerTotals, TransactionRef } from '../../shared/domain/report';

type Fmt = (minor: number, currency: string) => string;

/** `<tr>`s for the totals table's body: one per acquirer × currency. */
export function AcquirerRows({ rows, fmt }: { readonly rows: readonly AcquirerTotals[]; readonly fmt: Fmt }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <tr className="eod-acquirer-head">
        <th colSpan={6} scope="rowgroup">
          {t('acquirer.byAcquirer')}
        </th>
      </tr>
      {rows.map((a) => (
        <tr key={`${a.acquirer}-${a.currency}`} data-testid={`eod-acquirer-${a.acquirer}`} data-currency={a.currency} data-sales={a.sales.count} data-net={a.net}>
          <td>
            {t(`acquirer.short.${a.acquirer}`)} · {a.currency}
          </td>
          <td className="num">{t('eod.countSum', { count: a.sales.count, amount: fmt(a.sales.minor, a.currency) })}</td>
          <td className="num">{t('eod.countSum', { count: a.cancels.count, amount: fmt(a.cancels.minor, a.currency) })}</td>
          <td className="num">{t('eod.countSum', { count: a.refunds.count, amount: fmt(a.refunds.minor, a.currency) })}</td>
          <td className="num">{a.declined}</td>
          <td className="num">{fmt(a.net, a.currency)}</td>
        </tr>
      ))}
    </>
  );
}

function RefIds({ which, r }: { readonly which: 'first' | 'last'; readonly r: TransactionRef }) {
  const { t } = useTranslation();
  if (!r.acquirer) return null;
  const cn = r.acquirer === 'alipay-cn';
  return (
    <span data-testid={`eod-${which}-ids`} data-acquirer={r.acquirer}>
      {t(`acquirer.${which}`)} · {t(`acquirer.short.${r.acquirer}`)}
      {r.paymentId ? ` · ${t(cn ? 'acquirer.idName.tradeNo' : 'acquirer.idName.paymentId')} ${r.paymentId}` : ''} · {t(cn ? 'acquirer.idName.outTradeNo' : 'acquirer.idName.paymentRequestId')} {r.paymentRequestId}
    </span>
  );
}

/** The first and last payment with the acquirer's ids, one short line each. */
export function AcquirerIds({ first, last }: { readonly first: TransactionRef | null; readonly last: TransactionRef | null }) {
  if (!first?.acquirer && !last?.acquirer) return null;
  return (
    <p className="hint mono eod-ids">
      {first && <RefIds which="first" r={first} />}
      {last && last.paymentRequestId !== first?.paymentRequestId && (
        <>
          <br />
          <RefIds which="last" r={last} />
        </>
      )}
    </p>
  );
}

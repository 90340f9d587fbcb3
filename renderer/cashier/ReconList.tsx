import { useTranslation } from 'react-i18next';
import { reconActionText, type ReconItem, type ReconSide, type ReconStatus, type ReportAcquirer } from '../../shared/domain/report';
import type { Locale } from '../../shared/domain/station';
import { RECON_ROW_LIMIT, signedAmountText } from './reconView';

/** One side's amount; a dash where that side has no record (the point of the "missing" lists). */
function SideAmount({ side }: { readonly side: ReconSide | null }) {
  return <>{side ? signedAmountText(side.minor, side.currency) : '—'}</>;
}

/**
 * One list of the reconciliation (matched, missing on either side, mismatches): each row with the
 * type, both ids, both amounts, what differs and, in the cashier's language, what to do next.
 */
export function ReconList({ status, items, locale, acquirer }: { readonly status: ReconStatus; readonly items: readonly ReconItem[]; readonly locale: Locale; readonly acquirer?: ReportAcquirer | undefined }) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <p className="empty" data-testid={`recon-empty-${status}`}>
        {t('recon.none')}
      </p>
    );
  }
  const shown = items.slice(0, RECON_ROW_LIMIT);
  return (
    <>
      <table className="admin-table recon-table" data-testid={`recon-list-${status}`}>
        <thead>
          <tr>
            <th>{t('recon.col.type')}</th>
            <th data-testid="recon-col-ids">{t(acquirer === 'alipay-cn' ? 'acquirer.reconIds' : 'recon.col.ids')}</th>
            <th>{t('recon.col.ours')}</th>
            <th>{t('recon.col.alipay')}</th>
            {status === 'mismatch' && <th>{t('recon.col.differences')}</th>}
            <th>{t('recon.col.next')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => {
            const ourId = i.ours?.transactionId ?? null;
            const theirId = i.alipay?.transactionId ?? null;
            return (
              <tr key={`${i.type}-${i.transactionRequestId}-${theirId ?? ourId ?? ''}`} className={`recon-row recon-${i.status}`} data-testid="recon-row" data-status={i.status} data-request-id={i.transactionRequestId}>
                <td>{t(`recon.type.${i.type}`)}</td>
                <td className="mono">
                  <div>{i.transactionRequestId}</div>
                  {theirId !== null && <div className="recon-id-alipay">{theirId}</div>}
                  {ourId !== null && ourId !== theirId && <div className="recon-id-ours">{ourId}</div>}
                </td>
                <td className="num">
                  <SideAmount side={i.ours} />
                </td>
                <td className="num">
                  <SideAmount side={i.alipay} />
                </td>
                {status === 'mismatch' && <td>{i.differences.map((d) => t(`recon.diff.${d}`)).join(', ')}</td>}
                <td className={i.action === 'none' ? 'recon-next recon-next-none' : 'recon-next'} data-testid="recon-next" data-action={i.action}>
                  {reconActionText(i.action)[locale]}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {items.length > shown.length && <p className="hint">{t('recon.more', { count: items.length - shown.length })}</p>}
    </>
  );
}

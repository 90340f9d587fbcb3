import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryInfo } from '../../shared/domain/entry';
import { call, type ScreenName } from '../api/bridge';
import { QrCode } from './QrCode';

/**
 * The store's entry code (DESIGN.md §5.3): a static QR of the station's H5 page. On the customer
 * display's idle screen the customer scans it with Alipay, types the amount and pays. Renders
 * nothing while entry-code payments are switched off.
 */
export function EntryCodeQr({ screen, size = 220 }: { readonly screen: ScreenName; readonly size?: number }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<EntryInfo | null>(null);
  useEffect(() => {
    let live = true;
    void call(screen, 'entry:info', {}).then((r) => live && r.ok && setInfo(r.value));
    return () => {
      live = false;
    };
  }, [screen]);
  if (!info?.enabled) return null;
  return (
    <figure className="entry-qr" data-testid="entry-qr" data-entry-url={info.url}>
      <QrCode value={info.url} size={size} label={t('entry.qrLabel')} />
      <figcaption>{t('entry.qrCaption')}</figcaption>
      {!info.publiclyReachable && <small className="entry-qr-note">{t('entry.notReachable')}</small>}
    </figure>
  );
}

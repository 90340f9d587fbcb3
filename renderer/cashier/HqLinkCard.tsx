import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqLinkStatus } from '../../shared/domain/hqLink';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { dateTimeText } from './adminFormat';

/** The head office link: enrol with the dashboard's one-time code, then see upload and relay state. */
export function HqLinkCard({ locale }: { readonly locale: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<HqLinkStatus | null>(null);
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, run } = useCommand();

  const load = useCallback(() => {
    void call('cashier', 'hq:status', {}).then((r) => r.ok && setStatus(r.value));
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, 5_000);
    return () => clearInterval(timer);
  }, [load]);

  const enrol = (): void => {
    void run(call('cashier', 'hq:enrol', { code: code.trim(), ...(url.trim() ? { url: url.trim() } : {}) }), (v) => {
      setStatus(v);
      setCode('');
    });
  };

  return (
    <form
      className="card hq-link"
      data-testid="hq-link"
      onSubmit={(e) => {
        e.preventDefault();
        enrol();
      }}
    >
      <h3>{t('hqLink.title')}</h3>
      {status?.linked ? (
        <>
          <p data-testid="hq-linked">{t('hqLink.linked', { terminal: status.terminalId, store: status.storeId })}</p>
          <p className="admin-hint">
            <span className={`pill ${status.relay === 'connected' ? 'dev-ok' : 'dev-warning'}`} data-testid="hq-relay" data-state={status.relay}>{t(`hqLink.relay.${status.relay}`)}</span>
            {' · '}
            {t('hqLink.backlog', { count: status.backlog })}
            {' · '}
            {status.lastUploadAt ? t('hqLink.uploaded', { at: dateTimeText(status.lastUploadAt, locale) }) : t('hqLink.never')}
          </p>
        </>
      ) : (
        <>
          <p className="admin-hint">{t('hqLink.hint')}</p>
          <label className="field">
            <span>{t('hqLink.url')}</span>
            <input value={url} type="url" placeholder="https://hq.example.com/" data-testid="hq-url" onChange={(e) => setUrl(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('hqLink.code')}</span>
            <input value={code} autoComplete="off" data-testid="hq-code" onChange={(e) => setCode(e.target.value)} />
          </label>
          <AdminError error={error} />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || code.trim() === ''} data-testid="hq-enrol">
              {t('hqLink.enrol')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

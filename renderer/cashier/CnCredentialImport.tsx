import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/bridge';
import { useCommand } from '../api/useCommand';
import { AdminError } from './AdminError';

/**
 * 当面付 credentials (issue 15): app id, the app private key, and Alipay's public key or the three
 * certificates. Sent once to the station, which keeps them in the data folder; the fields are emptied
 * as soon as the station has them and the private key never comes back to this window.
 */
export function CnCredentialImport({ appId, hasAppPrivateKey, mode, onImported }: { readonly appId: string | null; readonly hasAppPrivateKey: boolean; readonly mode: 'publicKey' | 'certificate' | null; readonly onImported: () => void }) {
  const { t } = useTranslation();
  const [id, setId] = useState(appId ?? '');
  const [useCerts, setUseCerts] = useState(mode === 'certificate');
  const [key, setKey] = useState('');
  const [alipayKey, setAlipayKey] = useState('');
  const [appCert, setAppCert] = useState('');
  const [alipayCert, setAlipayCert] = useState('');
  const [rootCert, setRootCert] = useState('');
  const { busy, error, run } = useCommand();
  const [done, setDone] = useState(false);

  const submit = (): void => {
    const creds = useCerts ? { appCert, alipayCert, alipayRootCert: rootCert } : { alipayPublicKey: alipayKey };
    void run(call('cashier', 'settings:importCnCredentials', { appId: id.trim(), appPrivateKey: key, ...creds }), () => {
      for (const clear of [setKey, setAlipayKey, setAppCert, setAlipayCert, setRootCert]) clear('');
      setDone(true);
      onImported();
    });
  };
  const area = (value: string, set: (v: string) => void, label: string, testId: string) => (
    <label className="field">
      <span>{label}</span>
      <textarea rows={2} value={value} autoComplete="off" spellCheck={false} data-testid={testId} onChange={(e) => set(e.target.value)} />
    </label>
  );
  const ready = id.trim() !== '' && key.trim() !== '' && (useCerts ? appCert.trim() !== '' && alipayCert.trim() !== '' && rootCert.trim() !== '' : alipayKey.trim() !== '');

  return (
    <form
      className="card"
      data-testid="cn-credentials"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('acquirer.cnKeys')}</h3>
      <ul className="key-flags">
        <li data-testid="cn-has-key">{t(hasAppPrivateKey ? 'acquirer.appKeyPresent' : 'acquirer.appKeyMissing')}</li>
        <li data-testid="cn-mode">{t(mode === 'certificate' ? 'acquirer.modeCertificate' : mode === 'publicKey' ? 'acquirer.modePublicKey' : 'acquirer.modeNone')}</li>
      </ul>
      <label className="field">
        <span>{t('acquirer.appId')}</span>
        <input value={id} inputMode="numeric" autoComplete="off" data-testid="cn-app-id" onChange={(e) => setId(e.target.value)} />
      </label>
      {area(key, setKey, t('acquirer.appPrivateKey'), 'cn-app-key')}
      <label className="radio">
        <input type="checkbox" checked={useCerts} data-testid="cn-use-certs" onChange={(e) => setUseCerts(e.target.checked)} />
        <span>{t('acquirer.useCertificates')}</span>
      </label>
      {useCerts ? (
        <>
          {area(appCert, setAppCert, t('acquirer.appCert'), 'cn-app-cert')}
          {area(alipayCert, setAlipayCert, t('acquirer.alipayCert'), 'cn-alipay-cert')}
          {area(rootCert, setRootCert, t('acquirer.rootCert'), 'cn-root-cert')}
        </>
      ) : (
        area(alipayKey, setAlipayKey, t('acquirer.alipayPublicKey'), 'cn-alipay-key')
      )}
      <AdminError error={error} />
      {done && (
        <p className="admin-ok" role="status" data-testid="cn-imported">
          {t('acquirer.imported')}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !ready} data-testid="cn-import">
        {t('acquirer.importCn')}
      </button>
    </form>
  );
}

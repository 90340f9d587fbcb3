import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';

/**
 * Merchant private key and Alipay public key, pasted once and sent to the station, which keeps them
 * in the data folder (0600). The fields are emptied as soon as the station has them: the key is not
 * kept in this window and the station never sends it back.
 */
export function KeyImport({ hasPrivateKey, hasAlipayPublicKey, onImported }: { readonly hasPrivateKey: boolean; readonly hasAlipayPublicKey: boolean; readonly onImported: () => void }) {
  const { t } = useTranslation();
  const [privateKey, setPrivateKey] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [clientId, setClientId] = useState('');
  const { busy, error, run } = useCommand();
  const [done, setDone] = useState(false);

  const submit = (): void => {
    void run(call('cashier', 'settings:importKeys', { privateKey, alipayPublicKey: publicKey, ...(clientId.trim() ? { clientId: clientId.trim() } : {}) }), () => {
      setPrivateKey('');
      setPublicKey('');
      setDone(true);
      onImported();
    });
  };

  return (
    <form
      className="card"
      data-testid="key-import"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('settings.keys')}</h3>
      <p className="hint">{t('settings.keysHint')}</p>
      <ul className="key-flags">
        <li data-testid="has-private-key">{t(hasPrivateKey ? 'settings.privateKeyPresent' : 'settings.privateKeyMissing')}</li>
        <li data-testid="has-public-key">{t(hasAlipayPublicKey ? 'settings.publicKeyPresent' : 'settings.publicKeyMissing')}</li>
      </ul>
      <label className="field">
        <span>{t('settings.clientId')}</span>
        <input value={clientId} autoComplete="off" onChange={(e) => setClientId(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('settings.privateKey')}</span>
        <textarea rows={4} value={privateKey} autoComplete="off" spellCheck={false} data-testid="private-key" onChange={(e) => setPrivateKey(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('settings.alipayPublicKey')}</span>
        <textarea rows={3} value={publicKey} autoComplete="off" spellCheck={false} data-testid="public-key" onChange={(e) => setPublicKey(e.target.value)} />
      </label>
      <AdminError error={error} />
      {done && (
        <p className="admin-ok" role="status" data-testid="keys-imported">
          {t('settings.keysImported')}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || privateKey.trim() === '' || publicKey.trim() === ''} data-testid="import-keys">
        {t('settings.importKeys')}
      </button>
    </form>
  );
}

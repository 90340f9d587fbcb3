import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TILL_SCOPES, type TillApiInfo, type TillClientCreated, type TillClientView, type TillScope } from '../../shared/domain/till';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { PinField } from './PinField';

/** The manager's till API clients: create (the key is shown once), list, revoke. */
export function TillClients() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<TillApiInfo | null>(null);
  const [clients, setClients] = useState<readonly TillClientView[]>([]);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ReadonlySet<TillScope>>(new Set(['pay', 'read']));
  const [pin, setPin] = useState('');
  const [created, setCreated] = useState<TillClientCreated | null>(null);
  const { error, run } = useCommand();

  const load = useCallback(() => {
    void call('cashier', 'till:info', {}).then((r) => r.ok && setInfo(r.value));
    void call('cashier', 'till:listClients', {}).then((r) => r.ok && setClients(r.value));
  }, []);
  useEffect(load, [load]);

  const create = (): void => {
    setCreated(null);
    void run(call('cashier', 'till:createClient', { name, scopes: TILL_SCOPES.filter((s) => scopes.has(s)), pin }), (v) => {
      setCreated(v);
      setName('');
      load();
    }).then(() => setPin(''));
  };
  const revoke = (clientId: string): void => {
    void run(call('cashier', 'till:revokeClient', { clientId, pin }), load).then(() => setPin(''));
  };

  return (
    <form
      className="card till-clients"
      data-testid="till-clients"
      onSubmit={(e) => {
        e.preventDefault();
        create();
      }}
    >
      <h3>{t('till.clients')}</h3>
      <p className="admin-hint">{info?.url ? t('till.apiAt', { url: info.url }) : t('till.apiOff')}</p>
      {clients.length === 0 && <p className="admin-hint">{t('till.none')}</p>}
      {clients.map((c) => (
        <div key={c.clientId} className="till-row" data-testid={`till-client-${c.name}`}>
          <span>
            {c.name} · {c.scopes.map((s) => t(`till.scope.${s}`)).join(', ')}
            {c.revokedAt !== null && ` · ${t('till.revoked')}`}
          </span>
          {c.revokedAt === null && (
            <button type="button" className="btn" disabled={pin === ''} onClick={() => revoke(c.clientId)}>
              {t('till.revoke')}
            </button>
          )}
        </div>
      ))}
      <label className="field">
        <span>{t('till.name')}</span>
        <input value={name} maxLength={40} data-testid="till-name" onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="till-create">
        {TILL_SCOPES.map((s) => (
          <label key={s} className="radio">
            <input
              type="checkbox"
              checked={scopes.has(s)}
              data-testid={`till-scope-${s}`}
              onChange={() => setScopes((cur) => {
                const n = new Set(cur);
                if (n.has(s)) n.delete(s);
                else n.add(s);
                return n;
              })}
            />
            <span>{t(`till.scope.${s}`)}</span>
          </label>
        ))}
      </div>
      <div className="till-create">
        <PinField value={pin} onChange={setPin} testId="till-pin" />
        <button type="submit" className="btn btn-primary" data-testid="till-create" disabled={name.trim() === '' || scopes.size === 0 || pin === ''}>
          {t('till.create')}
        </button>
      </div>
      <AdminError error={error} />
      {created && (
        <div role="status" data-testid="till-created">
          <p>{t('till.keyOnce', { name: created.client.name })}</p>
          <p className="till-key" data-testid="till-key">
            {created.key}
          </p>
        </div>
      )}
    </form>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type AccountView, type Role } from '../../shared/domain/account';
import type { InputOf } from '../../shared/ipc/contract';
import type { IpcError } from '../../shared/ipc/envelope';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { PinField } from './PinField';
import { accountState, refusedField, updateFrom } from './accountsAdminView';

/**
 * The manager's accounts (issue 12 item 1), opened from Settings as its own view so Settings does
 * not grow: the list, a new account, and for the chosen one what `account:update` can do — role,
 * a new PIN, disable/enable, clear a lockout. PIN length rules are the station's: its typed refusal
 * is shown as is, never guessed here.
 */
export function AccountsPanel({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const [accounts, setAccounts] = useState<readonly AccountView[] | null>(null);
  const [listError, setListError] = useState<IpcError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  // Lockouts are shown against the clock of the moment the list was read.
  const [readAt, setReadAt] = useState(() => Date.now());

  const load = useCallback(() => {
    void call('cashier', 'account:list', {}).then((r) => {
      setReadAt(Date.now());
      if (r.ok) {
        setAccounts(r.value);
        setListError(null);
      } else setListError(r.error);
    });
  }, []);
  useEffect(load, [load]);

  const chosen = accounts?.find((a) => a.accountId === selected) ?? null;

  return (
    <section className="screen admin-screen accounts-admin" data-testid="accounts-panel" aria-label={t('accountsAdmin.title')}>
      <div className="admin-column">
        <div className="accounts-head">
          <h2>{t('accountsAdmin.title')}</h2>
          <button type="button" className="btn" data-testid="accounts-close" onClick={onClose}>
            {t('accountsAdmin.back')} <kbd>{t('keycap.esc')}</kbd>
          </button>
        </div>
        <AdminError error={listError} testId="accounts-list-error" />
        <div className="accounts-list">
          <table className="admin-table" data-testid="accounts-table">
            <caption>{t('accountsAdmin.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accountsAdmin.name')}</th>
                <th scope="col">{t('accountsAdmin.shortId')}</th>
                <th scope="col">{t('accountsAdmin.role')}</th>
                <th scope="col">{t('accountsAdmin.state')}</th>
                <th scope="col">{t('accountsAdmin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(accounts ?? []).map((a) => {
                const state = accountState(a, readAt);
                return (
                  <tr key={a.accountId} data-testid={`account-row-${a.shortId}`} data-state={state} className={a.accountId === selected ? 'selected' : undefined}>
                    <td>{a.name}</td>
                    <td className="mono">{a.shortId}</td>
                    <td>{t(`accountsAdmin.roles.${a.role}`)}</td>
                    <td>{t(`accountsAdmin.states.${state}`)}</td>
                    <td>
                      <button
                        type="button"
                        className="btn"
                        data-testid={`account-edit-${a.shortId}`}
                        aria-pressed={a.accountId === selected}
                        aria-label={t('accountsAdmin.editNamed', { name: a.name })}
                        onClick={() => setSelected(a.accountId === selected ? null : a.accountId)}
                      >
                        {t('accountsAdmin.edit')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      <div className="admin-column">
        {chosen ? (
          <AccountEdit key={chosen.accountId} account={chosen} locked={accountState(chosen, readAt) === 'locked'} onChanged={load} onDone={() => setSelected(null)} />
        ) : (
          <AccountCreate onCreated={load} />
        )}
      </div>
    </section>
  );
}

function RoleSelect({ value, onChange, testId }: { readonly value: Role; readonly onChange: (r: Role) => void; readonly testId: string }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('accountsAdmin.role')}</span>
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`accountsAdmin.roles.${r}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function AccountCreate({ onCreated }: { readonly onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shortId, setShortId] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const { busy, error, run } = useCommand();
  const [created, setCreated] = useState<AccountView | null>(null);
  // Keyboard-first: the panel opens with the cursor in the first field of a new account.
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const bad = refusedField(error?.details);

  const submit = (): void => {
    setCreated(null);
    const input: InputOf<'account:create'> = { name, shortId, role, ...(pin === '' ? {} : { pin }) };
    void run(call('cashier', 'account:create', input), (v) => {
      setCreated(v);
      setName('');
      setShortId('');
      setRole('cashier');
      onCreated();
    }).then(() => setPin(''));
  };

  return (
    <form
      className="card"
      data-testid="account-create"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('accountsAdmin.createTitle')}</h3>
      <div className="row">
        <label className="field">
          <span>{t('accountsAdmin.name')}</span>
          <input ref={first} value={name} maxLength={64} autoComplete="off" aria-invalid={bad === 'name' || undefined} data-testid="account-new-name" onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('accountsAdmin.shortId')}</span>
          <input value={shortId} maxLength={8} autoComplete="off" aria-invalid={bad === 'shortId' || undefined} data-testid="account-new-id" onChange={(e) => setShortId(e.target.value)} />
        </label>
      </div>
      <div className="row">
        <RoleSelect value={role} onChange={setRole} testId="account-new-role" />
        <PinField value={pin} onChange={setPin} testId="account-new-pin" label={t('accountsAdmin.firstPin')} invalid={bad === 'pin'} />
      </div>
      <p className="hint">{t('accountsAdmin.pinRule')}</p>
      <AdminError error={error} testId="account-create-error" />
      {created && (
        <p className="admin-ok" role="status" data-testid="account-created">
          {t('accountsAdmin.created', { name: created.name, shortId: created.shortId })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="account-create-submit">
          {t('accountsAdmin.create')} <kbd>{t('keycap.enter')}</kbd>
        </button>
      </div>
    </form>
  );
}

function AccountEdit({ account, locked, onChanged, onDone }: { readonly account: AccountView; readonly locked: boolean; readonly onChanged: () => void; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(account.name);
  const [role, setRole] = useState<Role>(account.role);
  const [pin, setPin] = useState('');
  const { busy, error, run } = useCommand();
  const [saved, setSaved] = useState<string | null>(null);
  const [local, setLocal] = useState<string | null>(null);
  // Chosen from the list: the cursor moves to the form, so the keyboard carries on there.
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const bad = refusedField(error?.details);

  const send = (patch: Omit<InputOf<'account:update'>, 'accountId'>, done: string): void => {
    setSaved(null);
    void run(call('cashier', 'account:update', { accountId: account.accountId, ...patch }), () => {
      setSaved(done);
      onChanged();
    }).then(() => setPin(''));
  };
  const save = (): void => {
    const patch = updateFrom(account, name, role, pin);
    if (!patch) return setLocal(t('accountsAdmin.nothingChanged'));
    setLocal(null);
    send(patch, t('accountsAdmin.saved'));
  };

  return (
    <form
      className="card"
      data-testid="account-edit"
      aria-label={t('accountsAdmin.editNamed', { name: account.name })}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>
        {t('accountsAdmin.editTitle', { name: account.name, shortId: account.shortId })}
      </h3>
      <label className="field">
        <span>{t('accountsAdmin.name')}</span>
        <input ref={first} value={name} maxLength={64} autoComplete="off" aria-invalid={bad === 'name' || undefined} data-testid="account-edit-name" onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="row">
        <RoleSelect value={role} onChange={setRole} testId="account-edit-role" />
        <PinField value={pin} onChange={setPin} testId="account-edit-pin" label={t('accountsAdmin.resetPin')} invalid={bad === 'pin'} />
      </div>
      <p className="hint">{t('accountsAdmin.resetPinHint')}</p>
      {local && (
        <div className="admin-error" role="alert" data-testid="account-edit-local">
          {local}
        </div>
      )}
      <AdminError error={error} testId="account-edit-error" />
      {saved && (
        <p className="admin-ok" role="status" data-testid="account-saved">
          {saved}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="account-save">
          {t('accountsAdmin.save')} <kbd>{t('keycap.enter')}</kbd>
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy}
          data-testid="account-toggle"
          onClick={() => send({ disabled: !account.disabled }, t(account.disabled ? 'accountsAdmin.enabled' : 'accountsAdmin.disabledDone'))}
        >
          {t(account.disabled ? 'accountsAdmin.enable' : 'accountsAdmin.disable')}
        </button>
        {locked && (
          <button type="button" className="btn" disabled={busy} data-testid="account-unlock" onClick={() => send({ unlock: true }, t('accountsAdmin.unlocked'))}>
            {t('accountsAdmin.unlock')}
          </button>
        )}
        <button type="button" className="btn" data-testid="account-edit-done" onClick={onDone}>
          {t('accountsAdmin.done')}
        </button>
      </div>
    </form>
  );
}

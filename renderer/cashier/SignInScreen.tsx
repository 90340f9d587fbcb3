import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { PinField } from './PinField';

/**
 * The locked counter: sign in with account id and PIN, or scan a staff badge into the badge field.
 * First run (no account yet) shows the manager set-up instead. Wrong PINs count against that account.
 */
export function SignInScreen({ firstRun, demo }: { readonly firstRun: boolean; readonly demo: boolean }) {
  const { t } = useTranslation();
  const [shortId, setShortId] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [badge, setBadge] = useState('');
  const { busy, error, run } = useCommand();

  const submit = (): void => {
    const sent = firstRun
      ? run(call('cashier', 'account:setup', { name: name.trim(), shortId, pin }))
      : badge
        ? run(call('cashier', 'account:signIn', { badge }))
        : run(call('cashier', 'account:signIn', { shortId, pin }));
    void sent.then(() => {
      setPin('');
      setBadge('');
    });
  };

  return (
    <main className="cashier-main admin-screen sign-in" data-testid={firstRun ? 'first-run' : 'sign-in'}>
      <form
        className="card sign-in-card"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2>{firstRun ? t('account.firstRunTitle') : t('account.signInTitle')}</h2>
        {firstRun && <p className="hint">{t('account.firstRunHint')}</p>}
        {firstRun && (
          <label className="field">
            <span>{t('account.name')}</span>
            <input value={name} maxLength={64} data-testid="setup-name" onChange={(e) => setName(e.target.value)} />
          </label>
        )}
        <label className="field">
          <span>{t('account.shortId')}</span>
          <input autoFocus autoComplete="off" maxLength={8} value={shortId} data-testid="sign-in-id" onChange={(e) => setShortId(e.target.value.trim())} />
        </label>
        <PinField value={pin} onChange={setPin} testId="sign-in-pin" label={firstRun ? t('account.newPin') : t('account.pin')} />
        {!firstRun && (
          <label className="field">
            <span>{t('account.badge')}</span>
            <input type="password" autoComplete="off" maxLength={128} value={badge} data-testid="sign-in-badge" onChange={(e) => setBadge(e.target.value)} />
          </label>
        )}
        <AdminError error={error} testId="sign-in-error" />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sign-in-submit">
          {firstRun ? t('account.create') : t('account.signIn')} <kbd>{t('keycap.enter')}</kbd>
        </button>
        {demo && !firstRun && <p className="hint" data-testid="demo-accounts">{t('account.demoHint')}</p>}
      </form>
    </main>
  );
}

/** Shown in place of a screen the signed-in role may not open (the station refuses its commands too). */
export function ForbiddenScreen({ need }: { readonly need: string }) {
  const { t } = useTranslation();
  return (
    <section className="screen admin-screen" data-testid="screen-forbidden" role="alert">
      <h2>{t('account.forbiddenTitle')}</h2>
      <p>{t('account.forbidden', { role: t(`account.role.${need}`) })}</p>
    </section>
  );
}

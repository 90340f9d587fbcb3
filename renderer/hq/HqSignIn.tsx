import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqMe } from '../../shared/hq/hqDashboard';
import { hqApi } from './hqApi';

export type SignInNotice = 'none' | 'expired' | 'failed' | 'dbDown';

export function HqSignIn({ notice, language, onSignedIn }: { readonly notice: SignInNotice; readonly language: ReactNode; readonly onSignedIn: (me: HqMe) => void }) {
  const { t } = useTranslation();
  const [merchantId, setMerchantId] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<SignInNotice>(notice);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    void hqApi.signIn(merchantId.trim(), login.trim(), password).then((r) => {
      setBusy(false);
      setPassword('');
      if (r.ok) onSignedIn(r.value);
      else setShown(r.code === 'HQ_DB_DOWN' || r.code === 'HQ_UNREACHABLE' ? 'dbDown' : 'failed');
    });
  };

  return (
    <div className="hq hq-signin-page">
      <form className="hq-signin" onSubmit={submit} data-testid="hq-signin" aria-labelledby="hq-signin-title">
        <div className="hq-signin-head">
          <h1 id="hq-signin-title">{t('hqDash.signIn.title')}</h1>
          {language}
        </div>
        {shown !== 'none' && (
          <p className={`hq-notice ${shown === 'expired' ? 'warn' : 'err'}`} role="alert" data-testid={`hq-notice-${shown}`}>
            {t(`hqDash.signIn.notice.${shown}`)}
          </p>
        )}
        <label>
          {t('hqDash.signIn.merchant')}
          <input value={merchantId} onChange={(e) => setMerchantId(e.target.value)} autoComplete="organization" data-testid="hq-merchant" required autoFocus />
        </label>
        <label>
          {t('hqDash.signIn.login')}
          <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" data-testid="hq-login" required />
        </label>
        <label>
          {t('hqDash.signIn.password')}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="hq-password" required />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="hq-signin-submit">{t('hqDash.signIn.submit')}</button>
      </form>
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqMe } from '../../shared/hq/hqDashboard';
import type { Locale } from '../../shared/domain/station';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { hqApi } from './hqApi';
import { HqSignIn, type SignInNotice } from './HqSignIn';
import { HqDashboard } from './HqDashboard';

type View =
  | { readonly status: 'loading' }
  | { readonly status: 'signedOut'; readonly notice: SignInNotice }
  | { readonly status: 'signedIn'; readonly me: HqMe };

/** The head-office page: sign-in, then the dashboard, in the language chosen here. */
export function HqApp() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<View>({ status: 'loading' });
  const locale = i18n.language as Locale;

  const signedOut = useCallback((notice: SignInNotice) => setView({ status: 'signedOut', notice }), []);

  useEffect(() => {
    void hqApi.me().then((r) => {
      if (r.ok) setView({ status: 'signedIn', me: r.value });
      else signedOut(r.code === 'HQ_DB_DOWN' || r.code === 'HQ_UNREACHABLE' ? 'dbDown' : 'none');
    });
  }, [signedOut]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('hqDash.title');
  }, [locale, t]);

  const language = <LanguageSwitch current={locale} onChange={(l) => void i18n.changeLanguage(l)} />;
  switch (view.status) {
    case 'loading':
      return <div className="hq hq-loading">{t('hqDash.loading')}</div>;
    case 'signedOut':
      return <HqSignIn notice={view.notice} language={language} onSignedIn={(me) => setView({ status: 'signedIn', me })} />;
    case 'signedIn':
      return (
        <HqDashboard
          me={view.me}
          language={language}
          onSignedOut={signedOut}
          onSignOut={() => void hqApi.signOut().then(() => signedOut('none'))}
        />
      );
    default: {
      const never: never = view;
      return never;
    }
  }
}

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/bridge';
import { useStation } from '../api/useStation';
import { DemoBanner } from '../components/DemoBanner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SetupScreen } from '../components/SetupScreen';
import { StatusBar } from '../components/StatusBar';
import { SaleScreen } from './SaleScreen';

export function CashierApp() {
  const { t, i18n } = useTranslation();
  const { snapshot: s, connected, refresh } = useStation('cashier');

  useEffect(() => {
    if (s && i18n.language !== s.locale) void i18n.changeLanguage(s.locale);
    if (s) document.documentElement.lang = s.locale;
  }, [s, i18n]);

  if (!s) {
    return (
      <div className="splash" data-testid="splash">
        {connected ? t('status.starting') : t('status.connectionLost')}
      </div>
    );
  }
  return (
    <div className="app cashier" data-testid="cashier">
      {s.mode === 'demo' && <DemoBanner />}
      <header className="top-bar">
        <h1>
          {t('app.title')} · <span data-testid="store-name">{s.storeName}</span>
        </h1>
        <LanguageSwitch current={s.locale} onChange={(locale) => void call('cashier', 'session:setLocale', { locale, screen: 'cashier' })} />
      </header>
      {s.mode === 'setup' && s.setupProblem ? (
        <SetupScreen problem={s.setupProblem} onReset={() => void call('cashier', 'settings:resetConfig', { confirm: true }).then(refresh)} />
      ) : (
        <main className="cashier-main">
          {!s.ready && <div className="notice">{t('status.notReady')}</div>}
          <SaleScreen currency={s.currency} disabled={!s.ready} />
        </main>
      )}
      <StatusBar s={s} connected={connected} />
    </div>
  );
}

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/bridge';
import { useStation } from '../api/useStation';
import { DemoBanner } from '../components/DemoBanner';
import { LanguageSwitch } from '../components/LanguageSwitch';

/** The customer-facing screen. Idle for now: store name and a welcome in the customer's language. */
export function CustomerApp() {
  const { t, i18n } = useTranslation();
  const { snapshot: s } = useStation('customer');

  useEffect(() => {
    if (s && i18n.language !== s.customerLocale) void i18n.changeLanguage(s.customerLocale);
    if (s) document.documentElement.lang = s.customerLocale;
  }, [s, i18n]);

  if (!s) return <div className="splash customer" />;
  return (
    <div className="app customer" data-testid="customer">
      {s.mode === 'demo' && <DemoBanner />}
      <main className="customer-idle" data-testid="customer-idle">
        <h1 data-testid="customer-store">{s.storeName}</h1>
        <p className="welcome">{t('customer.welcome')}</p>
        <p className="accept">{t('customer.idle')}</p>
      </main>
      <div className="customer-lang">
        <LanguageSwitch current={s.customerLocale} onChange={(locale) => void call('customer', 'session:setLocale', { locale, screen: 'customer' })} />
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { call, getBridge } from '../api/bridge';
import { useStation } from '../api/useStation';
import { Amount } from '../components/Amount';
import { Countdown } from '../components/Countdown';
import { DemoBanner } from '../components/DemoBanner';
import { EntryCodeQr } from '../components/EntryCodeQr';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { QrCode } from '../components/QrCode';
import { useNow } from '../components/useNow';
import { customerView } from './customerView';

/** The customer-facing screen: idle, amount due, order QR with countdown, confirm in app, result. */
export function CustomerApp() {
  const { t, i18n } = useTranslation();
  const { snapshot: s } = useStation('customer');
  const [sale, setSale] = useState<SaleSnapshot | null>(null);
  const now = useNow(1000);
  const [seen, setSeen] = useState<Readonly<Record<string, number>>>({});

  // Remember when this window first saw each attempt in each status (results show for a while).
  useEffect(() => {
    const a = sale?.active ?? sale?.attempts[0];
    const cash = sale?.tenders[sale.tenders.length - 1];
    const key = cash?.kind === 'cash' && sale?.dueMinor === 0 ? `${cash.tenderId}:change` : a ? `${a.paymentRequestId}:${a.status}` : null;
    if (!key) return;
    setSeen((cur) => (key in cur ? cur : { ...cur, [key]: Date.now() }));
  }, [sale]);

  useEffect(() => {
    if (s && i18n.language !== s.customerLocale) void i18n.changeLanguage(s.customerLocale);
    if (s) document.documentElement.lang = s.customerLocale;
  }, [s, i18n]);

  useEffect(() => {
    void call('customer', 'sale:current', {}).then((r) => r.ok && setSale(r.value));
    return getBridge('customer').on('payment:stateChanged', (p) => {
      // Entry-code payments happen on the customer's phone; this screen follows the counter's sale.
      if (p.attempt?.scenario === 'EntryCode' || p.sale.attempts.some((a) => a.scenario === 'EntryCode')) return;
      setSale((cur) => (cur === null || cur.saleId === p.sale.saleId || p.sale.createdAt >= cur.createdAt ? p.sale : cur));
    });
  }, []);

  if (!s) return <div className="splash customer" />;
  const v = customerView(sale, now, (id, status) => seen[`${id}:${status}`] ?? now);
  return (
    <div className="app customer" data-testid="customer" data-view={v.kind}>
      {s.mode === 'demo' && <DemoBanner />}
      <main className={`customer-main view-${v.kind}`} data-testid="customer-main">
        {v.kind === 'idle' && (
          <div className="customer-idle" data-testid="customer-idle">
            <h1 data-testid="customer-store">{s.storeName}</h1>
            <p className="welcome">{t('customer.welcome')}</p>
            <p className="accept">{t('customer.idle')}</p>
            <EntryCodeQr screen="customer" />
          </div>
        )}
        {v.kind !== 'idle' && (
          <div className="customer-sale">
            <p className="due-label">{t('customer.amountDue')}</p>
            <Amount money={v.sale.takenMinor > 0 && v.sale.dueMinor > 0 ? { minor: v.sale.dueMinor, currency: v.sale.amount.currency } : v.sale.amount} className="huge" />
            {v.kind === 'change' && (
              <div className="customer-change" data-testid="customer-change">
                <p className="due-label">{t('shifts.change')}</p>
                <Amount money={{ minor: v.changeMinor, currency: v.sale.amount.currency }} className="huge" />
              </div>
            )}
            {v.kind === 'scanQr' && (
              <>
                <QrCode value={v.codeValue} size={320} label={t('customer.scanQr')} />
                <p className="customer-instruction">{t('customer.scanQr')}</p>
                <Countdown to={v.expiresAt} />
              </>
            )}
            {v.kind === 'confirm' && (
              <>
                <p className="customer-instruction">{t('customer.confirmInApp')}</p>
                <Countdown to={v.expiresAt} />
              </>
            )}
            {v.kind === 'processing' && <p className="customer-instruction">{t('customer.processing')}</p>}
            {v.kind === 'paid' && <p className="customer-result ok" data-testid="customer-result">{t('customer.paid')}</p>}
            {v.kind === 'declined' && <p className="customer-result bad" data-testid="customer-result">{t('customer.declined')}</p>}
            {v.kind === 'cancelled' && <p className="customer-result bad" data-testid="customer-result">{t('customer.cancelled')}</p>}
          </div>
        )}
      </main>
      <div className="customer-lang">
        <LanguageSwitch current={s.customerLocale} onChange={(locale) => void call('customer', 'session:setLocale', { locale, screen: 'customer' })} />
      </div>
    </div>
  );
}

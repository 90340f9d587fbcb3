import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqMe, HqStoreToday, HqToday } from '../../shared/hq/hqDashboard';
import { Amount } from '../components/Amount';
import { hqApi } from './hqApi';
import { ageIn, totalsByCurrency } from './hqFormat';
import { HqHourChart } from './HqHourChart';
import type { SignInNotice } from './HqSignIn';

const REFRESH_MS = 30_000;

type Load = { readonly status: 'loading' } | { readonly status: 'ready'; readonly all: HqToday; readonly detail: HqToday } | { readonly status: 'dbDown' } | { readonly status: 'failed'; readonly code: string };

function Age({ seconds }: { readonly seconds: number | null }) {
  const { t } = useTranslation();
  if (seconds === null) return <span>{t('hqDash.never')}</span>;
  const a = ageIn(seconds);
  return <span>{t(`hqDash.age.${a.unit}`, { n: a.n })}</span>;
}

/** Stores → terminals, today's takings per tender and per hour, unresolved payments, terminal health. */
export function HqDashboard({ me, language, onSignedOut, onSignOut }: { readonly me: HqMe; readonly language: ReactNode; readonly onSignedOut: (n: SignInNotice) => void; readonly onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const [store, setStore] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const [all, detail] = await Promise.all([hqApi.today(null), store ? hqApi.today(store) : null]);
    const failed = !all.ok ? all : detail && !detail.ok ? detail : null;
    if (failed) {
      if (failed.code === 'SIGNED_OUT') return onSignedOut(failed.details.expired ? 'expired' : 'none');
      return setLoad(failed.code === 'HQ_DB_DOWN' || failed.code === 'HQ_UNREACHABLE' ? { status: 'dbDown' } : { status: 'failed', code: failed.code });
    }
    if (all.ok) setLoad({ status: 'ready', all: all.value, detail: detail?.ok ? detail.value : all.value });
  }, [store, onSignedOut]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const header = (
    <header className="hq-top">
      <h1>{t('hqDash.title')}</h1>
      <span className="hq-who" data-testid="hq-who">{t('hqDash.who', { login: me.login, merchant: me.merchantId, role: t(`hqDash.role.${me.role}`) })}</span>
      <span className="hq-spacer" />
      <a className="btn btn-small" href={hqApi.csvHref('takings', store)} download data-testid="hq-csv-takings">{t('hqDash.csvTakings')}</a>
      <a className="btn btn-small" href={hqApi.csvHref('unresolved', store)} download data-testid="hq-csv-unresolved">{t('hqDash.csvUnresolved')}</a>
      <button type="button" className="btn btn-small" onClick={() => void refresh()} data-testid="hq-refresh">{t('hqDash.refresh')}</button>
      {language}
      <button type="button" className="btn btn-small" onClick={onSignOut} data-testid="hq-signout">{t('hqDash.signOut')}</button>
    </header>
  );

  if (load.status !== 'ready') {
    return (
      <div className="hq hq-dash">
        {header}
        {load.status === 'loading' && <p className="hq-notice">{t('hqDash.loading')}</p>}
        {load.status === 'dbDown' && <p className="hq-notice err" role="alert" data-testid="hq-db-down">{t('hqDash.dbDown')}</p>}
        {load.status === 'failed' && <p className="hq-notice err" role="alert">{t('hqDash.failed', { code: load.code })}</p>}
      </div>
    );
  }

  const { all, detail } = load;
  const shownStores: readonly HqStoreToday[] = detail.stores;
  const terminals = shownStores.flatMap((s) => s.terminals.map((x) => ({ ...x, storeId: s.storeId })));
  return (
    <div className="hq hq-dash">
      {header}
      <p className="hq-asof" data-testid="hq-asof">{t('hqDash.asOf', { day: all.day, zone: all.timeZone, time: new Date(all.asOf).toLocaleTimeString(i18n.language, { timeZone: all.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) })}</p>
      <main className="hq-grid">
        <section className="hq-panel hq-stores" aria-labelledby="hq-stores-h">
          <h2 id="hq-stores-h">{t('hqDash.stores')}</h2>
          <div className="hq-store-list" role="listbox" aria-label={t('hqDash.stores')}>
            <button type="button" role="option" aria-selected={store === null} className={`hq-store${store === null ? ' active' : ''}`} onClick={() => setStore(null)} data-testid="hq-store-all">
              <strong>{t('hqDash.allStores', { count: all.stores.length })}</strong>
              <span>{totalsByCurrency(all.tenders).map((m) => <Amount key={m.currency} money={m} />)}</span>
            </button>
            {all.stores.map((s) => {
              const stale = s.terminals.filter((x) => x.stale).length;
              return (
                <button key={s.storeId} type="button" role="option" aria-selected={store === s.storeId} className={`hq-store${store === s.storeId ? ' active' : ''}`} onClick={() => setStore(s.storeId)} data-testid={`hq-store-${s.storeId}`}>
                  <strong>{s.name}</strong>
                  <span data-testid={`hq-store-total-${s.storeId}`}>{totalsByCurrency(s.tenders).map((m) => <Amount key={m.currency} money={m} />)}</span>
                  <small>
                    {t('hqDash.storeLine', { terminals: s.terminals.length, unresolved: s.unresolved })}
                    {stale > 0 && <em className="hq-badge warn">{t('hqDash.staleCount', { count: stale })}</em>}
                  </small>
                </button>
              );
            })}
          </div>
        </section>

        <section className="hq-panel hq-tenders" aria-labelledby="hq-tenders-h">
          <h2 id="hq-tenders-h">{t('hqDash.byTender')}</h2>
          {detail.tenders.length === 0 ? <p className="hq-empty">{t('hqDash.noTakings')}</p> : (
            <table data-testid="hq-tenders">
              <thead><tr><th>{t('hqDash.col.tender')}</th><th className="num">{t('hqDash.col.payments')}</th><th className="num">{t('hqDash.col.amount')}</th></tr></thead>
              <tbody>
                {detail.tenders.map((x) => (
                  <tr key={`${x.tender}|${x.amount.currency}`}><td>{t(`hqDash.tender.${x.tender}`, { defaultValue: x.tender })}</td><td className="num">{x.payments}</td><td className="num"><Amount money={x.amount} /></td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="hq-panel hq-hours" aria-labelledby="hq-hours-h">
          <h2 id="hq-hours-h">{t('hqDash.byHour')}</h2>
          <HqHourChart hours={detail.hours} />
        </section>

        <section className="hq-panel hq-unresolved" aria-labelledby="hq-unresolved-h">
          <h2 id="hq-unresolved-h">{t('hqDash.unresolved', { count: detail.unresolved.length })}</h2>
          {detail.unresolved.length === 0 ? <p className="hq-empty">{t('hqDash.noUnresolved')}</p> : (
            <div className="hq-scroll">
              <table data-testid="hq-unresolved">
                <thead><tr><th>{t('hqDash.col.terminal')}</th><th>{t('hqDash.col.status')}</th><th className="num">{t('hqDash.col.amount')}</th><th className="num">{t('hqDash.col.age')}</th></tr></thead>
                <tbody>
                  {detail.unresolved.map((u) => (
                    <tr key={`${u.terminalId}|${u.paymentRequestId}`}><td className="mono" title={`${u.storeId} ${u.terminalId} ${u.paymentRequestId}`}>{`${u.storeId} ${u.terminalId}`}</td><td>{t(`hqDash.status.${u.status}`, { defaultValue: u.status })}</td><td className="num"><Amount money={u.amount} /></td><td className="num"><Age seconds={u.ageS} /></td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="hq-panel hq-terminals" aria-labelledby="hq-terminals-h">
          <h2 id="hq-terminals-h">{t('hqDash.terminals')}</h2>
          <div className="hq-scroll">
            <table data-testid="hq-terminals">
              <thead><tr><th>{t('hqDash.col.terminal')}</th><th className="num">{t('hqDash.col.lastUpload')}</th><th>{t('hqDash.col.health')}</th><th className="num" title={t('hqDash.col.waitingHint')}>{t('hqDash.col.waiting')}</th></tr></thead>
              <tbody>
                {terminals.map((x) => (
                  <tr key={x.terminalId} data-testid={`hq-terminal-${x.terminalId}`} className={x.stale ? 'stale' : ''}>
                    <td className="mono" title={`${x.storeId} ${x.terminalId}`}>{`${x.storeId} ${x.terminalId}`}</td>
                    <td className="num"><Age seconds={x.lastUploadAgeS} /></td>
                    <td>
                      {x.stale ? <em className="hq-badge warn">{t('hqDash.stale')}</em> : <em className="hq-badge ok">{t('hqDash.uploading')}</em>}
                      {x.chainFlags > 0 && <em className="hq-badge err">{t('hqDash.chainFlags', { count: x.chainFlags })}</em>}
                    </td>
                    <td className="num">{x.waitingNotifications}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </main>
    </div>
  );
}

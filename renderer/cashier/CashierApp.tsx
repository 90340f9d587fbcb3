import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnresolvedAttempts } from '../../shared/domain/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { useStation } from '../api/useStation';
import { DemoBanner } from '../components/DemoBanner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SetupScreen } from '../components/SetupScreen';
import { StatusBar } from '../components/StatusBar';
import { playSound } from '../components/sounds';
import { DevicesScreen } from './DevicesScreen';
import { EntryFeed } from './EntryFeed';
import { EndOfDayScreen } from './EndOfDayScreen';
import { HistoryScreen } from './HistoryScreen';
import { QueueScreen } from './QueueScreen';
import { SaleFlow } from './SaleFlow';
import { ScreenKeyRegistry, ScreenKeysContext } from './screenKeys';
import { SettingsScreen } from './SettingsScreen';
import { useCashierKeyboard } from './cashierKeyboard';
import { ShiftScreen } from './ShiftScreen';
import { ForbiddenScreen, SignInScreen } from './SignInScreen';
import { roleAtLeast, type Role } from '../../shared/domain/account';

// `need`: the role the screen's own commands need (the contract's access table), so a cashier sees why
// instead of a screen full of refusals.
const SCREENS = [
  { id: 'sale', key: 'F1', need: 'cashier' },
  { id: 'history', key: 'F2', need: 'cashier' },
  { id: 'queue', key: 'F3', need: 'cashier' },
  { id: 'devices', key: 'F4', need: 'manager' },
  { id: 'settings', key: 'F5', need: 'manager' },
  { id: 'eod', key: 'F6', need: 'supervisor' },
  { id: 'shift', key: 'F10', need: 'cashier' },
] as const satisfies ReadonlyArray<{ id: string; key: string; need: Role }>;
type ScreenId = (typeof SCREENS)[number]['id'];

export function CashierApp() {
  const { t, i18n } = useTranslation();
  const { snapshot: s, connected, refresh } = useStation('cashier');
  const [screen, setScreen] = useState<ScreenId>('sale');
  const [scanError, setScanError] = useState<IpcError | null>(null);
  const [unresolved, setUnresolved] = useState<UnresolvedAttempts | null>(null);
  const [shownSaleId, setShownSaleId] = useState<string | null>(null);
  const [screenKeys] = useState(() => new ScreenKeyRegistry());
  // Read by station events, which outlive a render.
  const screenRef = useRef<ScreenId>('sale');
  useLayoutEffect(() => {
    screenRef.current = screen;
  }, [screen]);

  useEffect(() => {
    if (s && i18n.language !== s.locale) void i18n.changeLanguage(s.locale);
    if (s) document.documentElement.lang = s.locale;
  }, [s, i18n]);

  const signedIn = s?.session?.accountId ?? null;
  useEffect(() => {
    if (!signedIn) return;
    const b = getBridge('cashier');
    void call('cashier', 'payment:unresolved', {}).then((r) => r.ok && setUnresolved(r.value));
    const offs = [
      b.on('payment:unresolvedListed', setUnresolved),
      // Scans from device scanners that could not start a payment: say why, loudly.
      b.on('payment:scanRefused', (r) => {
        setScreen('sale');
        setScanError({ code: r.code as IpcError['code'], message: r.message, retryable: false });
        playSound('declined');
      }),
      b.on('device:scanRejected', (r) => setScanError({ code: 'SCAN_REJECTED', message: `${r.reason}: ${r.detail}`, retryable: false })),
      // A serial/HID scanner's code while no sale is open: the keyed amount takes it (amount, then
      // scan, no Enter), exactly as a wedge scan does; with no amount keyed nothing is charged.
      b.on('payment:scanForwarded', (f) => {
        if (screenRef.current === 'sale' && screenKeys.scan(f.code)) return;
        setScreen('sale');
        // A charge on its way (Enter just pressed) has its sale at the station by now: the code goes there.
        void call('cashier', 'payment:scan', { code: f.code }).then((r) => {
          if (r.ok) return setScanError(null);
          setScanError(r.error.code === 'INVALID_STATE' ? { code: 'AMOUNT_FIRST', message: r.error.message, retryable: false } : r.error);
          playSound('declined');
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [signedIn, screenKeys]);

  const goTo = (id: ScreenId): void => {
    if (id !== screen) screenKeys.discardEarly();
    setScreen(id);
  };
  useCashierKeyboard((e) => {
    switch (e.type) {
      case 'key': {
        const target = SCREENS.find((x) => x.key === e.key.key);
        if (target) goTo(target.id);
        else screenKeys.dispatch(e.key);
        return;
      }
      case 'tentative':
        screenKeys.tentative(e.key);
        return;
      case 'kept':
        screenKeys.kept();
        return;
      case 'scan':
        // The scanner's digits may be on screen already (shown optimistically): take them back first,
        // so that the amount is the person's before anyone reads it.
        screenKeys.retract();
        // The sale screen takes a scan with a typed amount itself (amount, then scan, no Enter).
        if (screen === 'sale' && screenKeys.scan(e.raw)) return;
        // Otherwise the scan is for the open sale: only the sale screen takes payments.
        goTo('sale');
        void call('cashier', 'payment:scan', { code: e.raw }).then((r) => setScanError(r.ok ? null : r.error));
        return;
    }
  });

  if (!s) {
    return (
      <div className="splash" data-testid="splash">
        {connected ? t('status.starting') : t('status.connectionLost')}
      </div>
    );
  }
  const session = s.session;
  const current = SCREENS.find((x) => x.id === screen)!;
  const allowed = session !== null && roleAtLeast(session.role, current.need);
  // The payment on the sale screen is shown there in full; the banner is for the others.
  const open = unresolved?.attempts.filter((a) => !a.final && (unresolved.recovering || a.saleId !== shownSaleId || screen !== 'sale')) ?? [];
  return (
    <div className="app cashier" data-testid="cashier">
      {s.mode === 'demo' && <DemoBanner />}
      {s.network === 'offline' && (
        <div className="offline-banner" role="alert" data-testid="offline-banner">
          {t('banner.offline')}
        </div>
      )}
      {s.gatewayRejected && (
        <div className="offline-banner" role="alert" data-testid="gateway-rejected-banner">
          {t('banner.gatewayRejected', { code: s.gatewayRejected })}
        </div>
      )}
      {open.length > 0 && (
        <div className="unresolved-banner" role="status" data-testid="unresolved-banner">
          {unresolved?.recovering ? t('banner.recovering', { count: open.length }) : t('banner.unresolved', { count: open.length })}
        </div>
      )}
      <header className="top-bar">
        <h1 title={`${t('app.title')} · ${s.storeName}`}>
          <span className="app-title">
            {t('app.title')}
            {' · '}
          </span>
          <span data-testid="store-name" title={s.storeName}>{s.storeName}</span>
        </h1>
        <nav className="nav" aria-label={t('nav.label')}>
          {SCREENS.map((x) => (
            <button key={x.id} type="button" className={`btn btn-small${screen === x.id ? ' active' : ''}`} aria-current={screen === x.id ? 'page' : undefined} data-testid={`nav-${x.id}`} aria-keyshortcuts={x.key} onClick={() => goTo(x.id)}>
              {x.id === 'shift' ? t('shifts.nav') : t(`nav.${x.id}`)} <kbd>{x.key}</kbd>
            </button>
          ))}
        </nav>
        {session && (
          <div className="who" data-testid="signed-in">
            <span data-testid="signed-in-name" title={`${session.name} · ${session.shortId} · ${t(`account.role.${session.role}`)}`}>
              {session.name} · {session.shortId} · {t(`account.role.${session.role}`)}
            </span>
            <button type="button" className="btn btn-small" data-testid="switch-cashier" onClick={() => void call('cashier', 'account:signOut', {}).then(() => setScreen('sale'))}>
              {t('account.switch')}
            </button>
          </div>
        )}
        <LanguageSwitch current={s.locale} onChange={(locale) => void call('cashier', 'session:setLocale', { locale, screen: 'cashier' })} />
      </header>
      {!session ? (
        <SignInScreen firstRun={!s.accountsSetUp} demo={s.mode === 'demo'} />
      ) : s.mode === 'setup' && s.setupProblem ? (
        <SetupScreen problem={s.setupProblem} onReset={() => void call('cashier', 'settings:resetConfig', { confirm: true }).then(refresh)} />
      ) : (
        <ScreenKeysContext.Provider value={screenKeys}>
          <main className="cashier-main">
            {!s.ready && <div className="notice">{t('status.notReady')}</div>}
            {!allowed && <ForbiddenScreen need={current.need} />}
            {allowed && screen === 'sale' && <SaleFlow currency={s.currency} ready={s.ready} locale={s.locale} scanError={scanError} onScanError={setScanError} onShownSale={setShownSaleId} />}
            {allowed && screen === 'sale' && <EntryFeed demo={s.mode === 'demo'} />}
            {allowed && screen === 'history' && <HistoryScreen />}
            {allowed && screen === 'queue' && <QueueScreen />}
            {allowed && screen === 'devices' && <DevicesScreen />}
            {allowed && screen === 'settings' && <SettingsScreen />}
            {allowed && screen === 'eod' && <EndOfDayScreen />}
            {allowed && screen === 'shift' && <ShiftScreen currency={s.currency} locale={s.locale} />}
          </main>
        </ScreenKeysContext.Provider>
      )}
      <StatusBar s={s} connected={connected} />
    </div>
  );
}

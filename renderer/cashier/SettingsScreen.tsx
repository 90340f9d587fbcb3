import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperWidth } from '../../shared/domain/receipt';
import type { DevicesSnapshot } from '../../shared/ipc/commands/device';
import type { SettingsUpdated, SettingsView } from '../../shared/ipc/commands/settings';
import type { InputOf } from '../../shared/ipc/contract';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AccountsPanel } from './AccountsPanel';
import { AdminError } from './AdminError';
import { printerFormFrom, printerRefOf, printerSelection, printerStatusModeOf } from './deviceView';
import { KeyImport } from './KeyImport';
import { CnCredentialImport } from './CnCredentialImport';
import { PinChange } from './PinChange';
import { TillClients } from './TillClients';
import { RegistrationCard } from './RegistrationCard';
import { HqLinkCard } from './HqLinkCard';
import { useScreenKeys } from './screenKeys';
import { formFrom, patchFrom, type SettingsForm } from './settingsForm';

type TextField = 'storeName' | 'merchantName' | 'referenceMerchantId' | 'referenceStoreId' | 'terminalId' | 'clientId' | 'publicBaseUrl';

const EXPIRY_CHOICES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

/** Settings (F5): store and Alipay ids, keys, payment expiry, languages, paper, PIN, registration. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [devices, setDevices] = useState<DevicesSnapshot | null>(null);
  const { busy, error, run, setError } = useCommand();
  const [local, setLocal] = useState<string | null>(null);
  const [result, setResult] = useState<SettingsUpdated | null>(null);
  // The accounts panel replaces the settings view while open (Settings itself does not grow).
  const [accountsOpen, setAccountsOpen] = useState(false);

  const load = useCallback(() => {
    void call('cashier', 'settings:get', {}).then((r) => {
      if (r.ok) {
        setView(r.value);
        setForm(formFrom(r.value));
        setError(null);
      } else setError(r.error);
    });
    void call('cashier', 'device:status', {}).then((r) => r.ok && setDevices(r.value));
  }, [setError]);
  useEffect(load, [load]);

  const save = (): void => {
    if (!view || !form) return;
    const p = patchFrom(view, form);
    if (!p.ok) return setLocal(t(`settings.formError.${p.error}`));
    setLocal(null);
    if (p.empty) return setLocal(t('settings.nothingChanged'));
    void run(call('cashier', 'settings:update', { patch: p.patch }), (v) => {
      setResult(v);
      setView(v.settings);
      setForm(formFrom(v.settings));
    });
  };

  const setPaper = (paper: PaperWidth): void => {
    if (!devices || devices.paper === paper) return;
    const selection = printerSelection(printerFormFrom(printerRefOf(devices.printer), paper, printerStatusModeOf(devices.printer)));
    void call('cashier', 'device:configure', { role: 'printer', selection } as InputOf<'device:configure'>).then((r) => (r.ok ? setDevices(r.value) : setError(r.error)));
  };

  useScreenKeys((k) => {
    if (k.key === 'Escape' && accountsOpen) return setAccountsOpen(false);
    if (k.key === 'Escape' && view) {
      setForm(formFrom(view));
      setLocal(null);
    }
  });

  if (accountsOpen) return <AccountsPanel onClose={() => setAccountsOpen(false)} />;
  if (!view || !form) {
    return (
      <section className="screen admin-screen settings" data-testid="settings-screen">
        <AdminError error={error} />
      </section>
    );
  }
  const set = <K extends keyof SettingsForm>(k: K, v: SettingsForm[K]): void => setForm({ ...form, [k]: v });
  const text = (k: TextField, label: string, testId: string) => (
    <label className="field">
      <span>
        {label}
        {view.envOverridden.includes(fieldOf(k)) && <em className="env-note">{t('settings.setByEnv')}</em>}
      </span>
      <input value={form[k]} data-testid={testId} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
    </label>
  );

  return (
    <section className="screen admin-screen settings" data-testid="settings-screen" aria-label={t('settings.title')}>
      <div className="admin-column">
        <div className="accounts-head">
          <div>
            <h2>{t('settings.title')}</h2>
            <p className="hint">
              {t('settings.mode')}: <strong data-testid="settings-mode">{t(`mode.${view.mode}`)}</strong>
            </p>
          </div>
          <button type="button" className="btn" data-testid="accounts-open" title={t('accountsAdmin.openHint')} onClick={() => setAccountsOpen(true)}>
            {t('accountsAdmin.open')}
          </button>
        </div>
        {view.restartNeeded.length > 0 && (
          <div className="notice" role="status" data-testid="restart-needed">
            {t('settings.restartNeeded', { fields: view.restartNeeded.join(', ') })}
          </div>
        )}
        <form
          className="card"
          data-testid="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <h3>{t('settings.general')}</h3>
          <div className="row">
            <label className="field">
              <span>{t('settings.locale')}</span>
              <select value={form.locale} data-testid="settings-locale" onChange={(e) => set('locale', e.target.value as SettingsForm['locale'])}>
                <option value="zh-CN">{t('language.zh-CN')}</option>
                <option value="en">{t('language.en')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('settings.customerLocale')}</span>
              <select value={form.customerLocale} data-testid="settings-customer-locale" onChange={(e) => set('customerLocale', e.target.value as SettingsForm['customerLocale'])}>
                <option value="zh-CN">{t('language.zh-CN')}</option>
                <option value="en">{t('language.en')}</option>
              </select>
            </label>
            <label className="field">
              <span>{t('settings.expiry')}</span>
              <select value={form.expiryMinutes} data-testid="settings-expiry" onChange={(e) => set('expiryMinutes', e.target.value)}>
                {EXPIRY_CHOICES.map((m) => (
                  <option key={m} value={m}>
                    {t('settings.minutes', { count: Number(m) })}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <h3>{t('settings.store')}</h3>
          <div className="row">
            {text('storeName', t('settings.storeName'), 'settings-store-name')}
            {text('merchantName', t('settings.merchantName'), 'settings-merchant-name')}
          </div>
          <div className="row">
            {text('referenceMerchantId', t('settings.referenceMerchantId'), 'settings-merchant-id')}
            {text('referenceStoreId', t('settings.referenceStoreId'), 'settings-store-id')}
            {text('terminalId', t('settings.terminalId'), 'settings-terminal-id')}
          </div>
          <h3>{t('settings.alipay')}</h3>
          <div className="row">
            {text('clientId', t('settings.clientId'), 'settings-client-id')}
            <label className="field">
              <span>{t('settings.region')}</span>
              <select value={form.region} data-testid="settings-region" onChange={(e) => set('region', e.target.value as SettingsForm['region'])}>
                {(['SEA', 'NA', 'EU'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`settings.regions.${r}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="field">
            <span>{t('acquirer.label')}</span>
            <select value={form.acquirer} data-testid="settings-acquirer" onChange={(e) => set('acquirer', e.target.value as SettingsForm['acquirer'])}>
              {(['ams', 'alipay-cn'] as const).map((a) => (
                <option key={a} value={a}>
                  {t(`acquirer.${a}`)}
                </option>
              ))}
            </select>
          </label>
          {text('publicBaseUrl', t('settings.publicBaseUrl'), 'settings-public-url')}
          {view.notifications.kind === 'pollingOnly' && (
            <p className="env-note" role="note" data-testid="settings-polling-only">
              {t(`notifyReach.${view.notifications.reason}`)}
            </p>
          )}
          {local && (
            <div className="admin-error" role="alert" data-testid="settings-local-error">
              {local}
            </div>
          )}
          <AdminError error={error} testId="settings-error" />
          {result && (
            <p className="admin-ok" role="status" data-testid="settings-saved">
              {result.applied.length > 0 ? t('settings.applied', { fields: result.applied.join(', ') }) : t('settings.savedOnly')}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="settings-save">
              {t('settings.save')} <kbd>{t('keycap.enter')}</kbd>
            </button>
            <button type="button" className="btn" onClick={() => setForm(formFrom(view))}>
              {t('settings.revert')} <kbd>{t('keycap.esc')}</kbd>
            </button>
          </div>
        </form>
        {devices && (
          <fieldset className="card radio-row" data-testid="paper-width">
            <legend>{t('settings.paper')}</legend>
            {devices.printer.status === 'notConfigured' ? (
              <p className="hint">{t('settings.noPrinter')}</p>
            ) : (
              (['58mm', '80mm'] as const).map((p) => (
                <label key={p} className="radio">
                  <input type="radio" name="settings-paper" checked={devices.paper === p} data-testid={`settings-paper-${p}`} onChange={() => setPaper(p)} />
                  <span>{t(`devices.paperWidth.${p}`)}</span>
                </label>
              ))
            )}
          </fieldset>
        )}
        <TillClients />
        <HqLinkCard locale={view.locale} />
      </div>
      <div className="admin-column">
        <RegistrationCard initial={view.registration} locale={view.locale} details={view.registrationDetails} />
        {view.alipay.acquirer === 'alipay-cn' ? (
          <CnCredentialImport appId={view.alipay.cn?.appId ?? null} hasAppPrivateKey={view.alipay.cn?.hasAppPrivateKey ?? false} mode={view.alipay.cn?.mode ?? null} onImported={load} />
        ) : (
          <KeyImport hasPrivateKey={view.alipay.hasPrivateKey} hasAlipayPublicKey={view.alipay.hasAlipayPublicKey} onImported={load} />
        )}
        <PinChange />
      </div>
    </section>
  );
}

/** The config field behind a form field, for the "set by the environment" note. */
function fieldOf(k: keyof SettingsForm): string {
  switch (k) {
    case 'storeName':
      return 'store.name';
    case 'clientId':
      return 'alipay.clientId';
    case 'region':
      return 'alipay.region';
    case 'publicBaseUrl':
      return 'alipay.publicBaseUrl';
    case 'acquirer':
      return 'alipay.acquirer';
    case 'expiryMinutes':
      return 'payment.expiryMinutes';
    case 'locale':
    case 'customerLocale':
      return k;
    default:
      return `store.${k}`;
  }
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistrationView } from '../../shared/ipc/commands/settings';
import type { Envelope } from '../../shared/ipc/envelope';
import { useCommand } from '../api/useCommand';
import { call, getBridge } from '../api/bridge';
import { AdminError } from './AdminError';
import { RegistrationDetailsForm } from './RegistrationDetailsForm';
import type { MerchantRegistrationDetails } from '../../shared/domain/merchantRegistration';
import { dateTimeText } from './adminFormat';

const KNOWN = ['SENDING', 'PROCESSING', 'APPROVED', 'REJECTED', 'FAILED'];

/** Store registration with Alipay: register, then watch the status change (notification or inquiry). */
export function RegistrationCard({ initial, locale, details }: { readonly initial: RegistrationView | null; readonly locale: string; readonly details: MerchantRegistrationDetails | null }) {
  const { t } = useTranslation();
  const [reg, setReg] = useState<RegistrationView | null>(initial);
  const command = useCommand();
  const { busy, error } = command;

  useEffect(() => getBridge('cashier').on('settings:registrationChanged', (r) => setReg(r)), []);

  const run = (p: Promise<Envelope<RegistrationView | null>>): void => void command.run(p, setReg);

  const tone = reg?.status === 'APPROVED' ? 'dev-ok' : reg?.final ? 'dev-error' : 'dev-warning';
  return (
    <div className="card" data-testid="registration-card">
      <h3>{t('settings.registration')}</h3>
      <p className="hint">{t('settings.registrationHint')}</p>
      {reg ? (
        <dl className="facts-grid">
          <dt>{t('settings.registrationStatus')}</dt>
          <dd>
            <span className={`pill ${tone}`} data-testid="registration-status" data-status={reg.status}>
              {KNOWN.includes(reg.status) ? t(`settings.regStatus.${reg.status}`) : reg.status}
            </span>
          </dd>
          <dt>{t('settings.referenceMerchantId')}</dt>
          <dd className="mono">{reg.referenceMerchantId}</dd>
          <dt>{t('settings.referenceStoreId')}</dt>
          <dd className="mono">{reg.referenceStoreId}</dd>
          <dt>{t('settings.registrationUpdated')}</dt>
          <dd>
            {dateTimeText(reg.updatedAt, locale)} · {t(`settings.regSource.${reg.source}`)}
          </dd>
          {reg.rejectReasons && (
            <>
              <dt>{t('settings.rejectReasons')}</dt>
              <dd>{reg.rejectReasons}</dd>
            </>
          )}
          {reg.lastError && (
            <>
              <dt>{t('settings.registrationError')}</dt>
              <dd className="mono">{reg.lastError}</dd>
            </>
          )}
        </dl>
      ) : (
        <p data-testid="registration-none">{t('settings.notRegistered')}</p>
      )}
      <RegistrationDetailsForm initial={details} />
      <AdminError error={error} />
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} data-testid="register" onClick={() => run(call('cashier', 'settings:register', {}))}>
          {t('settings.register')}
        </button>
        <button type="button" className="btn" disabled={busy || !reg} data-testid="registration-refresh" onClick={() => run(call('cashier', 'settings:registrationStatus', { refresh: true }))}>
          {t('settings.checkStatus')}
        </button>
      </div>
    </div>
  );
}

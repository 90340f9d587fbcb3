import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MerchantRegistrationDetails } from '../../shared/domain/merchantRegistration';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';

type Field = 'legalName' | 'registrationNo' | 'region' | 'city' | 'address1' | 'website' | 'logoUrl';

function formOf(d: MerchantRegistrationDetails | null): Record<Field, string> & { businessType: 'ENTERPRISE' | 'INDIVIDUAL' } {
  return {
    legalName: d?.legalName ?? '', registrationNo: d?.registrationNo ?? '', businessType: d?.businessType ?? 'ENTERPRISE',
    region: d?.registrationAddress.region ?? 'CN', city: d?.registrationAddress.city ?? '', address1: d?.registrationAddress.address1 ?? '',
    website: d?.websites?.[0] ?? '', logoUrl: d?.logoUrl ?? '',
  };
}

/**
 * The legal entity Alipay needs before it registers a store (merchantInfo.registrationDetail …).
 * Folded away by default: it is entered once at installation. The station validates it again.
 */
export function RegistrationDetailsForm({ initial, onSaved }: { readonly initial: MerchantRegistrationDetails | null; readonly onSaved?: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => formOf(initial));
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (k: Field, v: string): void => {
    setForm((f) => ({ ...f, [k]: v }));
    setSaved(false);
  };
  const save = (): void => {
    const registration = {
      legalName: form.legalName.trim(), registrationNo: form.registrationNo.trim(), businessType: form.businessType,
      registrationAddress: { region: form.region.trim().toUpperCase(), city: form.city.trim(), address1: form.address1.trim() },
      ...(form.website.trim() ? { websites: [form.website.trim()] } : {}),
      ...(form.logoUrl.trim() ? { logoUrl: form.logoUrl.trim() } : {}),
    };
    void call('cashier', 'settings:update', { patch: { registration } }).then((r) => {
      if (r.ok) {
        setError(null);
        setSaved(true);
        onSaved?.();
      } else setError(r.error);
    });
  };
  const text = (k: Field, label: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={form[k]} data-testid={`reg-${k}`} onChange={(e) => set(k, e.target.value)} />
    </label>
  );
  return (
    <details className="reg-details" data-testid="registration-details">
      <summary>{t('registrationDetails.title')}</summary>
      <p className="hint">{t('registrationDetails.hint')}</p>
      {text('legalName', t('registrationDetails.legalName'))}
      <div className="row">
        {text('registrationNo', t('registrationDetails.registrationNo'))}
        <label className="field">
          <span>{t('registrationDetails.businessType')}</span>
          <select value={form.businessType} data-testid="reg-businessType" onChange={(e) => setForm((f) => ({ ...f, businessType: e.target.value as 'ENTERPRISE' | 'INDIVIDUAL' }))}>
            <option value="ENTERPRISE">{t('registrationDetails.enterprise')}</option>
            <option value="INDIVIDUAL">{t('registrationDetails.individual')}</option>
          </select>
        </label>
      </div>
      <div className="row">
        {text('region', t('registrationDetails.region'))}
        {text('city', t('registrationDetails.city'))}
      </div>
      {text('address1', t('registrationDetails.address'))}
      <div className="row">
        {text('website', t('registrationDetails.website'))}
        {text('logoUrl', t('registrationDetails.logoUrl'))}
      </div>
      <AdminError error={error} testId="reg-details-error" />
      {saved && (
        <p className="admin-ok" role="status" data-testid="reg-details-saved">
          {t('registrationDetails.saved')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" data-testid="reg-details-save" onClick={save}>
          {t('registrationDetails.save')}
        </button>
      </div>
    </details>
  );
}

import { useTranslation } from 'react-i18next';
import type { ScannerForm } from './deviceView';

const KINDS: ReadonlyArray<ScannerForm['kind']> = ['serial', 'hid', 'wedge', 'none'];
const SUFFIXES: ReadonlyArray<ScannerForm['suffix']> = ['CR', 'LF', 'CRLF', 'none'];

/** The scanner role: which device, and how a serial one frames its scans. */
export function ScannerSetup({ form, onChange, onApply, busy }: { readonly form: ScannerForm; readonly onChange: (f: ScannerForm) => void; readonly onApply: () => void; readonly busy: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof ScannerForm>(k: K, v: ScannerForm[K]): void => onChange({ ...form, [k]: v });
  return (
    <form
      className="device-form"
      data-testid="scanner-form"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <label className="field">
        <span>{t('devices.scannerKind')}</span>
        <select value={form.kind} data-testid="scanner-kind" onChange={(e) => set('kind', e.target.value as ScannerForm['kind'])}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`devices.scannerKinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {(form.kind === 'serial' || form.kind === 'hid') && (
        <>
          <label className="field">
            <span>{t('devices.path')}</span>
            <input value={form.path} data-testid="scanner-path" onChange={(e) => set('path', e.target.value)} />
          </label>
          <div className="row">
            <label className="field">
              <span>{t('devices.vendorId')}</span>
              <input value={form.vendorId} maxLength={4} onChange={(e) => set('vendorId', e.target.value)} />
            </label>
            <label className="field">
              <span>{t('devices.productId')}</span>
              <input value={form.productId} maxLength={4} onChange={(e) => set('productId', e.target.value)} />
            </label>
          </div>
        </>
      )}
      {form.kind === 'serial' && (
        <div className="row">
          <label className="field">
            <span>{t('devices.baudRate')}</span>
            <input inputMode="numeric" value={form.baudRate} onChange={(e) => set('baudRate', e.target.value.replace(/\D/g, ''))} />
          </label>
          <label className="field">
            <span>{t('devices.suffix')}</span>
            <select value={form.suffix} onChange={(e) => set('suffix', e.target.value as ScannerForm['suffix'])}>
              {SUFFIXES.map((s) => (
                <option key={s} value={s}>
                  {t(`devices.suffixes.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="scanner-apply">
        {t('devices.apply')} <kbd>{t('keycap.enter')}</kbd>
      </button>
    </form>
  );
}

import { useTranslation } from 'react-i18next';
import type { PrinterForm } from './deviceView';

const TRANSPORTS: ReadonlyArray<PrinterForm['transport']> = ['serial', 'usb', 'tcp', 'none'];

/** The printer role: how to reach it and the paper it has. */
export function PrinterSetup({ form, onChange, onApply, busy }: { readonly form: PrinterForm; readonly onChange: (f: PrinterForm) => void; readonly onApply: () => void; readonly busy: boolean }) {
  const { t } = useTranslation();
  const set = <K extends keyof PrinterForm>(k: K, v: PrinterForm[K]): void => onChange({ ...form, [k]: v });
  return (
    <form
      className="device-form"
      data-testid="printer-form"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <label className="field">
        <span>{t('devices.transport')}</span>
        <select value={form.transport} data-testid="printer-transport" onChange={(e) => set('transport', e.target.value as PrinterForm['transport'])}>
          {TRANSPORTS.map((k) => (
            <option key={k} value={k}>
              {t(`devices.transports.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {(form.transport === 'serial' || form.transport === 'usb') && (
        <label className="field">
          <span>{t('devices.path')}</span>
          <input value={form.path} data-testid="printer-path" placeholder={form.transport === 'usb' ? t('devices.usbHint') : undefined} onChange={(e) => set('path', e.target.value)} />
        </label>
      )}
      {form.transport === 'serial' && (
        <label className="field">
          <span>{t('devices.baudRate')}</span>
          <input inputMode="numeric" value={form.baudRate} onChange={(e) => set('baudRate', e.target.value.replace(/\D/g, ''))} />
        </label>
      )}
      {form.transport === 'tcp' && (
        <div className="row">
          <label className="field">
            <span>{t('devices.host')}</span>
            <input value={form.host} data-testid="printer-host" onChange={(e) => set('host', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('devices.port')}</span>
            <input inputMode="numeric" value={form.port} onChange={(e) => set('port', e.target.value.replace(/\D/g, ''))} />
          </label>
        </div>
      )}
      {form.transport !== 'none' && (
        <fieldset className="field radio-row">
          <legend>{t('devices.paper')}</legend>
          {(['58mm', '80mm'] as const).map((p) => (
            <label key={p} className="radio">
              <input type="radio" name="paper" value={p} checked={form.paper === p} data-testid={`printer-paper-${p}`} onChange={() => set('paper', p)} />
              <span>{t(`devices.paperWidth.${p}`)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {form.transport !== 'none' && (
        <fieldset className="field radio-row">
          <legend>{t('writeOnlyPrinter.modeLabel')}</legend>
          {(['query', 'none'] as const).map((m) => (
            <label key={m} className="radio">
              <input type="radio" name="statusMode" value={m} checked={form.statusMode === m} data-testid={`printer-status-mode-${m}`} onChange={() => set('statusMode', m)} />
              <span>{t(`writeOnlyPrinter.mode.${m}`)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy} data-testid="printer-apply">
        {t('devices.apply')} <kbd>{t('keycap.enter')}</kbd>
      </button>
    </form>
  );
}

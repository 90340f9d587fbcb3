import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HidInfo, SerialPortInfo } from '../../shared/ipc/commands/device';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';

/** Serial ports and HID devices on this PC, each with a button to use it for a role. */
export function PortLists({ onPick }: { readonly onPick: (role: 'scanner' | 'printer', pick: { kind: 'serial' | 'hid'; path: string; vendorId: string | null; productId: string | null }) => void }) {
  const { t } = useTranslation();
  const [ports, setPorts] = useState<SerialPortInfo[] | null>(null);
  const [hid, setHid] = useState<HidInfo[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const listPorts = (): void => {
    void call('cashier', 'device:listPorts', {}).then((r) => (r.ok ? (setPorts(r.value), setError(null)) : setError(r.error)));
  };
  const listHid = (): void => {
    void call('cashier', 'device:listHid', {}).then((r) => (r.ok ? (setHid(r.value), setError(null)) : setError(r.error)));
  };

  return (
    <div className="card" data-testid="port-lists">
      <h3>{t('devices.found')}</h3>
      <div className="actions">
        <button type="button" className="btn" data-testid="list-ports" onClick={listPorts}>
          {t('devices.listPorts')}
        </button>
        <button type="button" className="btn" data-testid="list-hid" onClick={listHid}>
          {t('devices.listHid')}
        </button>
      </div>
      <AdminError error={error} />
      {ports && (
        <table className="admin-table" data-testid="port-list">
          <caption>{t('devices.serialPorts')}</caption>
          <tbody>
            {ports.length === 0 && (
              <tr>
                <td>{t('devices.noneFound')}</td>
              </tr>
            )}
            {ports.map((p) => (
              <tr key={p.path} data-testid="port-row">
                <td className="mono">{p.path}</td>
                <td>{p.virtual ? t('devices.virtual') : (p.manufacturer ?? '')}</td>
                <td className="mono">{p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : ''}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small" onClick={() => onPick('scanner', { kind: 'serial', path: p.path, vendorId: p.vendorId, productId: p.productId })}>
                    {t('devices.useForScanner')}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => onPick('printer', { kind: 'serial', path: p.path, vendorId: p.vendorId, productId: p.productId })}>
                    {t('devices.useForPrinter')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hid && (
        <table className="admin-table" data-testid="hid-list">
          <caption>{t('devices.hidDevices')}</caption>
          <tbody>
            {hid.length === 0 && (
              <tr>
                <td>{t('devices.noneFound')}</td>
              </tr>
            )}
            {hid.map((d) => (
              <tr key={d.path}>
                <td>{[d.manufacturer, d.product].filter(Boolean).join(' ')}</td>
                <td className="mono">{`${d.vendorId}:${d.productId}`}</td>
                <td>{d.posScanner ? t('devices.hidPos') : ''}</td>
                <td className="actions">
                  <button type="button" className="btn btn-small" onClick={() => onPick('scanner', { kind: 'hid', path: d.path, vendorId: d.vendorId, productId: d.productId })}>
                    {t('devices.useForScanner')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

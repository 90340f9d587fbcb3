import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DevicesSnapshot, TestScanResult } from '../../shared/ipc/commands/device';
import type { DemoPrinterOutput } from '../../shared/ipc/commands/demo';
import type { Envelope } from '../../shared/ipc/envelope';
import type { InputOf } from '../../shared/ipc/contract';
import { call, getBridge } from '../api/bridge';
import { useCommand } from '../api/useCommand';
import { useStation } from '../api/useStation';
import { AdminError } from './AdminError';
import { dateTimeText } from './adminFormat';
import { DEFAULT_SCANNER_FORM, offerNoStatusMode, printerFormFrom, printerRefOf, printerSelection, printerStatus, printerStatusModeOf, scannerSelection, scannerStatus, type PrinterForm, type ScannerForm } from './deviceView';
import { PortLists } from './PortLists';
import { PrinterSetup } from './PrinterSetup';
import { ScannerSetup } from './ScannerSetup';
import { TestPagePreview } from './TestPagePreview';

/** Devices (F4): live status, choosing a scanner and a printer, test scan, test print, drawer. */
export function DevicesScreen() {
  const { t } = useTranslation();
  const { snapshot } = useStation('cashier');
  const locale = snapshot?.locale ?? 'zh-CN';
  const demo = snapshot?.mode === 'demo';
  const [devices, setDevices] = useState<DevicesSnapshot | null>(null);
  const { busy, error, run, setError } = useCommand();
  const [notice, setNotice] = useState<string | null>(null);
  const [scannerForm, setScannerForm] = useState<ScannerForm>(DEFAULT_SCANNER_FORM);
  const [printerForm, setPrinterForm] = useState<PrinterForm | null>(null);
  const [testScan, setTestScan] = useState<TestScanResult | 'waiting' | null>(null);
  const [previewAt, setPreviewAt] = useState(() => Date.now());
  const [paperOut, setPaperOut] = useState<DemoPrinterOutput | null>(null);
  const [editing, setEditing] = useState<'scanner' | 'printer' | null>(null);

  const loadPaper = useCallback(() => {
    if (!demo) return;
    void call('cashier', 'demo:printerOutput', { limit: 40 }).then((r) => setPaperOut(r.ok ? r.value : null));
  }, [demo]);

  useEffect(() => {
    void call('cashier', 'device:status', {}).then((r) => (r.ok ? setDevices(r.value) : setError(r.error)));
    return getBridge('cashier').on('device:statusChanged', (d) => setDevices(d));
  }, [setError]);

  // What the virtual printer decoded follows every change of the print queue.
  useEffect(() => loadPaper(), [loadPaper, devices?.queue]);

  const form = printerForm ?? (devices ? printerFormFrom(printerRefOf(devices.printer), devices.paper, printerStatusModeOf(devices.printer)) : null);

  const act = <T,>(p: Promise<Envelope<T>>, ok: (v: T) => void): void => {
    setNotice(null);
    void run(p, ok);
  };

  const configure = (role: 'scanner' | 'printer', printer: PrinterForm | null = form): void => {
    const selection = role === 'scanner' ? scannerSelection(scannerForm) : printerSelection(printer!);
    // The station validates the selection with the contract schema; a bad field comes back named.
    act(call('cashier', 'device:configure', { role, selection } as InputOf<'device:configure'>), (d: DevicesSnapshot) => {
      setDevices(d);
      if (role === 'printer') setPrinterForm(null);
      setEditing(null);
      setNotice(t('devices.saved', { role: t(`device.role.${role}`) }));
    });
  };

  const runTestScan = (): void => {
    setTestScan('waiting');
    setError(null);
    void call('cashier', 'device:testScan', { timeoutMs: 15_000 }).then((r) => {
      if (r.ok) setTestScan(r.value);
      else {
        setTestScan(null);
        setError(r.error);
      }
    });
  };

  const ps = devices ? printerStatus(devices.printer) : null;
  const ss = devices ? scannerStatus(devices.scanner) : null;

  return (
    <section className="screen admin-screen devices" data-testid="devices-screen" aria-label={t('devices.title')}>
      <div className="admin-column">
        <h2>{t('devices.title')}</h2>
        <AdminError error={error} />
        {notice && (
          <p className="admin-ok" role="status" data-testid="devices-notice">
            {notice}
          </p>
        )}
        {devices && ss && (
          <div className="card" data-testid="scanner-card">
            <h3>
              {t('device.role.scanner')} <span className={`pill dev-${ss.health}`} data-testid="scanner-status">{t(`devices.scannerStatus.${ss.key}`)}</span>
            </h3>
            {devices.scanner.status !== 'notConfigured' && (
              <p className="mono" data-testid="scanner-device">
                {t(`devices.scannerKinds.${devices.scanner.device.kind}`)} · {devices.scanner.device.id}
              </p>
            )}
            {devices.scanner.status === 'detached' && <p className="hint">{devices.scanner.reason}</p>}
            <div className="actions">
              <button type="button" className="btn" data-testid="test-scan" disabled={testScan === 'waiting'} onClick={runTestScan}>
                {t('devices.testScan')}
              </button>
              <button type="button" className="btn" aria-expanded={editing === 'scanner'} data-testid="scanner-setup" onClick={() => setEditing(editing === 'scanner' ? null : 'scanner')}>
                {t('devices.change')}
              </button>
            </div>
            {testScan === 'waiting' && (
              <p className="notice" role="status" data-testid="test-scan-waiting">
                {t('devices.testScanWaiting')}
              </p>
            )}
            {testScan && testScan !== 'waiting' && (
              <p className={testScan.outcome === 'scan' ? 'admin-ok' : 'admin-error'} role="status" data-testid="test-scan-result" data-outcome={testScan.outcome}>
                {t(`devices.testScanOutcome.${testScan.outcome}`)}
                {testScan.masked && <span className="mono"> {testScan.masked}</span>}
                {testScan.classification && <span> · {t(`devices.classification.${testScan.classification}`, { defaultValue: testScan.classification })}</span>}
                {testScan.reason && <span> · {testScan.reason}</span>}
              </p>
            )}
            {editing === 'scanner' && <ScannerSetup form={scannerForm} onChange={setScannerForm} onApply={() => configure('scanner')} busy={busy} />}
          </div>
        )}
        {devices && ps && form && (
          <div className="card" data-testid="printer-card">
            <h3>
              {t('device.role.printer')} <span className={`pill dev-${ps.health}`} data-testid="printer-status">{t(`devices.printerStatus.${ps.key}`)}</span>
            </h3>
            {devices.printer.status !== 'notConfigured' && (
              <p className="mono" data-testid="printer-device">
                {t(`devices.transports.${devices.printer.printer.transport}`)} · {devices.printer.printer.id} · {t(`devices.paperWidth.${devices.paper}`)}
                {devices.printer.printer.virtual ? ` · ${t('devices.virtual')}` : ''}
              </p>
            )}
            {devices.printer.status === 'writeOnly' && (
              <p className="notice" data-testid="printer-no-status-note">
                {t('writeOnlyPrinter.activeNote')}
              </p>
            )}
            {offerNoStatusMode(devices) && (
              <div className="notice no-status-offer" role="alert" data-testid="no-status-offer">
                <p>
                  <strong>{t('writeOnlyPrinter.offerTitle')}</strong> {t('writeOnlyPrinter.offerText')}
                </p>
                <button type="button" className="btn btn-primary" data-testid="use-no-status" disabled={busy} onClick={() => configure('printer', { ...form, statusMode: 'none' })}>
                  {t('writeOnlyPrinter.offerApply')}
                </button>
              </div>
            )}
            <div className="actions">
              <button type="button" className="btn btn-primary" data-testid="test-print" disabled={busy} onClick={() => act(call('cashier', 'device:testPrint', {}), (j) => { setPreviewAt(j.createdAt); setNotice(t('devices.testPrintQueued', { id: j.id })); })}>
                {t('devices.testPrint')}
              </button>
              <button type="button" className="btn" aria-expanded={editing === 'printer'} data-testid="printer-setup" onClick={() => setEditing(editing === 'printer' ? null : 'printer')}>
                {t('devices.change')}
              </button>
              <button type="button" className="btn" data-testid="kick-drawer" disabled={busy} onClick={() => act(call('cashier', 'device:kickDrawer', {}), () => setNotice(t('devices.drawerKicked')))}>
                {t('devices.kickDrawer')}
              </button>
            </div>
            {editing === 'printer' && <PrinterSetup form={form} onChange={setPrinterForm} onApply={() => configure('printer')} busy={busy} />}
          </div>
        )}
        <PortLists
          onPick={(role, p) => {
            if (role === 'scanner') setScannerForm({ ...scannerForm, kind: p.kind, path: p.path, vendorId: p.vendorId ?? '', productId: p.productId ?? '' });
            else if (form) setPrinterForm({ ...form, transport: 'serial', path: p.path });
            setEditing(role);
          }}
        />
      </div>
      <div className="admin-column">
        {devices && <TestPagePreview paper={devices.paper} at={previewAt} />}
        {devices && (
          <div className="card">
            <h3>{t('devices.jobs')}</h3>
            <p className="hint">{t('devices.jobsPending', { count: devices.queue.pending })}</p>
            <table className="admin-table" data-testid="print-jobs">
              <tbody>
                {devices.queue.recent.map((j) => (
                  <tr key={j.id} data-testid={`print-job-${j.id}`} data-kind={j.kind} data-status={j.status}>
                    <td className="num">{j.id}</td>
                    <td>{t(`devices.jobKind.${j.kind}`)}</td>
                    <td>
                      <span className={`pill job-${j.status}`}>{t(`devices.jobStatus.${j.status}`)}</span>
                    </td>
                    <td>{dateTimeText(j.printedAt ?? j.createdAt, locale)}</td>
                    <td className="hint">{j.lastError ?? ''}</td>
                    <td>
                      <button type="button" className="btn btn-small" onClick={() => act(call('cashier', 'device:reprint', { jobId: j.id }), (n) => setNotice(t('devices.reprintQueued', { id: n.id })))}>
                        {t('devices.reprint')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {demo && paperOut && (
          <figure className="paper-preview">
            <figcaption>{t('devices.virtualPaper')}</figcaption>
            <pre className="paper-lines" data-testid="virtual-paper">
              {paperOut.lines.join('\n')}
            </pre>
          </figure>
        )}
      </div>
    </section>
  );
}

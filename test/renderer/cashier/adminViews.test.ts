import { describe, expect, it } from 'vitest';
import { toTimelineLine } from '../../../renderer/cashier/timelineView';
import { secondsUntil, shortId, sortJobs } from '../../../renderer/cashier/queueView';
import { offerNoStatusMode, printerFormFrom, printerSelection, printerStatus, printerStatusModeOf, scannerSelection, scannerStatus, testPageDocument, DEFAULT_SCANNER_FORM } from '../../../renderer/cashier/deviceView';
import type { DevicesSnapshot, PrintJobView } from '../../../shared/ipc/commands/device';
import { formFrom, patchFrom } from '../../../renderer/cashier/settingsForm';
import { layoutDocument, previewLines, displayWidth } from '../../../shared/domain/receipt';
import type { QueueJobSnapshot } from '../../../shared/domain/payment';
import type { SettingsView } from '../../../shared/ipc/commands/settings';

describe('timeline lines', () => {
  it('labels known events, keeps the facts short, shows unknown types as they are', () => {
    expect(toTimelineLine({ seq: 3, at: 1, type: 'payAnswered', status: 'succeeded', data: { event: { result: 'S', resultCode: 'SUCCESS' }, request: { api: 'pay' } } })).toEqual({
      seq: 3, at: 1, labelKey: 'payAnswered', type: 'payAnswered', status: 'succeeded', facts: ['S', 'SUCCESS', 'pay'],
    });
    expect(toTimelineLine({ seq: 4, at: 2, type: 'refund.requested', status: 'pending', data: { amount: { minor: 250, currency: 'CNY' } } }).facts).toEqual(['CNY 2.50']);
    expect(toTimelineLine({ seq: 5, at: 3, type: 'somethingNew', status: 'x', data: {} }).labelKey).toBeNull();
  });
});

describe('queue view', () => {
  const job = (id: number, status: QueueJobSnapshot['status'], next: number): QueueJobSnapshot => ({ id, kind: 'cancel', key: `k${id}`, status, attempts: 1, nextAttemptAt: next, lastError: null, subject: 'P1', createdAt: 0, updatedAt: 0 });
  it('puts dead jobs first, then running, then pending by next try', () => {
    expect(sortJobs([job(1, 'pending', 50), job(2, 'dead', 99), job(3, 'pending', 10), job(4, 'running', 0)]).map((j) => j.id)).toEqual([2, 4, 3, 1]);
    expect(secondsUntil(job(1, 'pending', 2_500), 1_000)).toBe(2);
    expect(secondsUntil(job(1, 'pending', 500), 1_000)).toBe(0);
    expect(secondsUntil(job(1, 'dead', 5_000), 1_000)).toBeNull();
    expect(shortId('P0123456789ABCDEFGHJKMNPQRS')).toBe('P01234…MNPQRS');
  });
});

describe('device view', () => {
  it('maps printer and scanner states to a word and a health', () => {
    const ref = { role: 'printer', transport: 'serial', id: '/dev/pts/3', virtual: true } as const;
    expect(printerStatus({ status: 'ready', printer: ref, paperNearEnd: true, since: 0 })).toEqual({ key: 'paperNearEnd', health: 'warning' });
    expect(printerStatus({ status: 'notReady', printer: ref, paperOut: true, coverOpen: false, error: false, paperNearEnd: false, since: 0 })).toEqual({ key: 'paperOut', health: 'error' });
    expect(scannerStatus({ status: 'notConfigured' })).toEqual({ key: 'notConfigured', health: 'absent' });
  });

  it('builds selections from forms, and keeps the running printer when only the paper changes', () => {
    expect(scannerSelection({ ...DEFAULT_SCANNER_FORM, path: '/dev/ttyACM0' })).toEqual({ kind: 'serial', path: '/dev/ttyACM0', vendorId: undefined, productId: undefined, baudRate: 9600, suffix: 'CR' });
    expect(printerSelection(printerFormFrom({ role: 'printer', transport: 'tcp', id: '10.0.0.9:9100', virtual: false }, '58mm'))).toEqual({ transport: 'tcp', host: '10.0.0.9', port: 9100, paper: '58mm' });
    expect(printerSelection(printerFormFrom({ role: 'printer', transport: 'serial', id: '/dev/pts/3', virtual: true }, '80mm'))).toEqual({ transport: 'serial', path: '/dev/pts/3', baudRate: 115200, paper: '80mm' });
  });

  it('write-only printers: no-status mode is offered only when a test page got no answer, and is kept when the paper changes', () => {
    const ref = { role: 'printer', transport: 'usb', id: '/dev/usb/lp0', virtual: false } as const;
    const job = (status: PrintJobView['status'], kind: PrintJobView['kind'] = 'test'): PrintJobView => ({ id: 1, kind, reference: null, status, attempts: 0, possiblyPrinted: false, lastError: null, createdAt: 0, printedAt: null });
    const snap = (printer: DevicesSnapshot['printer'], recent: PrintJobView[]): DevicesSnapshot => ({ demo: false, paper: '80mm', scanner: { status: 'notConfigured' }, printer, queue: { pending: recent.length, recent } });
    const silent = { status: 'unresponsive', printer: ref, since: 0 } as const;
    expect(offerNoStatusMode(snap(silent, [job('queued')]))).toBe(true);
    expect(offerNoStatusMode(snap(silent, []))).toBe(false); // no test page tried yet
    expect(offerNoStatusMode(snap(silent, [job('queued', 'receipt')]))).toBe(false);
    expect(offerNoStatusMode(snap({ status: 'ready', printer: ref, paperNearEnd: false, since: 0 }, [job('queued')]))).toBe(false);
    const writeOnly = { status: 'writeOnly', printer: ref, since: 0 } as const;
    expect(printerStatus(writeOnly)).toEqual({ key: 'writeOnly', health: 'warning' });
    expect(printerSelection(printerFormFrom(ref, '58mm', printerStatusModeOf(writeOnly)))).toEqual({ transport: 'usb', path: '/dev/usb/lp0', paper: '58mm', statusMode: 'none' });
  });

  it('lays the test page out on the paper width, Chinese characters two columns wide', () => {
    const lines = previewLines(layoutDocument(testPageDocument('58mm', 0), '58mm'), '58mm');
    expect(lines.some((l) => l.includes('支付宝收款'))).toBe(true);
    for (const l of lines) expect(displayWidth(l)).toBe(32);
  });
});

describe('settings form', () => {
  const view: SettingsView = {
    mode: 'demo', locale: 'zh-CN', customerLocale: 'zh-CN', currency: 'CNY',
    store: { name: 'Demo Store', merchantName: 'Demo Merchant', referenceMerchantId: 'M0001', referenceStoreId: 'S0001', terminalId: 'T01', merchantMCC: '5411', storeMCC: '5411' },
    alipay: { clientId: null, region: 'SEA', baseUrl: null, publicBaseUrl: null, hasPrivateKey: false, hasAlipayPublicKey: false },
    payment: { expiryMinutes: 3 }, envOverridden: [], restartNeeded: [], registration: null, registrationDetails: null,
    notifications: { kind: 'notifications', notifyUrl: '/alipay/notify' },
  };
  it('sends only what changed', () => {
    expect(patchFrom(view, formFrom(view))).toEqual({ ok: true, patch: {}, empty: true });
    expect(patchFrom(view, { ...formFrom(view), locale: 'en', expiryMinutes: '5', terminalId: ' T02 ', publicBaseUrl: 'https://pos.example.com' })).toEqual({
      ok: true, empty: false, patch: { locale: 'en', payment: { expiryMinutes: 5 }, store: { terminalId: 'T02' }, alipay: { publicBaseUrl: 'https://pos.example.com' } },
    });
    expect(patchFrom({ ...view, alipay: { ...view.alipay, clientId: 'X' } }, { ...formFrom(view), clientId: '' }).ok && patchFrom({ ...view, alipay: { ...view.alipay, clientId: 'X' } }, { ...formFrom(view), clientId: '' })).toMatchObject({ patch: { alipay: { clientId: null } } });
    expect(patchFrom(view, { ...formFrom(view), expiryMinutes: '11' })).toEqual({ ok: false, error: 'expiry' });
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Station } from '../../../electron/station/createStation';
import { bootDemoStation, until, DEMO_APPROVAL, demoSignIn } from '../../helpers/demoStation';
import type { AttemptSnapshot, PaymentStateChanged, SaleSnapshot } from '../../../shared/domain/payment';
import type { PaymentJournalEvent } from '../../../shared/ipc/commands/payment';
import type { SaleSearchPage } from '../../../shared/ipc/commands/sale';
import type { KeysImported, RegistrationView, SettingsUpdated, SettingsView } from '../../../shared/ipc/commands/settings';
import type { DemoPrinterOutput, DemoSimulator } from '../../../shared/ipc/commands/demo';

type Call = <T>(name: string, input: unknown) => Promise<T>;

async function boot(env: NodeJS.ProcessEnv = {}): Promise<{ station: Station; call: Call; events: Array<{ name: string; payload: unknown }>; dataDir: string }> {
  const demo = await bootDemoStation({ env });
  return { station: demo.station, call: demo.call, events: demo.events, dataDir: demo.dataDir };
}

const paidEvent = (events: Array<{ name: string; payload: unknown }>, paymentRequestId: string): boolean =>
  events.some((e) => e.name === 'payment:stateChanged' && (e.payload as PaymentStateChanged).attempt?.paymentRequestId === paymentRequestId && (e.payload as PaymentStateChanged).attempt?.final === true);

describe('history, timeline and demo commands', () => {
  it('sale:search filters by status, amount, code tail and date, pages by cursor; payment:events is the journal without secrets', async () => {
    const { call, events } = await boot();
    const s1 = await call<SaleSnapshot>('sale:create', { amountMinor: 500 });
    const a1 = await call<AttemptSnapshot>('payment:scan', { saleId: s1.saleId, code: '281111111111117788' });
    await until(() => paidEvent(events, a1.paymentRequestId));
    const s2 = await call<SaleSnapshot>('sale:create', { amountMinor: 1_500 });
    const s3 = await call<SaleSnapshot>('sale:create', { amountMinor: 2_500 });

    const all = await call<SaleSearchPage>('sale:search', {});
    expect(all.sales.map((s) => s.saleId)).toEqual([s3.saleId, s2.saleId, s1.saleId]);
    expect((await call<SaleSearchPage>('sale:search', { statuses: ['paid'] })).sales.map((s) => s.saleId)).toEqual([s1.saleId]);
    expect((await call<SaleSearchPage>('sale:search', { minAmountMinor: 1_000, maxAmountMinor: 2_000 })).sales.map((s) => s.saleId)).toEqual([s2.saleId]);
    expect((await call<SaleSearchPage>('sale:search', { codeTail: '7788' })).sales.map((s) => s.saleId)).toEqual([s1.saleId]);
    expect((await call<SaleSearchPage>('sale:search', { codeTail: '0000' })).sales).toEqual([]);
    expect((await call<SaleSearchPage>('sale:search', { from: s3.createdAt + 1 })).sales).toEqual([]);
    expect((await call<SaleSearchPage>('sale:search', { from: s1.createdAt, to: s3.createdAt + 1 })).sales).toHaveLength(3);
    await expect(call('sale:search', { minAmountMinor: 5, maxAmountMinor: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(call('sale:search', { codeTail: '12' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const p1 = await call<SaleSearchPage>('sale:search', { limit: 2 });
    expect(p1.sales).toHaveLength(2);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = await call<SaleSearchPage>('sale:search', { limit: 2, cursor: p1.nextCursor });
    expect(p2.sales.map((s) => s.saleId)).toEqual([s1.saleId]);
    expect(p2.nextCursor).toBeNull();

    await call('refund:create', { paymentRequestId: a1.paymentRequestId, amountMinor: 100, approval: DEMO_APPROVAL });
    const journal = await call<PaymentJournalEvent[]>('payment:events', { paymentRequestId: a1.paymentRequestId });
    expect(journal[0]).toMatchObject({ type: 'created', status: 'created' });
    expect(journal.map((e) => e.type)).toContain('refund.requested');
    expect(journal.map((e) => e.seq)).toEqual([...journal.map((e) => e.seq)].sort((x, y) => x - y));
    expect(JSON.stringify(journal)).not.toContain('281111111111117788');
    await expect(call('payment:events', { paymentRequestId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('demo:simulator gives the in-process simulator URL; demo:printerOutput shows the decoded test page with its Chinese line', async () => {
    const { call } = await boot();
    const sim = await call<DemoSimulator>('demo:simulator', {});
    const health = await fetch(`${sim.url}/__sim/health`);
    expect(health.status).toBe(200);
    await call('device:testPrint', {});
    let out: DemoPrinterOutput = { lines: [], cuts: 0 };
    const end = Date.now() + 10_000;
    while (!out.lines.some((l) => l.includes('支付宝收款')) && Date.now() < end) {
      out = await call<DemoPrinterOutput>('demo:printerOutput', {});
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(out.lines.join('\n')).toContain('中文测试：支付宝收款');
    expect(out.lines.join('\n')).toContain('PRINTER TEST');
  });
});

describe('settings commands', () => {
  it('settings:update validates, writes config.json atomically, audits, applies live fields and lists the ones needing a restart', async () => {
    const { station, call, dataDir } = await boot({ POS_STORE_NAME: 'From Env' });
    const v = await call<SettingsView>('settings:get', {});
    expect(v).toMatchObject({ mode: 'demo', store: { name: 'From Env' }, payment: { expiryMinutes: 3 }, alipay: { hasPrivateKey: false, hasAlipayPublicKey: false } });
    expect(v.envOverridden).toEqual(['store.name']);

    const u = await call<SettingsUpdated>('settings:update', { patch: { locale: 'en', payment: { expiryMinutes: 5 }, store: { terminalId: 'T09' } } });
    expect([...u.applied].sort()).toEqual(['locale', 'store.terminalId']);
    expect(u.restartNeeded).toEqual(['payment.expiryMinutes']);
    expect(u.settings).toMatchObject({ locale: 'en', payment: { expiryMinutes: 5 }, store: { terminalId: 'T09' } });
    expect(station.snapshot().locale).toBe('en');

    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')) as { locale: string; payment: { expiryMinutes: number }; store: { name: string } };
    expect(file).toMatchObject({ locale: 'en', payment: { expiryMinutes: 5 } });
    // The environment's value stays out of the file.
    expect(file.store.name).toBe('Demo Store');
    const audit = station.ctx.db!.prepare("SELECT actor, account_id, details_json FROM audit_log WHERE action = 'settings.update'").all() as Array<{ actor: string; account_id: string; details_json: string }>;
    expect(audit).toHaveLength(1);
    // Recorded with the signed-in manager who made the change.
    const manager = station.ctx.accounts!.list().find((a) => a.role === 'manager')!.accountId;
    expect(audit[0]).toMatchObject({ actor: `account:${manager}`, account_id: manager });
    expect(JSON.parse(audit[0]!.details_json).changed).toContainEqual({ field: 'payment.expiryMinutes', from: 3, to: 5 });

    await expect(call('settings:update', { patch: { payment: { expiryMinutes: 11 } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(call('settings:update', { patch: { store: { referenceStoreId: 'bad id!' } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(call('settings:update', { patch: { alipay: { privateKeyFile: '/etc/passwd' } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await call<SettingsView>('settings:get', {})).restartNeeded).toEqual(['payment.expiryMinutes']);
  });

  it('settings:importKeys stores both keys 0600 in the data folder, config.json only names them, and nothing comes back', async () => {
    const { station, call, dataDir } = await boot();
    const merchant = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const alipay = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKey = merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    const alipayPublicKey = alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    await expect(call('settings:importKeys', { privateKey: 'x'.repeat(80), alipayPublicKey })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const ownPub = merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(call('settings:importKeys', { privateKey, alipayPublicKey: ownPub })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const r = await call<KeysImported>('settings:importKeys', { privateKey, alipayPublicKey, clientId: 'SANDBOX_5X00000000000001' });
    expect(r).toEqual({ hasPrivateKey: true, hasAlipayPublicKey: true, restartNeeded: true });
    const keyFile = path.join(dataDir, 'keys', 'merchant_private_key.pem');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, 'keys', 'alipay_public_key.pem')).mode & 0o777).toBe(0o600);
    const configText = fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8');
    expect(configText).not.toContain('PRIVATE KEY');
    expect(configText).not.toContain(privateKey.slice(20, 60));
    expect(JSON.parse(configText).alipay).toMatchObject({ privateKeyFile: 'keys/merchant_private_key.pem', alipayPublicKeyFile: 'keys/alipay_public_key.pem', clientId: 'SANDBOX_5X00000000000001' });

    const v = await call<SettingsView>('settings:get', {});
    expect(v.alipay).toMatchObject({ hasPrivateKey: true, hasAlipayPublicKey: true, clientId: 'SANDBOX_5X00000000000001' });
    expect(v.restartNeeded).toEqual(expect.arrayContaining(['alipay.keys', 'mode']));
    expect(JSON.stringify(v)).not.toContain('PRIVATE');
    // Still DEMO until the restart: the running station keeps talking to the simulator.
    expect(station.snapshot().mode).toBe('demo');
    const audit = station.ctx.db!.prepare("SELECT details_json FROM audit_log WHERE action = 'settings.importKeys'").get() as { details_json: string };
    expect(audit.details_json).not.toContain(privateKey.slice(20, 60));
  });

  it('settings:register sends the AMS registration and follows it to APPROVED through the notification; the supervisor PIN can be changed', async () => {
    const { call, events } = await boot();
    expect(await call('settings:registrationStatus', { refresh: true })).toBeNull();
    const r = await call<RegistrationView>('settings:register', {});
    expect(r).toMatchObject({ status: 'PROCESSING', final: false, referenceMerchantId: 'M0001', referenceStoreId: 'S0001', lastError: null });
    // Pressing again while Alipay decides sends nothing new.
    expect((await call<RegistrationView>('settings:register', {})).registrationRequestId).toBe(r.registrationRequestId);
    const sim = await call<DemoSimulator>('demo:simulator', {});
    await fetch(`${sim.url}/__sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 6_000 }) });
    await until(() => events.some((e) => e.name === 'settings:registrationChanged' && (e.payload as RegistrationView).status === 'APPROVED'));
    const last = events.filter((e) => e.name === 'settings:registrationChanged').at(-1)!.payload as RegistrationView;
    expect(last).toMatchObject({ status: 'APPROVED', final: true });
    expect(['notification', 'inquiry']).toContain(last.source);
    expect(await call<RegistrationView>('settings:registrationStatus', { refresh: true })).toMatchObject({ status: 'APPROVED' });
    expect((await call<SettingsView>('settings:get', {})).registration).toMatchObject({ status: 'APPROVED' });

    await expect(call('account:changePin', { newPin: '567890', currentPin: '000000' })).rejects.toMatchObject({ code: 'PIN_REJECTED' });
    await call('account:changePin', { newPin: '567890', currentPin: demoSignIn('manager').pin });
  });
});

/**
 * A LIVE station (credentials in config) against a standalone simulator over loopback: what config
 * puts on the wire (settlement currency) and what the terminal says about notifications when
 * Alipay cannot reach it (issue 11 items 5 and 6).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateAmsKeyPair } from '../../../electron/payments/ams/keys';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator';
import type { AttemptSnapshot, PaymentStateChanged, SaleSnapshot } from '../../../shared/domain/payment';
import type { SettingsView } from '../../../shared/ipc/commands/settings';
import { bootDemoStation, until } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function live(alipay: Record<string, unknown>) {
  const merchant = generateAmsKeyPair();
  sim = await startSimulator({ clientId: 'LIVE_CLIENT_0001', merchantPublicKey: merchant.publicKey });
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'merchant_private_key.txt'), merchant.privateKey);
  fs.writeFileSync(path.join(dataDir, 'alipay_public_key.txt'), sim.alipayPublicKey);
  const demo = await bootDemoStation({
    dataDir,
    config: { alipay: { clientId: sim.clientId, baseUrl: sim.url, privateKeyFile: 'merchant_private_key.txt', alipayPublicKeyFile: 'alipay_public_key.txt', ...alipay } },
  });
  // LIVE sells only in an open shift (issue 14: no automatic shift outside DEMO).
  await demo.call('shift:open', { float: { totalMinor: 0 } });
  return demo;
}

describe('LIVE request fields and notification reach', () => {
  it('without a public address: settings say plainly that results arrive by polling only; the payment still resolves by polling', async () => {
    const demo = await live({});
    const v = await demo.call<SettingsView>('settings:get', {});
    expect(v.mode).toBe('live');
    expect(v.notifications).toEqual({ kind: 'pollingOnly', reason: 'unset' });
    const events = demo.eventsOf('payment:stateChanged') as PaymentStateChanged[];
    await demo.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123401' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.status === 'succeeded'));
  });

  it('a private-network or single-label address is not reachable by Alipay; a public https one is', async () => {
    const priv = await live({ publicBaseUrl: 'http://192.168.1.20:8480' });
    expect((await priv.call<SettingsView>('settings:get', {})).notifications).toEqual({ kind: 'pollingOnly', reason: 'private' });
    await sim!.stop();
    sim = undefined;
    const pub = await live({ publicBaseUrl: 'https://pos.shop.example/till1' });
    expect((await pub.call<SettingsView>('settings:get', {})).notifications).toEqual({ kind: 'notifications', notifyUrl: 'https://pos.shop.example/till1/alipay/notify' });
  });

  it('alipay.settlementCurrency reaches settlementStrategy: one without a contract is refused by the gateway (SETTLE_CONTRACT_NOT_MATCH)', async () => {
    const demo = await live({ settlementCurrency: 'TWD' });
    const events = demo.eventsOf('payment:stateChanged') as PaymentStateChanged[];
    await demo.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123402' });
    await until(() => events.some((e) => e.attempt?.paymentRequestId === a.paymentRequestId && e.attempt.final));
    expect(await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).toMatchObject({ status: 'failed', resultCode: 'SETTLE_CONTRACT_NOT_MATCH' });
  });

  it('LIVE registration refuses to send without the legal entity; once entered in settings it sends the complete merchantInfo', async () => {
    const demo = await live({});
    await expect(demo.call('settings:register', {})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('legal name') });
    expect(sim!.store.registrations.size).toBe(0);
    const registration = {
      legalName: 'Shanghai Tea House Co., Ltd.', registrationNo: '91310000MA1FL0000X',
      registrationAddress: { region: 'CN', state: 'Shanghai', city: 'Shanghai', address1: '88 Nanjing Road' },
      websites: ['https://teahouse.example'], logoUrl: 'https://teahouse.example/logo.png',
    };
    await expect(demo.call('settings:update', { patch: { registration: { ...registration, logoUrl: 'http://teahouse.example/logo.png' } } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const updated = await demo.call<{ applied: string[]; settings: SettingsView }>('settings:update', { patch: { registration } });
    expect(updated.applied.some((f) => f.startsWith('registration'))).toBe(true);
    expect(updated.settings.registrationDetails).toMatchObject({ legalName: 'Shanghai Tea House Co., Ltd.', businessType: 'ENTERPRISE', registrationType: 'ENTERPRISE_REGISTRATION_NO' });
    const r = await demo.call<{ status: string; lastError: string | null }>('settings:register', {});
    expect(r).toMatchObject({ status: 'PROCESSING', lastError: null });
    const [sent] = [...sim!.store.registrations.values()];
    expect(sent!.merchantInfo).toMatchObject({
      merchantDisplayName: 'Demo Merchant', merchantMCC: '5411',
      registrationDetail: { legalName: 'Shanghai Tea House Co., Ltd.', registrationNo: '91310000MA1FL0000X', businessType: 'ENTERPRISE', registrationAddress: { region: 'CN', address1: '88 Nanjing Road' } },
      merchantAddress: { region: 'CN', city: 'Shanghai' }, websites: [{ url: 'https://teahouse.example' }], logo: { logoUrl: 'https://teahouse.example/logo.png' },
    });
  });
});

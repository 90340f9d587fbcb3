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
    await until(() => events.some((e) => e.attempt?.attemptId === a.attemptId && e.attempt.status === 'succeeded'));
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
    await until(() => events.some((e) => e.attempt?.attemptId === a.attemptId && e.attempt.final));
    expect(await demo.call<AttemptSnapshot>('payment:get', { attemptId: a.attemptId })).toMatchObject({ status: 'failed', resultCode: 'SETTLE_CONTRACT_NOT_MATCH' });
  });
});

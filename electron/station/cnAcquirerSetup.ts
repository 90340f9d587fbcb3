/**
 * The 当面付 acquirer for the station (alipay.acquirer = alipay-cn): in DEMO the in-process
 * open-platform simulator, live the gateway from config with the app key and Alipay's public key or
 * the three certificates. AMS-only services (entry code, registration) are not offered with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PosConfig } from '../config/configSchema';
import { readKeyText } from '../config/keyVault';
import { createCnAcquirer } from '../payments/cn/cnAcquirer';
import { createCnClient, type CnClient } from '../payments/cn/cnClient';
import { CN_GATEWAY_PRODUCTION, CN_GATEWAY_SANDBOX } from '../payments/cn/cnWire';
import type { AcquirerPort } from '../payments/engine/enginePorts';
import type { RunningCnSimulator } from '../simulator/cn/startCnSimulator';
import type { KeyVault } from '../config/keyVault';
import type { Clock } from '../../shared/domain/clock';
import type { StationMode } from '../../shared/domain/station';

export const CN_NOTIFY_PATH = '/alipay/cn/notify';

export interface CnSetup {
  readonly acquirer: AcquirerPort;
  readonly client: CnClient;
  readonly appId: string;
  readonly sellerId?: string;
  /** What verifies Alipay's notifications: its public key, or its certificate (PEM). */
  readonly alipayPublicKey: string;
  readonly simulator: RunningCnSimulator | null;
}

export function cnGatewayUrl(c: PosConfig): string {
  return c.alipay.cn.gatewayUrl ?? (c.alipay.cn.environment === 'sandbox' ? CN_GATEWAY_SANDBOX : CN_GATEWAY_PRODUCTION);
}

/** What the set-up reads: payments pass their whole context, which has all of these. */
export interface CnSetupDeps {
  readonly config: PosConfig;
  readonly mode: StationMode;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly keyVault: KeyVault;
}

export async function setUpCnAcquirer(ctx: CnSetupDeps): Promise<CnSetup> {
  const c = ctx.config;
  const timeouts = { connectTimeoutMs: c.alipay.connectTimeoutMs, readTimeoutMs: c.alipay.readTimeoutMs };
  if (ctx.mode === 'demo') {
    const { startCnSimulator } = await import('../simulator/cn/startCnSimulator');
    // Kept beside the journal like the AMS simulator's: a restarted station's simulator still knows
    // what it charged (trade.query, refunds, the day's bill) and keeps the same keys.
    const sim = await startCnSimulator({ clock: ctx.clock, dataFile: path.join(ctx.dataDir, 'cn-simulator.sqlite') });
    const client = createCnClient({ appId: sim.appId, appPrivateKey: sim.merchantPrivateKey!, alipayPublicKey: sim.alipayPublicKey, gatewayUrl: sim.url, clock: ctx.clock, ...timeouts });
    return { acquirer: createCnAcquirer(client), client, appId: sim.appId, sellerId: sim.sellerId, alipayPublicKey: sim.alipayPublicKey, simulator: sim };
  }
  const cn = c.alipay.cn;
  const file = (f: string): string => (path.isAbsolute(f) ? f : path.join(ctx.dataDir, f));
  const text = (f: string): string => fs.readFileSync(file(f), 'utf8');
  const certificates = cn.appCertFile && cn.alipayCertFile && cn.alipayRootCertFile
    ? { appCertPem: text(cn.appCertFile), alipayCertPem: text(cn.alipayCertFile), alipayRootCertPem: text(cn.alipayRootCertFile) }
    : undefined;
  const alipayPublicKey = certificates ? certificates.alipayCertPem : text(cn.alipayPublicKeyFile!).trim();
  const client = createCnClient({
    appId: cn.appId!, appPrivateKey: readKeyText(ctx.keyVault, file(cn.appPrivateKeyFile!)), gatewayUrl: cnGatewayUrl(c), clock: ctx.clock, ...timeouts,
    ...(certificates ? { certificates } : { alipayPublicKey }),
    ...(cn.appAuthToken ? { appAuthToken: cn.appAuthToken } : {}),
  });
  return { acquirer: createCnAcquirer(client), client, appId: cn.appId!, ...(cn.sellerId ? { sellerId: cn.sellerId } : {}), alipayPublicKey, simulator: null };
}

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createAmsClient } from '../../../electron/payments/ams/amsClient';
import { generateAmsKeyPair } from '../../../electron/payments/ams/keys';
import { codePay, freshCode } from './harness';

describe('npm run simulator (cli.ts)', () => {
  it('starts standalone with --merchant-public-key, prints one JSON line, serves signed answers, stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cli-'));
    const merchant = generateAmsKeyPair();
    const keyFile = path.join(dir, 'merchant_pub.txt');
    fs.writeFileSync(keyFile, merchant.publicKey);
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/simulator/cli.ts', '--port', '0', '--data', path.join(dir, 'sim.sqlite'), '--merchant-public-key', keyFile, '--client-id', 'CLI_CLIENT'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as { url: string; clientId: string; alipayPublicKey: string; merchantPrivateKey?: string };
      expect(info.clientId).toBe('CLI_CLIENT');
      expect(info.merchantPrivateKey).toBeUndefined();
      expect(info.alipayPublicKey).toMatch(/^MII[A-Za-z0-9+/=]+$/);
      const client = createAmsClient({ clientId: info.clientId, merchantPrivateKey: merchant.privateKey, alipayPublicKey: info.alipayPublicKey, baseUrl: info.url });
      expect((await client.pay(codePay(freshCode()))).outcome).toBe('S');
      client.close();
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run simulator -- --acquirer alipay-cn', () => {
  it('starts the 当面付 simulator standalone with the merchant key, prints {url …/gateway.do, appId, alipayPublicKey}, answers signed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cn-cli-'));
    const merchant = generateAmsKeyPair();
    const keyFile = path.join(dir, 'app_pub.txt');
    fs.writeFileSync(keyFile, merchant.publicKey);
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/simulator/cli.ts', '--acquirer', 'alipay-cn', '--port', '0', '--merchant-public-key', keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as { url: string; appId: string; alipayPublicKey: string; merchantPrivateKey?: string };
      expect(Object.keys(info).sort()).toEqual(['alipayPublicKey', 'appId', 'url']);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gateway\.do$/);
      const { createCnClient } = await import('../../../electron/payments/cn/cnClient');
      const { CN_METHODS, tradeQuerySchema } = await import('../../../electron/payments/cn/cnSchemas');
      const client = createCnClient({ appId: info.appId, appPrivateKey: merchant.privateKey, alipayPublicKey: info.alipayPublicKey, gatewayUrl: info.url });
      expect(await client.call(CN_METHODS.query, { out_trade_no: 'none' }, tradeQuerySchema)).toMatchObject({ outcome: 'F', subCode: 'ACQ.TRADE_NOT_EXIST' });
      client.close();
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

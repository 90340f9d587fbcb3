/** Setting up the 当面付 acquirer: choose it, install app id + keys (public-key mode) or certificates; bad input refused. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../electron/config/loadConfig';
import { bootDemoStation } from '../../helpers/demoStation';
import { makeCnCerts } from '../../helpers/cnCerts';

const pair = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (k: crypto.KeyObject, type: 'pkcs8' | 'spki') => k.export({ format: 'pem', type }).toString();

describe('settings for alipay-cn', () => {
  it('the acquirer is chosen in settings (restart needed); credentials land in the data folder, the private key is never returned', async () => {
    const demo = await bootDemoStation();
    const up = await demo.call<{ restartNeeded: string[]; settings: { alipay: { acquirer: string } } }>('settings:update', { patch: { alipay: { acquirer: 'alipay-cn' } } });
    expect(up.restartNeeded).toContain('alipay.acquirer');
    expect(up.settings.alipay.acquirer).toBe('alipay-cn');
    const app = pair();
    const alipay = pair();
    const r = await demo.call('settings:importCnCredentials', { appId: '2021000000000001', appPrivateKey: pem(app.privateKey, 'pkcs8'), alipayPublicKey: app.publicKey.export({ format: 'der', type: 'spki' }).toString('base64') })
      .catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining("app's own public key") });
    const ok = await demo.call<{ mode: string }>('settings:importCnCredentials', { appId: '2021000000000001', appPrivateKey: pem(app.privateKey, 'pkcs8'), alipayPublicKey: pem(alipay.publicKey, 'spki') });
    expect(ok.mode).toBe('publicKey');
    const view = await demo.call<{ alipay: { cn: { appId: string; hasAppPrivateKey: boolean; mode: string } } }>('settings:get', {});
    expect(view.alipay.cn).toEqual({ appId: '2021000000000001', hasAppPrivateKey: true, mode: 'publicKey' });
    expect(JSON.stringify(view)).not.toContain('PRIVATE KEY');
    const loaded = loadConfig(demo.dataDir, {});
    expect(loaded.status === 'ok' && loaded.mode).toBe('live'); // all credentials present: LIVE after restart
    const keyFile = path.join(demo.dataDir, loaded.status === 'ok' ? loaded.config.alipay.cn.appPrivateKeyFile! : '');
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
  });

  it('certificate mode: the app certificate must certify the app key; bad input is refused with the field named', async () => {
    const demo = await bootDemoStation();
    const certs = makeCnCerts();
    const call = (input: Record<string, unknown>) => demo.call('settings:importCnCredentials', { appId: '2021000000000001', ...input }).catch((e: unknown) => e);
    expect(await call({ appPrivateKey: certs.appKeyPem })).toMatchObject({ code: 'BAD_REQUEST' }); // neither key nor certificates
    expect(await call({ appPrivateKey: certs.appKeyPem, appCert: certs.alipayCertPem, alipayCert: certs.alipayCertPem, alipayRootCert: certs.rootCertPem })).toMatchObject({ message: expect.stringContaining('appCert') });
    expect(await call({ appPrivateKey: certs.appKeyPem, appCert: certs.appCertPem, alipayCert: 'x'.repeat(80), alipayRootCert: certs.rootCertPem })).toMatchObject({ message: expect.stringContaining('alipayCert') });
    expect(await call({ appPrivateKey: 'not a key '.repeat(10), alipayPublicKey: certs.alipayCertPem })).toMatchObject({ message: expect.stringContaining('appPrivateKey') });
    expect(await demo.call('settings:importCnCredentials', { appId: '12', appPrivateKey: certs.appKeyPem, alipayPublicKey: certs.alipayCertPem }).catch((e: unknown) => e)).toMatchObject({ code: 'BAD_REQUEST' });
    const ok = await demo.call<{ mode: string }>('settings:importCnCredentials', { appId: '2021000000000001', appPrivateKey: certs.appKeyPem, appCert: certs.appCertPem, alipayCert: certs.alipayCertPem, alipayRootCert: certs.rootCertPem });
    expect(ok.mode).toBe('certificate');
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_VAULT, readKeyText, sealKeyText, type KeyVault } from '../../../electron/config/keyVault';
import { osKeyVault } from '../../../electron/main/startElectronHost';
import type { ElectronSeam } from '../../../electron/main/electronSeam';
import { bootDemoStation } from '../../helpers/demoStation';
import { createStation } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { tempDir } from '../../helpers/tempDir';

/**
 * A real cipher (AES-256-GCM with a key only this object holds) in the place of the OS key store,
 * which only exists inside Electron: what is under test is that the station seals and opens.
 */
function aesVault(): KeyVault {
  const key = crypto.randomBytes(32);
  return {
    kind: 'os',
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    open(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const pem = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('merchant key at rest', () => {
  it('is written as is without a vault and sealed with one; only the same vault opens it', () => {
    const dir = tempDir();
    const vault = aesVault();
    expect(sealKeyText(NO_VAULT, pem)).toBe(pem);
    const sealed = sealKeyText(vault, pem);
    expect(sealed).not.toContain('PRIVATE KEY');
    fs.writeFileSync(path.join(dir, 'k'), sealed);
    expect(readKeyText(vault, path.join(dir, 'k'))).toBe(pem.trim());
    expect(() => readKeyText(NO_VAULT, path.join(dir, 'k'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/sealed by the OS key store/) }));
    expect(() => readKeyText(aesVault(), path.join(dir, 'k'))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    fs.writeFileSync(path.join(dir, 'plain'), pem);
    expect(readKeyText(vault, path.join(dir, 'plain'))).toBe(pem.trim());
  });

  it('settings:importKeys seals the private key when the host has a vault', async () => {
    const vault = aesVault();
    const dataDir = tempDir();
    const station = createStation({ dataDir, host: 'electron', log: createMemoryLogger([]), env: {}, keyVault: vault });
    const alipayPublicKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await station.ctx.accounts!.setup({ name: 'Manager', shortId: '1', pin: '123456' }); // keys are a manager's job
    const r = await station.dispatcher.dispatch('settings:importKeys', { privateKey: pem, alipayPublicKey }, { host: 'electron', window: 'cashier' });
    expect(r.ok).toBe(true);
    const keyFile = fs.readdirSync(path.join(dataDir, 'keys')).map((f) => path.join(dataDir, 'keys', f)).find((f) => fs.readFileSync(f, 'utf8').startsWith('ALIPAY-POS-SEALED-KEY'));
    expect(keyFile).toBeDefined();
    expect(fs.readFileSync(keyFile!, 'utf8')).not.toContain('PRIVATE KEY');
    expect(readKeyText(vault, keyFile!)).toBe(pem.trim());
    await station.stop();
  });

  it('the browser host (no vault) keeps the key readable only through 0600 permissions', async () => {
    const demo = await bootDemoStation();
    expect(demo.station.ctx.keyVault.kind).toBe('none');
  });

  it('Electron offers its safeStorage only where the OS can encrypt', () => {
    const seam = (available: boolean) => ({ safeStorage: { isEncryptionAvailable: () => available, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() } }) as unknown as ElectronSeam;
    expect(osKeyVault(seam(false)).kind).toBe('none');
    expect(osKeyVault(seam(true)).kind).toBe('os');
    expect(osKeyVault({} as ElectronSeam).kind).toBe('none');
  });
});

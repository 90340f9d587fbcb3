import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resetConfig, saveConfig } from '../../../electron/config/loadConfig';
import { tempDir } from '../../helpers/tempDir';

const write = (dir: string, text: string): void => fs.writeFileSync(path.join(dir, 'config.json'), text);

describe('loadConfig', () => {
  it('starts in demo mode with defaults when there is no file', () => {
    const r = loadConfig(tempDir(), {});
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.mode).toBe('demo');
    expect(r.config.payment.expiryMinutes).toBe(3);
    expect(r.config.currency).toBe('CNY');
  });

  it('is live when all three credentials are set', () => {
    const dir = tempDir();
    write(dir, JSON.stringify({ alipay: { clientId: 'SANDBOX_1', privateKeyFile: '/k', alipayPublicKeyFile: '/p' } }));
    const r = loadConfig(dir, {});
    expect(r.status === 'ok' && r.mode).toBe('live');
  });

  it('names the bad field for an invalid value instead of crashing', () => {
    const dir = tempDir();
    write(dir, JSON.stringify({ payment: { expiryMinutes: 30 } }));
    const r = loadConfig(dir, {});
    expect(r).toMatchObject({ status: 'invalid', problem: { field: 'payment.expiryMinutes' } });
  });

  it('names unknown currencies and unknown keys', () => {
    const dir = tempDir();
    write(dir, JSON.stringify({ currency: 'XYZ' }));
    expect(loadConfig(dir, {})).toMatchObject({ status: 'invalid', problem: { field: 'currency', message: expect.stringMatching(/ISO 4217/) } });
    write(dir, JSON.stringify({ store: { nmae: 'typo' } }));
    expect(loadConfig(dir, {})).toMatchObject({ status: 'invalid', problem: { field: 'store' } });
  });

  it('reports unreadable JSON as a file problem', () => {
    const dir = tempDir();
    write(dir, '{"locale": "en",');
    expect(loadConfig(dir, {})).toMatchObject({ status: 'invalid', problem: { field: '(file)', message: expect.stringMatching(/not valid JSON/) } });
    write(dir, '[1,2]');
    expect(loadConfig(dir, {})).toMatchObject({ status: 'invalid', problem: { field: '(file)' } });
    write(dir, '\u0000\u0001garbage');
    expect(loadConfig(dir, {}).status).toBe('invalid');
  });

  it('lets the environment override the file and says when the environment is wrong', () => {
    const dir = tempDir();
    write(dir, JSON.stringify({ locale: 'zh-CN' }));
    const r = loadConfig(dir, { POS_LOCALE: 'en', POS_EXPIRY_MINUTES: '5', POS_KIOSK: 'true' });
    expect(r.status === 'ok' && [r.config.locale, r.config.payment.expiryMinutes, r.config.kiosk]).toEqual(['en', 5, true]);
    expect(loadConfig(dir, { POS_EXPIRY_MINUTES: 'ten' })).toMatchObject({ status: 'invalid', problem: { field: 'payment.expiryMinutes', message: expect.stringMatching(/POS_EXPIRY_MINUTES/) } });
  });

  it('resets a corrupt file by keeping it aside, never deleting it', () => {
    const dir = tempDir();
    write(dir, '{corrupt');
    const file = path.join(dir, 'config.json');
    const kept = resetConfig(file, 123);
    expect(kept).toBe(`${file}.bad-123`);
    expect(fs.readFileSync(kept!, 'utf8')).toBe('{corrupt');
    expect(loadConfig(dir, {}).status).toBe('ok');
  });

  it('saves atomically, leaving no temp file behind', () => {
    const dir = tempDir();
    const r = loadConfig(dir, {});
    saveConfig(path.join(dir, 'config.json'), r.config);
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });
});

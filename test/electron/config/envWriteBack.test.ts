/**
 * Issue 12 §7: environment overrides never end up in config.json, and writing config never destroys
 * a file that does not parse without keeping a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootDemoStation } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';
import { saveConfig, updateConfigFile } from '../../../electron/config/loadConfig';

describe('config writes', () => {
  it('a language switch and a device change keep POS_ overrides out of config.json', async () => {
    const dataDir = tempDir();
    const { call, station } = await bootDemoStation({ dataDir, env: { POS_CURRENCY: 'USD', POS_EXPIRY_MINUTES: '7' } });
    expect(station.ctx.config.currency).toBe('USD');
    await call('session:setLocale', { locale: 'en', screen: 'cashier' });
    await call('device:configure', { role: 'printer', selection: { transport: 'tcp', host: '127.0.0.1', port: 9 } });
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(file.locale).toBe('en');
    expect(file).toMatchObject({ devices: { printer: { transport: 'tcp', host: '127.0.0.1' } } });
    expect(file.currency).toBeUndefined();
    expect(file.payment).toBeUndefined();
  });

  it('a corrupt file is copied aside before it is overwritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, '{ "locale": "en", oops');
    updateConfigFile(file, [[['locale'], 'zh-CN']]);
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith('config.json.bad-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe('{ "locale": "en", oops');
    fs.writeFileSync(file, '[1,2]');
    saveConfig(file, JSON.parse(fs.readFileSync(file, 'utf8').replace('[1,2]', '{}')) as never);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('config.json.bad-')).length).toBeGreaterThanOrEqual(1);
  });
});

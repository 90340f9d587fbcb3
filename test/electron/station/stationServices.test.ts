import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStation } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { bootDemoStation } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';

/** Issue 13: the services are one record built once; only the state changes, and only through its methods. */
describe('the station context', () => {
  it('is frozen: no service can be put in or swapped after createStation', async () => {
    const demo = await bootDemoStation();
    const ctx = demo.station.ctx;
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(ctx.payments).not.toBeNull();
    expect(() => Object.assign(ctx, { payments: null })).toThrow(TypeError);
    expect(() => Object.assign(ctx, { config: { ...ctx.config } })).toThrow(TypeError);
    expect(ctx.payments).not.toBeNull();
  });

  it('reads the state as it is now: a settings edit shows through the context and in the snapshot', async () => {
    const demo = await bootDemoStation();
    const ctx = demo.station.ctx;
    await demo.call('settings:update', { patch: { store: { name: 'Renamed Shop' } } });
    expect(ctx.config.store.name).toBe('Renamed Shop');
    expect(ctx.state.config.store.name).toBe('Renamed Shop');
    expect(demo.station.snapshot().storeName).toBe('Renamed Shop');
  });

  it('in setup mode, what needs payments is null from the start and stays null', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{ not json');
    const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger([]), env: {} });
    try {
      const ctx = station.ctx;
      expect(ctx.mode).toBe('setup');
      expect({ payments: ctx.payments, registration: ctx.registration, till: ctx.till, hqLink: ctx.hqLink, shifts: ctx.shifts }).toEqual({ payments: null, registration: null, till: null, hqLink: null, shifts: null });
      // The journal opened: accounts, devices and settings exist even so (the setup screen uses them).
      expect(ctx.accounts).not.toBeNull();
      expect(ctx.settings.view().mode).toBe('setup');
      expect(Object.isFrozen(ctx)).toBe(true);
    } finally {
      await station.stop();
    }
  });
});

/** The counter's idle lock is a person's time: a time-scaled DEMO clock must not lock a cashier out in seconds. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_LOCK_MS } from '../../../electron/accounts/accountsService';
import { bootDemoStation } from '../../helpers/demoStation';

describe('idle lock on a time-scaled DEMO station', () => {
  it('POS_DEMO_TIME_SCALE=20: the lock is 20× longer in clock time, i.e. 5 real minutes (it was 15 real seconds)', async () => {
    const demo = await bootDemoStation({ env: { POS_DEMO_TIME_SCALE: '20' } });
    const s = demo.station.ctx.snapshot().session;
    expect(s?.idleLockMs).toBe(DEFAULT_IDLE_LOCK_MS * 20);
  });

  it('unscaled: the default lock stands', async () => {
    const demo = await bootDemoStation();
    expect(demo.station.ctx.snapshot().session?.idleLockMs).toBe(DEFAULT_IDLE_LOCK_MS);
  });
});

import { describe, expect, it } from 'vitest';
import { createReconnectLoop } from '../../../electron/devices/reconnectLoop';
import { steppedClock } from '../../helpers/manualClock';

/** A device that is absent until `present`, and a record of what the loop told its owner. */
function world() {
  const clock = steppedClock();
  const log: string[] = [];
  const device = { present: false, opens: 0, discarded: 0 };
  let n = 0;
  const loop = createReconnectLoop<{ n: number }>({
    clock,
    retryMs: 100,
    random: () => 1, // no jitter: the delays are exact
    open: () => {
      device.opens++;
      if (!device.present) throw new Error('not connected');
      return { n: ++n };
    },
    onUp: (l) => log.push(`up ${l.n} @${clock.now()}`),
    onDown: (reason) => log.push(`down ${reason} @${clock.now()}`),
    discard: () => void device.discarded++,
  });
  return { clock, log, device, loop };
}

describe('device reconnect loop', () => {
  it('retries with backoff (capped) while the device is absent, comes up when it is back, and starts over after a loss', () => {
    const w = world();
    w.loop.start();
    expect(w.log).toEqual(['down not connected @0']);
    w.clock.advance(100 + 200 + 400 + 400); // 100, 200, then capped at 4 × 100
    expect(w.log).toEqual(['down not connected @0', 'down not connected @100', 'down not connected @300', 'down not connected @700', 'down not connected @1100']);
    w.device.present = true;
    w.clock.advance(400);
    expect(w.log.at(-1)).toBe('up 1 @1500');
    expect(w.loop.current()).toEqual({ n: 1 });

    const first = w.loop.current()!;
    w.loop.lost(first, 'unplugged');
    w.loop.lost(first, 'a late close event'); // not the current link any more: ignored
    expect(w.log.slice(-1)).toEqual(['down unplugged @1500']);
    w.clock.advance(100); // the backoff started over after the link was up
    expect(w.log.at(-1)).toBe('up 2 @1600');
  });

  it('stop: no more retries, the current link handed back; a link that opens after stop is discarded', async () => {
    const w = world();
    w.loop.start();
    const opens = w.device.opens;
    expect(w.loop.stop()).toBeNull();
    w.clock.advance(10_000);
    expect(w.device.opens).toBe(opens);

    let resolveOpen: (l: { n: number }) => void = () => undefined;
    const late = createReconnectLoop<{ n: number }>({
      clock: w.clock, retryMs: 100,
      open: () => new Promise((r) => (resolveOpen = r)),
      onUp: () => w.log.push('late up'),
      onDown: () => w.log.push('late down'),
      discard: () => void w.device.discarded++,
    });
    late.start();
    late.stop();
    resolveOpen({ n: 9 });
    await Promise.resolve();
    expect(w.device.discarded).toBe(1);
    expect(w.log).not.toContain('late up');

    const up = world();
    up.device.present = true;
    up.loop.start();
    expect(up.loop.stop()).toEqual({ n: 1 });
  });
});

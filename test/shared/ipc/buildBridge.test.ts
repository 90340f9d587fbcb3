import { describe, expect, it } from 'vitest';
import { buildBridge } from '../../../shared/ipc/buildBridge';
import { COMMAND_NAMES } from '../../../shared/ipc/channels';

describe('preload bridge', () => {
  it('exposes one function per contract method, grouped by domain, and nothing generic', async () => {
    const calls: unknown[][] = [];
    const api = buildBridge(async (ch, p) => void calls.push([ch, p]), () => () => undefined) as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    for (const name of COMMAND_NAMES) {
      const [d, m] = name.split(':') as [string, string];
      expect(typeof api[d]![m]).toBe('function');
    }
    await api.session!.hello!({ window: 'cashier' });
    expect(calls).toEqual([['session:hello', { window: 'cashier' }]]);
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('refuses to subscribe to unknown events and filters by name', () => {
    let emit: (n: string, p: unknown) => void = () => undefined;
    const api = buildBridge(async () => undefined, (l) => ((emit = l), () => undefined)) as unknown as { on(e: string, l: (p: unknown) => void): () => void };
    expect(() => api.on('anything', () => undefined)).toThrow(/unknown event/);
    const got: unknown[] = [];
    api.on('station:statusChanged', (p) => got.push(p));
    emit('other', 1);
    emit('station:statusChanged', 2);
    expect(got).toEqual([2]);
  });
});

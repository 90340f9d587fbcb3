import { describe, expect, it } from 'vitest';
import { contract } from '../../../shared/ipc/contract';
import { COMMAND_NAMES, EVENT_NAMES } from '../../../shared/ipc/channels';
import { combineHandlers, createDispatcher } from '../../../electron/station/dispatcher';
import { createStation, HANDLER_GROUPS } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { PosError } from '../../../shared/errors/posError';
import { tempDir } from '../../helpers/tempDir';

const ctxCall = { host: 'browser', window: 'cashier' } as const;

function station() {
  const lines: string[] = [];
  const s = createStation({ dataDir: tempDir(), host: 'browser', log: createMemoryLogger(lines), env: {} });
  return { s, lines };
}

describe('contract and dispatcher', () => {
  it('every contract entry has exactly one handler', () => {
    const { s } = station();
    const counts = new Map<string, number>();
    for (const group of HANDLER_GROUPS) for (const name of Object.keys(group(s.ctx))) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const name of Object.keys(contract)) expect(counts.get(name), name).toBe(1);
    expect([...counts.keys()].sort()).toEqual(Object.keys(contract).sort());
    s.ctx.db?.close();
  });

  it('combineHandlers refuses a double, a gap, and a stranger', () => {
    const { s } = station();
    const groups = HANDLER_GROUPS.map((g) => g(s.ctx));
    expect(() => combineHandlers([...groups, { 'session:hello': () => s.snapshot() }])).toThrow(/more than one handler/);
    expect(() => combineHandlers(groups.slice(1))).toThrow(/without a handler/);
    expect(() => combineHandlers([...groups, { 'nope:x': () => 1 } as never])).toThrow(/unknown command/);
    s.ctx.db?.close();
  });

  it('the preload channel lists equal the contract', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
    for (const name of COMMAND_NAMES) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
  });

  it('answers bad input with typed errors and keeps working', async () => {
    const { s } = station();
    const d = s.dispatcher;
    expect(await d.dispatch('nope:nothing', {}, ctxCall)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await d.dispatch(42, {}, ctxCall)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await d.dispatch('__proto__', {}, ctxCall)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await d.dispatch('session:hello', { window: 7 }, ctxCall)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^window/) } });
    expect(await d.dispatch('session:hello', { window: 'cashier', extra: 1 }, ctxCall)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await d.dispatch('session:setLocale', { locale: 'fr', screen: 'cashier' }, ctxCall)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await d.dispatch('session:hello', 'x'.repeat(70_000), ctxCall)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await d.dispatch('session:hello', cyclic, ctxCall)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await d.dispatch('session:hello', { window: 'cashier' }, ctxCall)).toMatchObject({ ok: true, value: { mode: 'demo' } });
    s.ctx.db?.close();
  });

  it('maps a PosError to its code and hides internal errors behind INTERNAL', async () => {
    const { s } = station();
    const errors: string[] = [];
    const handlers = combineHandlers([
      ...HANDLER_GROUPS.map((g) => g(s.ctx)).map((g) => {
        const { 'session:hello': _h, 'settings:verifyJournal': _v, ...rest } = g;
        return rest;
      }),
      {
        'session:hello': () => {
          throw new PosError('OFFLINE', 'Alipay is unreachable', { retryable: true });
        },
        'settings:verifyJournal': () => {
          throw new TypeError('secret internals');
        },
      },
    ]);
    // Access is not what this test is about: a signed-in manager, so every command reaches its handler.
    const d = createDispatcher(handlers, (ch) => errors.push(ch), { current: () => ({ accountId: 'A', role: 'manager' }), touch: () => undefined, verifyApproval: () => Promise.reject(new Error('unused')) });
    expect(await d.dispatch('session:hello', { window: 'cashier' }, ctxCall)).toEqual({ ok: false, error: { code: 'OFFLINE', message: 'Alipay is unreachable', retryable: true } });
    const r = await d.dispatch('settings:verifyJournal', {}, ctxCall);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret internals');
    expect(errors).toEqual(['settings:verifyJournal']);
    s.ctx.db?.close();
  });
});

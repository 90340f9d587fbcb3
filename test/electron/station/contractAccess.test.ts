/**
 * Issue 12 §2: every command names the windows and the role it needs in the contract, and the one
 * dispatcher both hosts use enforces it. This walks the whole contract on a real DEMO station (real
 * journal, real accounts and PIN hashing) and proves each command refuses the wrong window and every
 * role below the one it declares — before its input is parsed, so no handler runs.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contract, type CommandName } from '../../../shared/ipc/contract';
import { ROLES, roleAtLeast, type Role } from '../../../shared/domain/account';
import { bootDemoStation, demoSignIn } from '../../helpers/demoStation';
import { startHttpServer } from '../../../electron/server/startHttpServer';
import { fakeRendererDir } from '../../helpers/staticRoot';

// Every schema is strict: an unknown key fails validation, so an allowed call stops at BAD_REQUEST.
const PROBE = { __probe: 1 };
const names = Object.keys(contract) as CommandName[];

describe('the contract is the one table of authority', () => {
  it('declares windows and a role for every command; the customer display only reads what it shows', () => {
    const customer = names.filter((n) => contract[n].access.customer !== undefined).sort();
    expect(customer).toEqual(['entry:info', 'sale:current', 'session:hello', 'session:setLocale']);
    for (const n of names) expect(contract[n].access.cashier, n).toBeDefined();
    // Money and configuration need a signed-in account; only sign-in, set-up and hello do not.
    const open = names.filter((n) => contract[n].access.cashier === 'none').sort();
    expect(open).toEqual(['account:setup', 'account:signIn', 'account:signOut', 'session:hello', 'session:setLocale']);
  });

  it('every command refuses the wrong window, nobody signed in, and every role below its own', async () => {
    const demo = await bootDemoStation({ signInAs: null });
    const d = demo.station.dispatcher;
    const accounts = demo.station.ctx.accounts!;
    const refusals: string[] = [];
    const callAs = (window: 'cashier' | 'customer' | 'unknown', name: string) => d.dispatch(name, PROBE, { host: 'browser', window });

    for (const name of names) {
      const r = await callAs('unknown', name);
      expect(r, `${name} from an unknown window`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const c = await callAs('customer', name);
      if (contract[name].access.customer === undefined) {
        expect(c, `${name} from the customer window`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        refusals.push(`customer:${name}`);
      } else expect(c, name).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const need = contract[name].access.cashier!;
      const anon = await callAs('cashier', name);
      if (need !== 'none') expect(anon, `${name} signed out`).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
      else expect(anon, name).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    for (const role of ROLES) {
      await accounts.signIn(demoSignIn(role));
      for (const name of names) {
        const need = contract[name].access.cashier!;
        const r = await callAs('cashier', name);
        if (need !== 'none' && !roleAtLeast(role, need as Role)) {
          expect(r, `${name} as ${role}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { need, role } } });
          refusals.push(`${role}:${name}`);
        } else expect(r, `${name} as ${role}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      }
    }
    // The findings of the issue, named: the customer window cannot touch settings, keys or the gateway.
    expect(refusals).toEqual(expect.arrayContaining(['customer:settings:update', 'customer:settings:importKeys', 'customer:settings:register', 'cashier:settings:update', 'cashier:report:closeDay', 'supervisor:settings:importKeys']));
  });

  it('a command needing approval refuses a cashier approving, a wrong PIN and a missing approval, and runs nothing', async () => {
    const demo = await bootDemoStation({ signInAs: 'cashier' });
    const refund = (approval: unknown) => demo.station.dispatcher.dispatch('refund:create', { paymentRequestId: 'P-none', amountMinor: 100, approval }, { host: 'browser', window: 'cashier' });
    const setLocale = (screen: string) => demo.station.dispatcher.dispatch('session:setLocale', { locale: 'en', screen }, { host: 'browser', window: 'customer' });
    expect(await setLocale('cashier')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await setLocale('customer')).toMatchObject({ ok: true });
    expect(await refund(demoSignIn('cashier'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await refund({ shortId: demoSignIn('supervisor').shortId, pin: '999999' })).toMatchObject({ ok: false, error: { code: 'PIN_REJECTED' } });
    expect(await refund(undefined)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // A supervisor's approval reaches the handler (which then finds no such payment).
    expect(await refund(demoSignIn('supervisor'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await refund({ badge: 'DEMO-BADGE-SUPERVISOR' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the browser host: the customer display over its WebSocket cannot call settings:update', async () => {
    const demo = await bootDemoStation();
    const server = await startHttpServer({ station: demo.station, port: 0, staticDir: fakeRendererDir(), token: 'T0KEN' });
    try {
      const origin = server.url.replace(/\/$/, '');
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=T0KEN&window=customer`, { origin });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const answer = new Promise<unknown>((resolve) => ws.once('message', (m) => resolve(JSON.parse(String(m)))));
      ws.send(JSON.stringify({ id: 1, channel: 'settings:update', payload: { patch: { alipay: { baseUrl: 'https://evil.example/' } } } }));
      expect(await answer).toMatchObject({ id: 1, result: { ok: false, error: { code: 'FORBIDDEN' } } });
      ws.close();
      expect(demo.station.ctx.config.alipay.baseUrl ?? null).toBeNull();
    } finally {
      await server.close();
    }
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../../shared/domain/account';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import type { SettingsView } from '../../../shared/ipc/commands/settings';
import { bootDemoStation, until } from '../../helpers/demoStation';
import { bootLinkedStation, startHqRig, type HqRig } from '../../helpers/hqFixture';

type Linked = Extract<HqLinkStatus, { linked: true }>;

describe('settings and cashier accounts pushed down from HQ (real PostgreSQL)', () => {
  let rig: HqRig;
  beforeAll(async () => {
    rig = await startHqRig();
    await rig.store('M1', 'S1');
  }, 60_000);
  afterAll(async () => rig?.stop());

  const pushStatus = async (): Promise<{ documents: Array<{ kind: string; version: number }>; terminals: Array<{ terminalId: string; kind: string; version: number; applied: boolean; error: { code: string; message: string } | null }> }> =>
    (await rig.admin('GET', '/api/v1/admin/push/M1/S1')).json.value as never;

  it('versioned and acknowledged; an offline terminal keeps its last good copy and catches up; a bad document is refused and the old copy stays', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1');
    const put = (kind: string, doc: unknown) => rig.admin('PUT', `/api/v1/admin/push/M1/S1/${kind}`, doc);

    // HQ refuses a malformed document outright, with the field that is wrong; no version is made.
    const bad = await put('storeSettings', { store: { name: '' } });
    expect([bad.status, bad.json.error?.code]).toEqual([400, 'BAD_DOCUMENT']);
    expect(bad.json.error?.message).toContain('store.name');
    expect((await put('storeSettings', { alipay: { clientId: 'x' } })).json.error?.code).toBe('BAD_DOCUMENT');
    expect((await put('nonsense', {})).status).toBe(404);

    expect((await put('storeSettings', { store: { name: 'Chain Store 1' }, locale: 'zh-CN' })).json.value).toEqual({ kind: 'storeSettings', version: 1 });
    await until(async () => (await demo.call<SettingsView>('settings:get', {})).store.name === 'Chain Store 1');
    await until(async () => (await pushStatus()).terminals.some((t) => t.terminalId === link.terminalId && t.kind === 'storeSettings' && t.version === 1 && t.applied));
    expect((await demo.call<Linked>('hq:status', {})).pushed.storeSettings).toBe(1);

    const accounts = { accounts: [{ shortId: '400', name: 'New Cashier', role: 'cashier', pin: '4321' }, { shortId: '100', name: 'Renamed Cashier', role: 'cashier' }] };
    expect((await put('accounts', accounts)).json.value).toEqual({ kind: 'accounts', version: 1 });
    await until(async () => (await demo.call<AccountView[]>('account:list', {})).some((a) => a.shortId === '400'));
    const list = await demo.call<AccountView[]>('account:list', {});
    expect(list.find((a) => a.shortId === '100')?.name).toBe('Renamed Cashier');
    await demo.station.ctx.accounts!.signIn({ shortId: '400', pin: '4321' }); // the pushed PIN works at the counter
    await demo.station.ctx.accounts!.signIn({ shortId: '300', pin: '135790' });

    // Structurally fine, but this terminal's rules refuse it (a supervisor PIN is 6 digits): refused with the reason, nothing changed.
    expect((await put('accounts', { accounts: [{ shortId: '100', name: 'Should Not Apply', role: 'cashier' }, { shortId: '401', name: 'Short Pin', role: 'supervisor', pin: '1234' }] })).json.value).toEqual({ kind: 'accounts', version: 2 });
    await until(async () => (await pushStatus()).terminals.some((t) => t.terminalId === link.terminalId && t.kind === 'accounts' && t.version === 2 && !t.applied));
    const refused = (await pushStatus()).terminals.find((t) => t.terminalId === link.terminalId && t.kind === 'accounts')!;
    expect(refused.error?.code).toBe('BAD_DOCUMENT');
    expect(refused.error?.message).toContain('401');
    const after = await demo.call<AccountView[]>('account:list', {});
    expect(after.find((a) => a.shortId === '100')?.name).toBe('Renamed Cashier');
    expect(after.some((a) => a.shortId === '401')).toBe(false);
    expect((await demo.call<Linked>('hq:status', {})).pushed.accounts).toBe(1);

    // Offline (station stopped): edits wait at HQ; the terminal keeps version 1 and takes version 2 when back.
    const dataDir = demo.dataDir;
    await demo.stop();
    expect((await put('storeSettings', { store: { name: 'Chain Store 1 (renamed)' } })).json.value).toEqual({ kind: 'storeSettings', version: 2 });
    // While offline the terminal's own copy (config.json, journal) is the last good one.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')).store.name).toBe('Chain Store 1');
    const back = await bootDemoStation({ dataDir });
    await until(async () => (await back.call<SettingsView>('settings:get', {})).store.name === 'Chain Store 1 (renamed)', 20_000);
    await until(async () => (await back.call<Linked>('hq:status', {})).pushed.storeSettings === 2);
  });
});

/**
 * Pushed cashier accounts are applied atomically on the terminal (issue 16 item 5), on a real journal
 * with the real accounts service: a failure in the middle of a version's writes leaves nothing of
 * that version (accounts, the terminal's copy, audit lines), is not acknowledged, and the same
 * version applies in full when offered again.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccountsService } from '../../../electron/accounts/accountsService';
import { applyPushed } from '../../../electron/hq/terminal/pushApply';
import { prepareAccountsPush } from '../../../electron/hq/terminal/pushedAccounts';
import { openJournal } from '../../../electron/journal/openJournal';
import { hqLinkRepo } from '../../../electron/journal/repos/hqLinkRepo';
import { systemClock } from '../../../shared/domain/clock';
import { tempDir } from '../../helpers/tempDir';

function rig() {
  const db = openJournal(path.join(tempDir(), 'journal.sqlite'));
  const accounts = createAccountsService({ db, pepper: randomBytes(32), clock: systemClock });
  const warnings: string[] = [];
  const apply = (version: number, body: unknown) => applyPushed({ db, clock: systemClock, log: { warn: (_o, m) => void warnings.push(m ?? '') }, preparePush: (_k, b) => prepareAccountsPush(accounts, b) }, 'accounts', version, body);
  const shortIds = (): string[] => accounts.list().map((a) => a.shortId).sort();
  const audits = (): string[] => db.prepare("SELECT action FROM audit_log WHERE action LIKE 'account.%' OR action LIKE 'hq.push%' ORDER BY id").pluck().all() as string[];
  return { db, accounts, apply, shortIds, audits, warnings };
}

const doc = { accounts: [
  { shortId: '300', name: 'Manager', role: 'manager', pin: '135790' },
  { shortId: '500', name: 'First', role: 'cashier', pin: '5555' },
  { shortId: '600', name: 'Second', role: 'cashier', pin: '6666' },
  { shortId: '700', name: 'Third', role: 'cashier', pin: '7777' },
] };

describe('pushed accounts on the terminal', () => {
  it('a failure midway (the journal refuses the third write) applies nothing of the version and does not acknowledge it; offered again, it applies whole', async () => {
    const r = rig();
    await r.accounts.create({ shortId: '100', name: 'Old Cashier', role: 'cashier', pin: '1111' });
    const before = { ids: r.shortIds(), audits: r.audits().length };
    // A real write failure inside the accounts service, after two accounts of the batch were written.
    r.db.exec("CREATE TEMP TRIGGER fail_600 BEFORE INSERT ON accounts WHEN NEW.short_id = '600' BEGIN SELECT RAISE(ABORT, 'disk I/O trouble'); END");
    const answer = await r.apply(1, doc);
    expect(answer).toMatchObject({ later: expect.stringContaining('disk I/O trouble') });
    expect(r.shortIds()).toEqual(before.ids);
    expect(r.audits()).toHaveLength(before.audits);
    expect(hqLinkRepo(r.db).pushCopy('accounts')).toBeNull();
    expect(r.warnings.join('\n')).toContain('nothing of it kept');

    r.db.exec('DROP TRIGGER fail_600');
    expect(await r.apply(1, doc)).toEqual({ applied: true });
    expect(r.shortIds()).toEqual(['100', '300', '500', '600', '700']);
    expect(hqLinkRepo(r.db).pushCopy('accounts')?.version).toBe(1);
    await expect(r.accounts.signIn({ shortId: '600', pin: '6666' })).resolves.toMatchObject({ shortId: '600' });
    // The same version again (our ack was lost): already applied, nothing written twice.
    expect(await r.apply(1, doc)).toEqual({ applied: true });
    expect(r.shortIds()).toHaveLength(5);
  });

  it('two entries that clash only at the journal (the same id in other case) leave nothing behind', async () => {
    const r = rig();
    const clash = { accounts: [...doc.accounts.slice(0, 2), { shortId: 'ab1', name: 'A', role: 'cashier', pin: '1234' }, { shortId: 'AB1', name: 'B', role: 'cashier', pin: '4321' }] };
    expect(await r.apply(1, clash)).toMatchObject({ later: expect.stringContaining('CONFLICT') });
    expect(r.shortIds()).toEqual([]);
    expect(r.audits()).toEqual([]);
  });

  it('a document this terminal refuses is answered refused with its reason, before anything is written', async () => {
    const r = rig();
    await r.accounts.create({ shortId: '300', name: 'Manager', role: 'manager', pin: '135790' });
    expect(await r.apply(1, { accounts: [{ shortId: '300', name: 'Manager', role: 'cashier' }] })).toEqual({ applied: false, error: { code: 'BAD_DOCUMENT', message: 'accounts: the terminal would be left without a manager' } });
    expect(r.audits()).toEqual(['account.create', 'hq.pushRefused']);
  });

  it('a batch may demote one manager and promote another in either order (judged on the outcome)', async () => {
    const r = rig();
    await r.accounts.create({ shortId: '300', name: 'Old Manager', role: 'manager', pin: '135790' });
    await r.accounts.create({ shortId: '400', name: 'Supervisor', role: 'supervisor', pin: '246810' });
    expect(await r.apply(1, { accounts: [{ shortId: '300', name: 'Old Manager', role: 'cashier' }, { shortId: '400', name: 'New Manager', role: 'manager' }] })).toEqual({ applied: true });
    expect(r.accounts.list().map((a) => [a.shortId, a.role])).toEqual(expect.arrayContaining([['300', 'cashier'], ['400', 'manager']]));
  });
});

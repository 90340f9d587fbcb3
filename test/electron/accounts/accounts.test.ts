/**
 * Counter accounts on a real journal (issue 12 §1): first-run manager, PIN rules by role, sign-in by
 * PIN and badge, switch, idle lock, per-account lockout that survives a restart and locks nobody
 * else, and every sale / refund / reprint recorded with the account (and approver) that did it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../electron/journal/openJournal';
import { createAccountsService, PIN_LOCKOUT_MS, PIN_MAX_FAILURES } from '../../../electron/accounts/accountsService';
import { loadPepper } from '../../../electron/accounts/pepper';
import { bootDemoStation, demoSignIn, DEMO_APPROVAL, until } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { DayReport } from '../../../shared/domain/report';
import type { StationSnapshot } from '../../../shared/domain/station';

function freshAccounts(dataDir = tempDir(), clock = { t: 1_700_000_000_000 }) {
  const db = openJournal(path.join(dataDir, 'journal.sqlite'));
  const svc = createAccountsService({ db, pepper: loadPepper(dataDir), clock: { now: () => clock.t }, idleLockMs: 60_000 });
  return { db, svc, dataDir, clock };
}

describe('accounts', () => {
  it('first run: no account until the manager is set up (6+ digits); then set-up is closed', async () => {
    const { db, svc, dataDir } = freshAccounts();
    expect(svc.isSetUp()).toBe(false);
    await expect(svc.setup({ name: 'Li', shortId: '1', pin: '1234' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const s = await svc.setup({ name: 'Li', shortId: '1', pin: '123456' });
    expect(s).toMatchObject({ name: 'Li', role: 'manager' });
    await expect(svc.setup({ name: 'Eve', shortId: '2', pin: '654321' })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Supervisors need 6 digits too; a cashier may have 4.
    await expect(svc.create({ name: 'S', shortId: '20', role: 'supervisor', pin: '2468' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await svc.create({ name: 'C', shortId: '10', role: 'cashier', pin: '2468' });
    // Only hashes are stored: the PIN appears nowhere in the journal file.
    db.close();
    const raw = fs.readFileSync(path.join(dataDir, 'journal.sqlite'));
    expect(raw.includes(Buffer.from('123456'))).toBe(false);
  });

  it('wrong PINs lock only that account, the lockout survives a restart, and it ends', async () => {
    const dataDir = tempDir();
    const a = freshAccounts(dataDir);
    await a.svc.setup({ name: 'M', shortId: '1', pin: '111111' });
    await a.svc.create({ name: 'C', shortId: '10', role: 'cashier', pin: '2468' });
    for (let i = 1; i < PIN_MAX_FAILURES; i++) await expect(a.svc.signIn({ shortId: '10', pin: '0000' })).rejects.toMatchObject({ code: 'PIN_REJECTED' });
    await expect(a.svc.signIn({ shortId: '10', pin: '0000' })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    // Locked: even the right PIN is refused unseen; the manager is not affected.
    await expect(a.svc.signIn({ shortId: '10', pin: '2468' })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    await expect(a.svc.signIn({ shortId: '1', pin: '111111' })).resolves.toMatchObject({ shortId: '1' });
    a.db.close();
    const b = freshAccounts(dataDir, a.clock);
    await expect(b.svc.signIn({ shortId: '10', pin: '2468' })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    b.clock.t += PIN_LOCKOUT_MS;
    await expect(b.svc.signIn({ shortId: '10', pin: '2468' })).resolves.toMatchObject({ shortId: '10', role: 'cashier' });
    b.db.close();
  });

  it('signs in by badge, switches, and locks itself after idling', async () => {
    const { db, svc, clock } = freshAccounts();
    await svc.setup({ name: 'M', shortId: '1', pin: '111111' });
    await svc.create({ name: 'C', shortId: '10', role: 'cashier', badge: 'STAFF-CARD-0010' });
    svc.signOut();
    await expect(svc.signIn({ badge: 'STAFF-CARD-9999' })).rejects.toMatchObject({ code: 'PIN_REJECTED' });
    expect(await svc.signIn({ badge: 'STAFF-CARD-0010' })).toMatchObject({ shortId: '10' });
    expect(await svc.signIn({ shortId: '1', pin: '111111' })).toMatchObject({ shortId: '1' });
    const audit = db.prepare("SELECT action, account_id FROM audit_log WHERE action LIKE 'session.%' ORDER BY id").all();
    expect(audit.map((r) => (r as { action: string }).action)).toEqual(['session.signOut', 'session.signIn', 'session.switch']);
    clock.t += 59_000;
    expect(svc.current()).not.toBeNull();
    svc.touch();
    clock.t += 60_000;
    expect(svc.current()).toBeNull();
    db.close();
  });

  it('sales, refunds and reprints carry the account; the report groups by the real cashier', async () => {
    const demo = await bootDemoStation({ signInAs: 'cashier' });
    const { call, station } = demo;
    const pay = async (minor: number, code: string): Promise<AttemptSnapshot> => {
      await call<SaleSnapshot>('sale:create', { amountMinor: minor });
      const a = await call<AttemptSnapshot>('payment:scan', { code });
      await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
      return a;
    };
    const first = await pay(1_000, '281234567890123400');
    await call('receipt:reprint', { paymentRequestId: first.paymentRequestId });
    await call('refund:create', { paymentRequestId: first.paymentRequestId, amountMinor: 100, approval: DEMO_APPROVAL });
    await station.ctx.accounts!.signIn(demoSignIn('manager'));
    await pay(2_000, '281234567890123401');

    const db = station.ctx.db!;
    const ids = Object.fromEntries(station.ctx.accounts!.list().map((a) => [a.role, a.accountId]));
    const audits = db.prepare("SELECT action, account_id AS account, approved_by AS approver FROM audit_log WHERE action IN ('receipt.reprint','refund.request','refund.requested','refund.create') ORDER BY id").all() as Array<{ action: string; account: string; approver: string | null }>;
    expect(audits.find((r) => r.action === 'receipt.reprint')).toMatchObject({ account: ids.cashier });
    const refundAudit = audits.find((r) => r.action.startsWith('refund'));
    expect(refundAudit).toMatchObject({ account: ids.cashier, approver: ids.supervisor });

    const x = await call<DayReport>('report:get', { ref: { kind: 'X' } });
    const cashiers = x.lines.map((l) => l.cashier).sort();
    expect(cashiers).toEqual(['Demo Cashier · 100', 'Demo Manager · 300']);
    expect(x.lines.find((l) => l.cashier === 'Demo Cashier · 100')!.sales).toEqual({ count: 1, minor: 1_000 });
  });

  it('the snapshot says who is signed in; signing out locks the counter for every command but sign-in', async () => {
    const demo = await bootDemoStation({ signInAs: 'supervisor' });
    expect((await demo.call<StationSnapshot>('session:hello', { window: 'cashier' })).session).toMatchObject({ shortId: '200', role: 'supervisor' });
    await demo.call('account:signOut', {});
    expect(demo.station.snapshot().session).toBeNull();
    await expect(demo.call('sale:create', { amountMinor: 100 })).rejects.toMatchObject({ code: 'SIGNED_OUT' });
  });
});

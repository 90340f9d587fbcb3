import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { createTillRepo } from '../../../../electron/journal/repos/tillRepo';
import { tempDir } from '../../../helpers/tempDir';

const NOW = 1_700_000_000_000;

function rig() {
  const db = openJournal(path.join(tempDir(), 'j.sqlite'));
  const repo = createTillRepo(db);
  for (const id of ['S1', 'S2', 'S3']) db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'open', 100, 'CNY')").run(id, NOW, NOW);
  repo.insertClient({ id: 'C1', name: 'Till 1', keyHash: 'h1', scopes: ['pay', 'read'], ratePerMinute: 60, createdAt: NOW });
  repo.insertClient({ id: 'C2', name: 'Till 2', keyHash: 'h2', scopes: ['pay'], ratePerMinute: 60, createdAt: NOW });
  return { db, repo };
}

describe('tillRepo (migration 0090) on a real SQLite file', () => {
  it('one row per (client, order reference): the schema itself refuses a second charge record', () => {
    const { repo } = rig();
    repo.insertOrder({ clientId: 'C1', orderRef: 'R1', saleId: 'S1', amountMinor: 100, currency: 'CNY', createdAt: NOW });
    expect(() => repo.insertOrder({ clientId: 'C1', orderRef: 'R1', saleId: 'S2', amountMinor: 100, currency: 'CNY', createdAt: NOW })).toThrow(/UNIQUE|PRIMARY/);
    // Another client may use the same reference; one sale never belongs to two orders.
    repo.insertOrder({ clientId: 'C2', orderRef: 'R1', saleId: 'S2', amountMinor: 100, currency: 'CNY', createdAt: NOW });
    expect(() => repo.insertOrder({ clientId: 'C2', orderRef: 'R2', saleId: 'S2', amountMinor: 100, currency: 'CNY', createdAt: NOW })).toThrow(/UNIQUE/);
  });

  it('touch gives each change a new sequence number; changes are replayed per client in order', () => {
    const { repo } = rig();
    repo.insertOrder({ clientId: 'C1', orderRef: 'A', saleId: 'S1', amountMinor: 100, currency: 'CNY', createdAt: NOW });
    repo.insertOrder({ clientId: 'C2', orderRef: 'B', saleId: 'S2', amountMinor: 100, currency: 'CNY', createdAt: NOW });
    const a = repo.touch('S1', NOW + 1)!;
    const b = repo.touch('S2', NOW + 2)!;
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(repo.touch('S3', NOW + 3)).toBeNull(); // not a till's sale
    expect(repo.ordersSince('C1', 0).map((o) => o.orderRef)).toEqual(['A']);
    expect(repo.ordersSince('C1', a.seq)).toEqual([]);
    expect(repo.lastSeq('C2')).toBe(b.seq);
  });

  it('a live client name is unique until it is revoked; revoking twice changes nothing', () => {
    const { repo } = rig();
    expect(repo.liveNameTaken('Till 1')).toBe(true);
    expect(() => repo.insertClient({ id: 'C3', name: 'Till 1', keyHash: 'h3', scopes: ['pay'], ratePerMinute: 60, createdAt: NOW })).toThrow(/UNIQUE/);
    expect(repo.revoke('C1', NOW + 5)).toBe(true);
    expect(repo.revoke('C1', NOW + 6)).toBe(false);
    expect(repo.clientById('C1')!.revokedAt).toBe(NOW + 5);
    repo.insertClient({ id: 'C3', name: 'Till 1', keyHash: 'h3', scopes: ['pay'], ratePerMinute: 60, createdAt: NOW });
    expect(repo.clientByKeyHash('h3')!.id).toBe('C3');
  });
});

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { openJournal } from '../../../../electron/journal/openJournal';
import { MIGRATIONS } from '../../../../electron/journal/migrations/index';
import { eventHash, verifyChain, GENESIS_HASH } from '../../../../electron/journal/hashChain';
import { tempDir } from '../../../helpers/tempDir';

/** 0170 renames attempt_id to payment_request_id in four tables; rows, indexes and the chain survive. */
describe('journal migration 0170 (payment_request_id)', () => {
  it('renames the column on a journal holding a paid sale, its events, a refund, a notification and an entry submission', () => {
    const file = path.join(tempDir('m0170'), 'journal.sqlite');
    const old = openJournal(file, { migrations: MIGRATIONS.filter((m) => m.version < 170) });
    const t = 1_780_000_000_000;
    old.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES ('S1', ?, ?, 'paid', 1250, 'CNY')").run(t, t);
    old.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, expires_at, created_at, updated_at, state_json)
      VALUES ('P1', 'S1', 'PaymentCode', 'succeeded', 1250, 'CNY', 'ALI1', ?, ?, ?, '{}')`).run(t + 60_000, t, t);
    let prev = GENESIS_HASH;
    for (const [seq, type, status] of [[1, 'created', 'pending'], [2, 'paid', 'succeeded']] as const) {
      const row = { payment_request_id: 'P1', at: t + seq, type, status, data_json: '{}' };
      const hash = eventHash(prev, seq, row);
      old.prepare('INSERT INTO payment_events (seq, attempt_id, at, type, status, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, 'P1', row.at, type, status, '{}', prev, hash);
      old.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
      prev = hash;
    }
    old.prepare("INSERT INTO refunds (id, attempt_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES ('R1', 'P1', 'S1', 250, 'CNY', 'succeeded', 'manager', ?, ?)").run(t, t);
    old.prepare("INSERT INTO payment_notifications (dedupe_key, attempt_id, body_sha256, received_at, outcome) VALUES ('n1', 'P1', 'ab', ?, 'applied')").run(t);
    old.prepare(`INSERT INTO entry_submissions (id, ref, sale_id, attempt_id, amount_minor, currency, locale, user_agent, created_at, updated_at)
      VALUES ('E1', 'ref1', 'S1', 'P1', 1250, 'CNY', 'zh-CN', 'test', ?, ?)`).run(t, t);
    old.close();

    const db = openJournal(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(170);
    for (const table of ['payment_events', 'refunds', 'payment_notifications', 'entry_submissions']) {
      const cols = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols, table).toContain('payment_request_id');
      expect(cols, table).not.toContain('attempt_id');
      expect((db.prepare(`SELECT payment_request_id AS p FROM ${table}`).all() as Array<{ p: string }>).map((r) => r.p)).toEqual(table === 'payment_events' ? ['P1', 'P1'] : ['P1']);
    }
    // The indexes now cover the renamed column, and the query planner uses them.
    for (const [index, table] of [['payment_events_attempt', 'payment_events'], ['refunds_attempt', 'refunds'], ['entry_submissions_attempt', 'entry_submissions']] as const) {
      const cols = (db.prepare(`PRAGMA index_info(${index})`).all() as Array<{ name: string }>).map((c) => c.name);
      expect(cols, index).toContain('payment_request_id');
      const plan = JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM ${table} WHERE payment_request_id = 'P1'`).all());
      expect(plan, index).toContain(index);
    }
    // The chain hashes values, not column names: it still verifies after the rename.
    expect(verifyChain(db)).toMatchObject({ ok: true, events: 2 });
    db.close();
  });
});

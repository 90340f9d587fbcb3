import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../electron/journal/openJournal';
import { MIGRATIONS } from '../../../electron/journal/migrations';
import { attemptTotals, attemptTotalsPlain, rangeSegments, type TotalsRow } from '../../../electron/journal/repos/reportReads';
import { tempDir } from '../../helpers/tempDir';

const STATUSES = ['created', 'succeeded', 'failed', 'cancelled', 'reversed', 'awaitingCustomer'];
const SCENARIOS = ['PaymentCode', 'OrderCode', 'EntryCode'];

/** A small deterministic generator, so a failure is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function canon(rows: readonly TotalsRow[]): Record<string, [number, number]> {
  const m: Record<string, [number, number]> = {};
  for (const r of rows) {
    const k = [r.hour, r.scenario, r.currency, r.cashier, r.status].join('|');
    const v = m[k] ?? [0, 0];
    m[k] = [v[0] + r.n, v[1] + r.minor];
  }
  for (const [k, v] of Object.entries(m)) if (v[0] === 0) delete m[k];
  return m;
}

function fill(db: Db, rand: () => number, n: number, t0: number, span: number): void {
  const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, cashier_id) VALUES (?, ?, ?, 'paid', ?, ?, ?)");
  const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, '{}')");
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = t0 + Math.floor(rand() * span);
      const minor = 1 + Math.floor(rand() * 10_000);
      const cur = rand() < 0.8 ? 'CNY' : 'USD';
      sale.run(`S${i}`, at, at, minor, cur, rand() < 0.5 ? 'alice' : 'bob');
      att.run(`P${i}`, `S${i}`, SCENARIOS[Math.floor(rand() * 3)], STATUSES[Math.floor(rand() * STATUSES.length)], minor, cur, at, at);
    }
  })();
}

describe('attempt totals kept by triggers', () => {
  it('splits a range into whole hours, whole minutes and raw edges that tile it exactly', () => {
    const H = 3_600_000;
    const M = 60_000;
    const start = 10 * H + 7 * M + 13_000;
    const end = 14 * H + 45 * M + 500;
    const segs = rangeSegments(start, end);
    expect(segs).toEqual([
      { grain: 'raw', from: start, to: 10 * H + 8 * M },
      { grain: 'm', from: 10 * 60 + 8, to: 11 * 60 },
      { grain: 'h', from: 11, to: 14 },
      { grain: 'm', from: 14 * 60, to: 14 * 60 + 45 },
      { grain: 'raw', from: 14 * H + 45 * M, to: end },
    ]);
    expect(rangeSegments(5 * M + 1, 5 * M + 10)).toEqual([{ grain: 'raw', from: 5 * M + 1, to: 5 * M + 10 }]);
    expect(rangeSegments(H, 3 * H)).toEqual([{ grain: 'h', from: 1, to: 3 }]);
    expect(rangeSegments(5, 5)).toEqual([]);
  });

  it('agrees with a plain scan for random ranges after inserts, status and amount changes, deletes and a cashier change', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    const rand = rng(42);
    const t0 = Date.UTC(2030, 0, 1);
    const span = 3 * 86_400_000;
    fill(db, rand, 3000, t0, span);
    db.transaction(() => {
      for (let i = 0; i < 400; i++) db.prepare('UPDATE payment_attempts SET status = ? WHERE id = ?').run(STATUSES[i % STATUSES.length], `P${Math.floor(rand() * 3000)}`);
      for (let i = 0; i < 50; i++) db.prepare('UPDATE payment_attempts SET amount_minor = amount_minor + 1, created_at = created_at + 7777 WHERE id = ?').run(`P${Math.floor(rand() * 3000)}`);
      for (let i = 0; i < 30; i++) db.prepare('DELETE FROM payment_attempts WHERE id = ?').run(`P${2000 + i}`);
      db.prepare("UPDATE sales SET cashier_id = 'carol' WHERE id IN ('S1', 'S2', 'S3')").run();
      // A touch that changes nothing the totals depend on must not move them.
      db.prepare("UPDATE payment_attempts SET updated_at = updated_at + 1, state_json = '{\"x\":1}'").run();
    })();
    for (let i = 0; i < 40; i++) {
      const a = t0 + Math.floor(rand() * span);
      const b = a + Math.floor(rand() * span);
      expect(canon(attemptTotals(db, a, b))).toEqual(canon(attemptTotalsPlain(db, a, b)));
    }
    expect(canon(attemptTotals(db, t0, t0 + span + 86_400_000))).toEqual(canon(attemptTotalsPlain(db, t0, t0 + span + 86_400_000)));
    expect(Object.keys(canon(attemptTotals(db, t0, t0 + span))).some((k) => k.includes('carol'))).toBe(true);
    db.close();
  });

  it('is back-filled for attempts written before the migration', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const before = MIGRATIONS.filter((m) => m.version < 40);
    const old = openJournal(file, { migrations: before });
    const t0 = Date.UTC(2030, 0, 1);
    fill(old, rng(7), 500, t0, 86_400_000);
    old.close();
    const db = openJournal(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(canon(attemptTotals(db, t0 + 1234, t0 + 86_000_000))).toEqual(canon(attemptTotalsPlain(db, t0 + 1234, t0 + 86_000_000)));
    db.close();
  });
});

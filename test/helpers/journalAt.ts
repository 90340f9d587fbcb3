/**
 * A real journal file at schema version N holding typical rows, written with plain SQL in the shape
 * that version's schema had (column names, columns that did not exist yet left out), for the
 * per-migration tests in test/electron/journal/migrations and any later migration's test:
 *
 *   const j = journalAt(versionBefore(170));       // a 0160 journal with sales, attempts, refunds …
 *   const before = dumpTables(j.db);
 *   upgrade(j.db, 170);                            // that one migration, never past it
 *   expectRowsKept(before, dumpTables(j.db));
 *
 * The rows follow what the repos write (paymentStore, printQueue, shiftRepo, tillRepo …): attempts
 * inserted `created` and then moved to their outcome (so the totals triggers of 0040/0160 see what
 * they see in production), every money change with its hash-chained event, refunds with their
 * outbox job. The definitions are exported so a test computes its expectations from them, not from
 * the database it checks.
 *
 * This file and the migration tests keep each version's own column names (`attempt_id` before 0170,
 * `payment_request_id` from it): they are left out of the mechanical rename (briefs/rename.sh).
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { migrate } from '../../electron/journal/migrate';
import { MIGRATIONS } from '../../electron/journal/migrations';
import type { Migration } from '../../electron/journal/migrations/migration';
import { openJournal, type Db } from '../../electron/journal/openJournal';
import { tempDir } from './tempDir';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** Three UTC days of trading (a Monday to a Wednesday). */
export const D1 = Date.UTC(2030, 2, 4);
export const D2 = D1 + DAY;
export const D3 = D2 + DAY;

/** The shipped migrations up to and including `version`. */
export const upTo = (version: number): readonly Migration[] => MIGRATIONS.filter((m) => m.version <= version);

/** The version a journal had just before migration `version` (0: a new file). */
export function versionBefore(version: number): number {
  if (!MIGRATIONS.some((m) => m.version === version)) throw new Error(`no migration ${version}`);
  return MIGRATIONS.filter((m) => m.version < version).reduce((v, m) => Math.max(v, m.version), 0);
}

/** Applies the migrations up to `version` that the journal does not have yet (and none above it). */
export const upgrade = (db: Db, version: number): { from: number; to: number } => migrate(db, upTo(version));

/**
 * The column naming an attempt's paymentRequestId in events, refunds, notifications and entry
 * submissions: `attempt_id` until 0170 renamed it. Read from the schema, not the version number, so
 * it is right on a branch whose list has later migrations but not 0170 yet.
 */
export function requestIdColumn(db: Db): 'attempt_id' | 'payment_request_id' {
  const cols = db.prepare("SELECT name FROM pragma_table_info('payment_events')").pluck().all() as string[];
  return cols.includes('payment_request_id') ? 'payment_request_id' : 'attempt_id';
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

// ---------------------------------------------------------------------------------------------
// The typical rows

export type Scenario = 'PaymentCode' | 'OrderCode' | 'EntryCode';
export type Acquirer = 'ams' | 'alipay-cn';

export interface SaleDef {
  readonly id: string; readonly at: number; readonly status: string; readonly minor: number; readonly currency: string; readonly cashier: string;
  readonly description: string | null;
  /** Sales that need a later schema (a cash-only sale needs 0140's tenders). */
  readonly since?: number;
}

export interface AttemptDef {
  readonly id: string; readonly sale: string; readonly scenario: Scenario; readonly status: string; readonly minor: number; readonly currency: string;
  readonly at: number; readonly acquirer: Acquirer; readonly codeTail: string | null; readonly paymentId: string | null; readonly resultCode: string | null;
  readonly reason?: string;
}

export const SALES: readonly SaleDef[] = [
  { id: 'S-0001', at: D1 + 1 * HOUR + 12 * MINUTE + 5_000, status: 'paid', minor: 12_800, currency: 'CNY', cashier: 'acc-alice', description: 'Tea set' },
  // The last millisecond of an hour and the first of the next: buckets must split them exactly.
  { id: 'S-0002', at: D1 + 1 * HOUR - 1, status: 'paid', minor: 4_550, currency: 'CNY', cashier: 'acc-alice', description: null },
  { id: 'S-0003', at: D1 + 1 * HOUR, status: 'refunded', minor: 3_000, currency: 'CNY', cashier: 'acc-bob', description: 'Returned' },
  { id: 'S-0004', at: D1 + 9 * HOUR + 30 * MINUTE, status: 'cancelled', minor: 1_999, currency: 'USD', cashier: 'acc-bob', description: null },
  { id: 'S-0005', at: D2 + 10 * HOUR, status: 'partially_refunded', minor: 2_500, currency: 'USD', cashier: 'acc-bob', description: 'Till order ORD-1001' },
  // The last millisecond of a day, still paying.
  { id: 'S-0006', at: D2 + DAY - 1, status: 'paying', minor: 880, currency: 'CNY', cashier: 'acc-alice', description: null },
  // Entry-code sales have no cashier.
  { id: 'S-0007', at: D3, status: 'paid', minor: 1_500, currency: 'JPY', cashier: 'default', description: 'Entry code' },
  { id: 'S-0008', at: D3 + 8 * HOUR + 15 * MINUTE, status: 'paid', minor: 6_600, currency: 'CNY', cashier: 'acc-alice', description: 'Till order ORD-1002' },
  // A sale that never got an attempt: nothing of it belongs in the attempt totals.
  { id: 'S-0009', at: D3 + 8 * HOUR + 20 * MINUTE, status: 'open', minor: 990, currency: 'CNY', cashier: 'acc-alice', description: null },
  { id: 'S-0010', at: D3 + 8 * HOUR + 30 * MINUTE, status: 'voided', minor: 2_000, currency: 'CNY', cashier: 'acc-bob', description: null },
  { id: 'S-0011', at: D3 + 9 * HOUR, status: 'partially_refunded', minor: 1_200, currency: 'CNY', cashier: 'acc-alice', description: 'Cash', since: 140 },
  { id: 'S-0012', at: D3 + 9 * HOUR + 5 * MINUTE, status: 'paying', minor: 777, currency: 'CNY', cashier: 'acc-alice', description: null },
];

export const ATTEMPTS: readonly AttemptDef[] = [
  { id: 'P-0001', sale: 'S-0001', scenario: 'PaymentCode', status: 'failed', minor: 12_800, currency: 'CNY', at: SALES[0]!.at + 2_000, acquirer: 'ams', codeTail: '1111', paymentId: null, resultCode: 'USER_PAYMENT_VERIFICATION_FAILED' },
  { id: 'P-0002', sale: 'S-0001', scenario: 'PaymentCode', status: 'succeeded', minor: 12_800, currency: 'CNY', at: SALES[0]!.at + 40_000, acquirer: 'ams', codeTail: '4821', paymentId: '2030030411121800001', resultCode: 'SUCCESS' },
  { id: 'P-0003', sale: 'S-0002', scenario: 'PaymentCode', status: 'succeeded', minor: 4_550, currency: 'CNY', at: D1 + 1 * HOUR - 1, acquirer: 'ams', codeTail: '7730', paymentId: '2030030400595900002', resultCode: 'SUCCESS' },
  { id: 'P-0004', sale: 'S-0003', scenario: 'PaymentCode', status: 'succeeded', minor: 3_000, currency: 'CNY', at: D1 + 1 * HOUR, acquirer: 'ams', codeTail: '0042', paymentId: '2030030401000000003', resultCode: 'SUCCESS' },
  { id: 'P-0005', sale: 'S-0004', scenario: 'OrderCode', status: 'cancelled', minor: 1_999, currency: 'USD', at: SALES[3]!.at + 1_000, acquirer: 'ams', codeTail: null, paymentId: null, resultCode: 'ORDER_IS_CLOSED', reason: 'cashier' },
  { id: 'P-0006', sale: 'S-0005', scenario: 'OrderCode', status: 'succeeded', minor: 2_500, currency: 'USD', at: SALES[4]!.at + 3_000, acquirer: 'ams', codeTail: null, paymentId: '2030030510000300006', resultCode: 'SUCCESS' },
  { id: 'P-0007', sale: 'S-0006', scenario: 'OrderCode', status: 'awaitingCustomer', minor: 880, currency: 'CNY', at: D2 + DAY - 1, acquirer: 'ams', codeTail: null, paymentId: null, resultCode: 'PAYMENT_IN_PROCESS' },
  { id: 'P-0008', sale: 'S-0007', scenario: 'EntryCode', status: 'succeeded', minor: 1_500, currency: 'JPY', at: D3, acquirer: 'ams', codeTail: null, paymentId: '2030030600000000008', resultCode: 'SUCCESS' },
  // Taken by 当面付 (from 0100 on; an older journal only knew AMS).
  { id: 'P-0009', sale: 'S-0008', scenario: 'PaymentCode', status: 'succeeded', minor: 6_600, currency: 'CNY', at: SALES[7]!.at + 5_000, acquirer: 'alipay-cn', codeTail: '2864', paymentId: '2030030622001400009', resultCode: '10000' },
  { id: 'P-0010', sale: 'S-0010', scenario: 'PaymentCode', status: 'reversed', minor: 2_000, currency: 'CNY', at: SALES[9]!.at + 4_000, acquirer: 'ams', codeTail: '5150', paymentId: '2030030608300400010', resultCode: 'SUCCESS', reason: 'void' },
  { id: 'P-0011', sale: 'S-0012', scenario: 'PaymentCode', status: 'unknown', minor: 777, currency: 'CNY', at: SALES[11]!.at + 1_000, acquirer: 'ams', codeTail: '9001', paymentId: null, resultCode: null },
];

/** The acquirer an attempt has in a journal at `version` (before 0100 there was only AMS). */
export const acquirerAt = (a: AttemptDef, version: number): Acquirer => (version >= 100 ? a.acquirer : 'ams');

export const REFUNDS = [
  { id: 'R-0001', attempt: 'P-0004', sale: 'S-0003', minor: 3_000, currency: 'CNY', status: 'succeeded', at: D1 + 5 * HOUR, doneAt: D1 + 5 * HOUR + 2_000, refundId: '2030030405000000R1', reason: 'Returned' },
  { id: 'R-0002', attempt: 'P-0006', sale: 'S-0005', minor: 500, currency: 'USD', status: 'succeeded', at: D2 + 11 * HOUR, doneAt: D2 + 11 * HOUR + 1_500, refundId: '2030030511000000R2', reason: 'One cup broken' },
  // Still being sent: no refundId, its outbox job pending after a network failure.
  { id: 'R-0003', attempt: 'P-0002', sale: 'S-0001', minor: 800, currency: 'CNY', status: 'pending', at: D3 + 10 * HOUR, doneAt: null, refundId: null, reason: 'Price match' },
] as const;

function stateJson(a: AttemptDef, status: string, updatedAt: number): string {
  const base = {
    v: 1, attemptId: a.id, saleId: a.sale, scenario: a.scenario, amount: { minor: a.minor, currency: a.currency }, createdAt: a.at, updatedAt,
    expiresAt: a.at + 180_000, codeHash: a.codeTail ? sha256(`code-${a.id}`) : null, codeTail: a.codeTail, paymentId: status === 'created' ? null : a.paymentId,
    customerIdMasked: status === 'succeeded' ? '138****8000' : null, polls: status === 'created' ? 0 : 2, resultCode: status === 'created' ? null : a.resultCode,
    message: null, flags: [] as string[], status,
  };
  switch (status) {
    case 'created': return JSON.stringify({ ...base, payRepeats: 0, pendingCancel: null });
    case 'awaitingCustomer': return JSON.stringify({ ...base, qr: { codeValue: `https://qr.alipay.com/${a.id}`, expiresAt: a.at + 180_000 } });
    case 'unknown': return JSON.stringify({ ...base, reason: 'timeout' });
    case 'succeeded': return JSON.stringify({ ...base, paidAt: updatedAt });
    case 'failed': return JSON.stringify(base);
    case 'cancelled': return JSON.stringify({ ...base, reason: a.reason ?? null });
    case 'reversed': return JSON.stringify({ ...base, refundRequestId: `rev-${a.id}`, refundId: null, reason: a.reason ?? 'void' });
    default: throw new Error(`no typical state for ${status}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The hash chain, as every version so far wrote it (the value of the request id is hashed, not the
// column's name, so 0170's rename does not touch it). The full-latest test checks this against the
// production verifier, so the two cannot drift apart unnoticed.

function appendEvent(db: Db, rid: string, e: { attempt: string; at: number; type: string; status: string; data: Record<string, unknown> }): void {
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const prev = head?.hash ?? '0'.repeat(64);
  const seq = (head?.seq ?? 0) + 1;
  const dataJson = JSON.stringify(e.data);
  const hash = sha256(JSON.stringify([prev, seq, e.attempt, e.at, e.type, e.status, dataJson]));
  db.prepare(`INSERT INTO payment_events (seq, ${rid}, at, type, status, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(seq, e.attempt, e.at, e.type, e.status, dataJson, prev, hash);
  db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
}

/** Walks the chain with whichever request-id column the journal has: true when every link and the head hold. */
export function chainIntact(db: Db): boolean {
  const col = requestIdColumn(db);
  let prev = '0'.repeat(64);
  let n = 0;
  for (const r of db.prepare(`SELECT seq, ${col} AS rid, at, type, status, data_json, prev_hash, hash FROM payment_events ORDER BY seq`).iterate() as IterableIterator<{ seq: number; rid: string; at: number; type: string; status: string; data_json: string; prev_hash: string; hash: string }>) {
    n++;
    if (r.seq !== n || r.prev_hash !== prev || sha256(JSON.stringify([r.prev_hash, r.seq, r.rid, r.at, r.type, r.status, r.data_json])) !== r.hash) return false;
    prev = r.hash;
  }
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  return (head?.seq ?? 0) === n && (head?.hash ?? '0'.repeat(64)) === prev;
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** The tables seedTypical fills (those of 0160). A migration that adds a table adds its typical rows below and its name here. */
export const TYPICAL_TABLES: readonly string[] = [
  'accounts', 'acquirer_totals', 'attempt_totals', 'audit_log', 'cash_movements', 'cash_refunds', 'chain_checkpoints', 'chain_head', 'entry_submissions',
  'hq_link', 'hq_outgoing', 'hq_push', 'hq_relay_seen', 'outbox', 'payment_attempts', 'payment_events', 'payment_notifications', 'print_jobs', 'refunds',
  'sale_tenders', 'sales', 'settings', 'settlement_imports', 'settlement_rows', 'settlement_summaries', 'shifts', 'till_clients', 'till_orders', 'till_refunds', 'z_reports',
];

const has = (db: Db, table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

/**
 * Writes the typical rows into a journal whose schema is at `version` (read from the file): every
 * table that version has gets rows, in the columns it had. Call once per journal.
 */
export function seedTypical(db: Db): void {
  const v = db.pragma('user_version', { simple: true }) as number;
  if (v < 10) return;
  const rid = requestIdColumn(db);
  db.transaction(() => {
    const sale = db.prepare('INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, description, cashier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const s of SALES) if (v >= (s.since ?? 10)) sale.run(s.id, s.at, s.at, s.status, s.minor, s.currency, s.description, s.cashier);

    // As paymentStore: the attempt written `created` with its event before anything is sent, then its outcome.
    const insAttempt = db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, code_hash, code_tail, expires_at, created_at, updated_at, result_code, state_json, customer_id_masked)
      VALUES (?, ?, ?, 'created', ?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, NULL)`);
    const setOutcome = db.prepare('UPDATE payment_attempts SET status = ?, payment_id = ?, updated_at = ?, result_code = ?, state_json = ?, customer_id_masked = ? WHERE id = ?');
    for (const a of ATTEMPTS) {
      insAttempt.run(a.id, a.sale, a.scenario, a.minor, a.currency, a.codeTail ? sha256(`code-${a.id}`) : null, a.codeTail, a.at + 180_000, a.at, a.at, stateJson(a, 'created', a.at));
      if (v >= 100 && a.acquirer !== 'ams') db.prepare('UPDATE payment_attempts SET acquirer = ? WHERE id = ?').run(a.acquirer, a.id);
      appendEvent(db, rid, { attempt: a.id, at: a.at, type: 'attempt.created', status: 'created', data: { amount: { minor: a.minor, currency: a.currency }, scenario: a.scenario } });
      const done = a.at + 1_500;
      setOutcome.run(a.status, a.paymentId, done, a.resultCode, stateJson(a, a.status, done), a.status === 'succeeded' ? '138****8000' : null, a.id);
      appendEvent(db, rid, {
        attempt: a.id, at: done, type: a.status === 'unknown' ? 'pay.timeout' : 'pay.result', status: a.status,
        data: { resultCode: a.resultCode, request: { api: 'pay', sha256: sha256(`req-${a.id}`), time: a.at, ms: 812 }, response: { http: 200, sha256: sha256(`res-${a.id}`) } },
      });
    }

    // The queue: a cancel and a void already done, refunds' jobs (0020 adds failures and subject).
    const job = (kind: string, key: string, status: string, attempts: number, at: number, lastError: string | null, subject: string, failures: number): void => {
      if (v >= 20) {
        db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, last_error, created_at, updated_at, failures, subject)
          VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?)`).run(kind, key, status, attempts, at + 30_000, lastError, at, at + 1_000, failures, subject);
      } else {
        db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, last_error, created_at, updated_at)
          VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?)`).run(kind, key, status, attempts, at + 30_000, lastError, at, at + 1_000);
      }
    };
    job('cancel', 'cancel:P-0005', 'done', 1, ATTEMPTS[4]!.at + 1_500, null, 'P-0005', 0);
    job('void', 'void:P-0010', 'done', 2, ATTEMPTS[9]!.at + 60_000, null, 'P-0010', 0);

    if (v >= 20) {
      const insRefund = db.prepare(`INSERT INTO refunds (id, ${rid}, sale_id, amount_minor, currency, status, reason, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`);
      const finish = db.prepare('UPDATE refunds SET status = ?, refund_id = ?, result_code = ?, updated_at = ? WHERE id = ?');
      for (const r of REFUNDS) {
        insRefund.run(r.id, r.attempt, r.sale, r.minor, r.currency, r.reason, 'supervisor', r.at, r.at);
        appendEvent(db, rid, { attempt: r.attempt, at: r.at, type: 'refund.requested', status: 'pending', data: { refundRequestId: r.id, amount: { minor: r.minor, currency: r.currency }, actor: 'supervisor' } });
        job('refund', `refund:${r.id}`, r.doneAt === null ? 'pending' : 'done', r.doneAt === null ? 3 : 1, r.at, r.doneAt === null ? 'network: connect ECONNREFUSED' : null, r.id, 0);
        if (r.doneAt !== null) {
          finish.run(r.status, r.refundId, 'SUCCESS', r.doneAt, r.id);
          appendEvent(db, rid, { attempt: r.attempt, at: r.doneAt, type: `refund.${r.status}`, status: r.status, data: { refundId: r.refundId } });
        }
      }
      // A failure counted while Alipay answered (0020's failures), on its way to the dead letter.
      job('reverse', 'reverse:P-0010', 'dead', 5, ATTEMPTS[9]!.at + 2_000, 'PROCESS_FAIL', 'P-0010', 5);

      const note = db.prepare(`INSERT INTO payment_notifications (dedupe_key, ${rid}, body_sha256, received_at, outcome) VALUES (?, ?, ?, ?, ?)`);
      note.run('P-0006|S|SUCCESS', 'P-0006', sha256('notify-P-0006'), ATTEMPTS[5]!.at + 2_500, 'applied');
      note.run('P-0007|U|PAYMENT_IN_PROCESS', 'P-0007', sha256('notify-P-0007'), ATTEMPTS[6]!.at + 900, 'ignored');
      note.run('P-9999|S|SUCCESS', null, sha256('notify-P-9999'), D2 + 12 * HOUR, 'unknownAttempt');
    }

    const audit = (at: number, actor: string, action: string, details: Record<string, unknown>, account: string | null, approvedBy: string | null): void => {
      if (v >= 110) db.prepare('INSERT INTO audit_log (at, actor, action, details_json, account_id, approved_by) VALUES (?, ?, ?, ?, ?, ?)').run(at, actor, action, JSON.stringify(details), account, approvedBy);
      else db.prepare('INSERT INTO audit_log (at, actor, action, details_json) VALUES (?, ?, ?, ?)').run(at, actor, action, JSON.stringify(details));
    };
    audit(D1 - HOUR, 'setup', 'settings.save', { keys: ['alipay', 'printer'] }, null, null);
    audit(D1 + 2 * HOUR, 'cashier', 'receipt.reprint', { attemptId: 'P-0002' }, 'acc-alice', null);
    audit(D3 + 8 * HOUR + 31 * MINUTE, 'supervisor', 'sale.void', { saleId: 'S-0010' }, 'acc-bob', 'acc-mgr');

    const setting = db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)');
    setting.run('station', JSON.stringify({ terminalId: 'T-01', storeName: 'Lakeside Tea' }), D1 - HOUR);
    setting.run('printer', JSON.stringify({ kind: 'escpos', path: '/dev/usb/lp0', width: 48 }), D1 - HOUR);

    if (has(db, 'print_jobs')) {
      const doc = (ref: string): string => JSON.stringify({ kind: 'receipt', lines: [{ text: 'Lakeside Tea' }, { text: `Ref ${ref}` }] });
      const ins = db.prepare(`INSERT INTO print_jobs (kind, idempotency_key, reference, document_json, status, attempts, possibly_printed, last_error, created_at, updated_at, printed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      ins.run('receipt', 'receipt:P-0002', 'P-0002', doc('P-0002'), 'printed', 1, 0, null, D1 + 1 * HOUR + 13 * MINUTE, D1 + 1 * HOUR + 13 * MINUTE + 900, D1 + 1 * HOUR + 13 * MINUTE + 900);
      ins.run('reprint', 'reprint:P-0002:1', 'P-0002', doc('P-0002'), 'printed', 1, 0, null, D1 + 2 * HOUR, D1 + 2 * HOUR + 700, D1 + 2 * HOUR + 700);
      // Interrupted mid-job: printed again as DUPLICATE rather than risk no receipt.
      ins.run('receipt', 'receipt:P-0006', 'P-0006', doc('P-0006'), 'printing', 1, 1, null, D2 + 10 * HOUR + 5_000, D2 + 10 * HOUR + 5_500, null);
      ins.run('test', 'test:1', null, doc('test'), 'failed', 3, 0, 'paper out', D2 + 7 * HOUR, D2 + 7 * HOUR + 9_000, null);
      ins.run('report', 'report:X:2030-03-06', null, doc('X'), 'queued', 0, 0, null, D3 + 11 * HOUR, D3 + 11 * HOUR, null);
      if (v >= 150) ins.run('receipt', 'receipt:P-0009', 'P-0009', doc('P-0009'), 'sent', 1, 0, null, D3 + 8 * HOUR + 16 * MINUTE, D3 + 8 * HOUR + 16 * MINUTE + 400, null);
    }

    if (v >= 40) {
      const report = JSON.stringify({ businessDate: '2030-03-04', sales: 3, net: { CNY: 17_350 - 3_000 } });
      db.prepare('INSERT INTO z_reports (number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256) VALUES (1, ?, ?, ?, ?, ?, ?, ?)')
        .run('2030-03-04', D1, D2, D2 + 5 * MINUTE, 'manager', report, sha256(report));
      const cp = db.prepare('SELECT seq, hash FROM payment_events WHERE at < ? ORDER BY seq DESC LIMIT 1').get(D2) as { seq: number; hash: string };
      db.prepare('INSERT INTO chain_checkpoints (seq, hash, verified_at) VALUES (?, ?, ?)').run(cp.seq, cp.hash, D2 + 5 * MINUTE);

      const imp = db.prepare('INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const items = Number(imp.run('transactionItems', 'transactionItems_20300304.csv', sha256('items-20300304'), '2030-03-04', '2188000000000001', 4, D2 + 9 * HOUR).lastInsertRowid);
      const row = db.prepare(`INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, original_transaction_id, transaction_request_id, transaction_type,
        payment_time, amount_minor, currency, reference_store_id, settlement_minor, settlement_currency, fee_minor) VALUES (?, 'transactionItems', ?, '2030-03-04', ?, ?, ?, ?, ?, ?, ?, 'ST-1', ?, 'CNY', ?)`);
      row.run(items, 1, '2030030411121800001', null, 'P-0002', 'PAYMENT', ATTEMPTS[1]!.at, 12_800, 'CNY', 12_723, 77);
      row.run(items, 2, '2030030400595900002', null, 'P-0003', 'PAYMENT', ATTEMPTS[2]!.at, 4_550, 'CNY', 4_523, 27);
      row.run(items, 3, '2030030401000000003', null, 'P-0004', 'PAYMENT', ATTEMPTS[3]!.at, 3_000, 'CNY', 2_982, 18);
      row.run(items, 4, '2030030405000000R1', '2030030401000000003', 'R-0001', 'REFUND', REFUNDS[0].doneAt, -3_000, 'CNY', -2_982, -18);
      const summary = Number(imp.run('settlementSummary', 'settlementSummary_20300304.csv', sha256('summary-20300304'), '2030-03-04', '2188000000000001', 1, D2 + 9 * HOUR).lastInsertRowid);
      db.prepare('INSERT INTO settlement_summaries (import_id, batch_id, currency, transaction_count, transaction_minor, fee_minor, settlement_minor) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(summary, 'B20300304', 'CNY', 4, 17_350, 104, 17_246);
    }

    if (v >= 60) {
      db.prepare(`INSERT INTO entry_submissions (id, ref, sale_id, ${rid}, amount_minor, currency, locale, user_agent, retries, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run('nonce-7f3a9c', 'ref-Qm9vYmFy', 'S-0007', 'P-0008', 1_500, 'JPY', 'en', 'Mozilla/5.0 AlipayClient/10.5.36', 0, D3, D3 + 1_500);
    }

    if (v >= 90) {
      const client = db.prepare('INSERT INTO till_clients (id, name, key_hash, scopes, rate_per_minute, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      // The same name twice: once revoked (a rotated key), once live — the partial unique index allows it.
      client.run('tc-old', 'Front till', sha256('key-old'), 'pay,read', 60, D1 - DAY, D1 - HOUR);
      client.run('tc-1', 'Front till', sha256('key-1'), 'pay,refund,read', 120, D1 - HOUR, null);
      const order = db.prepare('INSERT INTO till_orders (client_id, order_ref, sale_id, amount_minor, currency, created_at, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      order.run('tc-1', 'ORD-1001', 'S-0005', 2_500, 'USD', SALES[4]!.at, ATTEMPTS[5]!.at + 1_500, 1);
      order.run('tc-1', 'ORD-1002', 'S-0008', 6_600, 'CNY', SALES[7]!.at, ATTEMPTS[8]!.at + 1_500, 2);
      db.prepare('INSERT INTO till_refunds (client_id, refund_ref, order_ref, refund_request_id, amount_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run('tc-1', 'RF-1', 'ORD-1001', 'R-0002', 500, REFUNDS[1].at);
    }

    if (v >= 110) {
      const acc = db.prepare('INSERT INTO accounts (id, short_id, name, role, pin_json, badge_sha256, failures, locked_until, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const pin = (salt: string): string => JSON.stringify({ v: 1, alg: 'scrypt', N: 16384, r: 8, p: 1, salt, hash: sha256(`pin-${salt}`) });
      acc.run('acc-alice', 'alice', 'Alice Wang', 'cashier', pin('a1'), sha256('badge-alice'), 0, null, 0, D1 - DAY, D1 - DAY);
      acc.run('acc-bob', 'bob', 'Bob Li', 'supervisor', pin('b1'), null, 2, null, 0, D1 - DAY, D2);
      acc.run('acc-mgr', 'mgr', 'Mei Zhang', 'manager', pin('m1'), sha256('badge-mgr'), 0, null, 0, D1 - DAY, D1 - DAY);
      acc.run('acc-left', 'carl', 'Carl Xu', 'cashier', pin('c1'), null, 5, D1 + HOUR, 1, D1 - 2 * DAY, D1);
    }

    if (v >= 120) {
      db.prepare('INSERT INTO hq_link (id, hq_url, merchant_id, store_id, terminal_id, public_key, key_file, enrolled_at, event_cursor, record_cursor, last_upload_at, last_error) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run('https://hq.example.test', 'M-1', 'ST-1', 'T-01', 'MCowBQYDK2VwAyEA3c1f2b5e4d6a7980c1b2a3f4e5d6c7b8a9', 'hq-terminal.key', D1 - HOUR, 12, 3, D2 + 9 * HOUR, null);
      const out = db.prepare('INSERT INTO hq_outgoing (kind, key, at, data_json) VALUES (?, ?, ?, ?)');
      out.run('sale', 'S-0001', SALES[0]!.at, null);
      out.run('attempt', 'P-0002', ATTEMPTS[1]!.at + 1_500, null);
      out.run('zReport', '1', D2 + 5 * MINUTE, null);
      out.run('deviceHealth', 'printer', D2 + 7 * HOUR + 9_000, JSON.stringify({ printer: 'paperOut', queue: 1 }));
      db.prepare('INSERT INTO hq_relay_seen (notification_id, outcome, at) VALUES (?, ?, ?)').run(41, 'applied', ATTEMPTS[5]!.at + 2_600);
      db.prepare('INSERT INTO hq_push (kind, version, body_json, applied_at) VALUES (?, ?, ?, ?)').run('accounts', 3, JSON.stringify({ accounts: ['alice', 'bob', 'mgr'] }), D1 - HOUR);
    }

    if (v >= 140) {
      const shift = db.prepare(`INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor, float_json, closed_at, closed_by, expected_minor, counted_minor, counted_json, variance_minor, approved_by, handed_from, auto_opened)
        VALUES (?, 'T-01', ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      shift.run('SH-1', 'acc-alice', 'closed', D2 + 7 * HOUR, 20_000, JSON.stringify({ 10000: 1, 5000: 2 }), D2 + 19 * HOUR, 'acc-alice', 20_000, 19_900, null, -100, 'acc-mgr', null, 0);
      shift.run('SH-2', 'acc-alice', 'open', D3 + 7 * HOUR, 20_000, null, null, null, null, null, null, null, null, 'SH-1', 0);
      const mv = db.prepare('INSERT INTO cash_movements (shift_id, at, kind, amount_minor, currency, reason, actor, sale_id, tender_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      mv.run('SH-1', D2 + 7 * HOUR, 'float', 20_000, 'CNY', null, 'acc-alice', null, null);
      mv.run('SH-1', D2 + 12 * HOUR, 'paidOut', 1_500, 'CNY', 'Milk', 'acc-alice', null, null);
      mv.run('SH-1', D2 + 13 * HOUR, 'paidIn', 1_500, 'CNY', 'Change from bank', 'acc-bob', null, null);
      mv.run('SH-1', D2 + 14 * HOUR, 'noSale', 0, 'CNY', 'Open drawer', 'acc-alice', null, null);
      mv.run('SH-2', D3 + 7 * HOUR, 'float', 20_000, 'CNY', null, 'acc-alice', null, null);
      mv.run('SH-2', D3 + 9 * HOUR, 'cashSale', 1_200, 'CNY', null, 'acc-alice', 'S-0011', 'TD-1');
      mv.run('SH-2', D3 + 9 * HOUR + 30 * MINUTE, 'cashRefund', 200, 'CNY', 'Chipped cup', 'acc-bob', 'S-0011', null);
      db.prepare(`INSERT INTO sale_tenders (id, sale_id, shift_id, kind, applied_minor, tendered_minor, change_minor, rounding_minor, currency, created_at, actor)
        VALUES ('TD-1', 'S-0011', 'SH-2', 'cash', 1200, 2000, 800, 0, 'CNY', ?, 'acc-alice')`).run(D3 + 9 * HOUR);
      db.prepare(`INSERT INTO cash_refunds (id, sale_id, shift_id, amount_minor, currency, reason, actor, approved_by, created_at)
        VALUES ('CR-1', 'S-0011', 'SH-2', 200, 'CNY', 'Chipped cup', 'acc-bob', 'acc-mgr', ?)`).run(D3 + 9 * HOUR + 30 * MINUTE);
    }
  }).immediate();
}

// ---------------------------------------------------------------------------------------------
// Journals and snapshots

export interface JournalAt {
  readonly file: string;
  readonly db: Db;
  /** Closes and opens the same file again through openJournal, migrating it up to `version` (no further). */
  reopen(version: number): Db;
}

/**
 * A journal file (in a temp dir removed after the test) at `version`, opened as the app opens it
 * (openJournal: WAL, synchronous=FULL, foreign keys), with the typical rows unless `empty`.
 */
export function journalAt(version: number, opts: { empty?: boolean; file?: string } = {}): JournalAt {
  const file = opts.file ?? path.join(tempDir('pos-journal-at-'), 'journal.sqlite');
  let db = openJournal(file, { migrations: upTo(version) });
  if (!opts.empty) seedTypical(db);
  return {
    file,
    get db() {
      return db;
    },
    reopen(to: number) {
      db.close();
      db = openJournal(file, { migrations: upTo(to) });
      return db;
    },
  };
}

/** Per table: its column names and its rows as arrays of values, in column order. */
export type Dump = Record<string, { readonly cols: readonly string[]; readonly rows: readonly unknown[][] }>;

const tablesOf = (db: Db): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];

/** Every row of every table, ordered by all its columns (WITHOUT ROWID tables have no rowid to order by). */
export function dumpTables(db: Db): Dump {
  const out: Record<string, { cols: string[]; rows: unknown[][] }> = {};
  for (const t of tablesOf(db)) {
    const cols = db.prepare(`SELECT name FROM pragma_table_info('${t}') ORDER BY cid`).pluck().all() as string[];
    const order = cols.map((_, i) => i + 1).join(', ');
    out[t] = { cols, rows: db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().all() as unknown[][] };
  }
  return out;
}

/** Row counts per table. */
export const countsOf = (d: Dump): Record<string, number> => Object.fromEntries(Object.entries(d).map(([t, v]) => [t, v.rows.length]));

/** Tables, indexes and triggers as SQLite stores them. */
export const schemaOf = (db: Db): unknown[] => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();

/**
 * Every row that was there before is there after with the same values in the columns it had. By
 * position, not name: SQLite appends added columns and keeps a renamed one (0170) in its place, so
 * this holds across every migration so far; a migration that rewrites a table on purpose names it in
 * `except` and checks it itself.
 */
export function expectRowsKept(before: Dump, after: Dump, except: readonly string[] = []): void {
  for (const [table, { cols, rows }] of Object.entries(before)) {
    if (except.includes(table)) continue;
    expect(after[table], `table ${table} is gone`).toBeDefined();
    expect(after[table]!.rows.map((r) => r.slice(0, cols.length)), `rows of ${table}`).toEqual(rows);
  }
}

/**
 * The journal is whole and consistent: SQLite's own integrity check, no row pointing at a missing
 * parent, and the event chain unbroken.
 */
export function expectHealthy(db: Db): void {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(chainIntact(db)).toBe(true);
}

/** Running the migrations up to `version` again changes nothing, in place and on a reopen. */
export function expectRerunIsNoop(j: JournalAt, version: number): void {
  const schema = schemaOf(j.db);
  const rows = dumpTables(j.db);
  expect(upgrade(j.db, version)).toEqual({ from: version, to: version });
  const db = j.reopen(version);
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  expect(schemaOf(db)).toEqual(schema);
  expect(dumpTables(db)).toEqual(rows);
}

/** The names of the indexes / triggers on a table. */
export const indexesOf = (db: Db, table: string): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table) as string[];
export const triggersOf = (db: Db, table: string): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name").pluck().all(table) as string[];

/** The query plan's text, to check a statement uses the index a migration added. */
export const planOf = (db: Db, sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');

/**
 * The standard first half of a migration's test: a journal at the version before `version` with the
 * typical rows, a snapshot of it, then migration `version` alone.
 */
export function upgradedFromPrevious(version: number): { j: JournalAt; before: Dump; from: number } {
  const from = versionBefore(version);
  const j = journalAt(from);
  const before = dumpTables(j.db);
  expect(upgrade(j.db, version)).toEqual({ from, to: version });
  expect(j.db.pragma('user_version', { simple: true })).toBe(version);
  return { j, before, from };
}

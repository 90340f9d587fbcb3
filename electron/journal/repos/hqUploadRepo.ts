/**
 * All SQL of what a linked terminal uploads to head office (issue 16): the journal tables whose
 * inserts and updates triggers log, in commit order, into hq_outgoing (the sale path pays one extra
 * row insert in its own transaction, and nothing is missed across a crash); the one-time backfill of
 * each source (migration 0210 remembers which were done, so a source added by an update — shifts,
 * cash, reconciliation — still sends the rows from before it); and the reads the uploader makes.
 * The uploader sends each logged row as it stands when it is sent; HQ keeps every version and the
 * latest copy.
 */
import type { Db } from '../openJournal';

interface SourceBase {
  readonly kind: string;
  readonly table: string;
  /** The column whose value is the record's key (and `NEW.<key>` in the trigger). */
  readonly key: string;
  /** The row's own time column (ms) for the record's `at`. */
  readonly at: string;
  readonly ops: readonly ('INSERT' | 'UPDATE')[];
}

/** A journal row sent as it stands: `columns` is what leaves the terminal (never a PIN hash or engine state). */
export interface TableSource extends SourceBase { readonly columns: string }

/**
 * A figure the terminal computes when it sends (a day's reconciliation): the table's rows only say
 * "the figure for this key changed"; the link's reader for the kind computes it. Backfilled for the
 * last `backfillLast` keys only (a year of days is not recomputed in one upload run).
 */
export interface DerivedSource extends SourceBase { readonly derived: true; readonly backfillLast: number }

export type UploadSource = TableSource | DerivedSource;

const ALWAYS = ['INSERT', 'UPDATE'] as const;

export const UPLOAD_SOURCES: readonly UploadSource[] = [
  { kind: 'sale', table: 'sales', key: 'id', at: 'updated_at', ops: ALWAYS, columns: 'id, created_at, updated_at, status, amount_minor, currency, description, cashier_id' },
  {
    kind: 'attempt', table: 'payment_attempts', key: 'id', at: 'updated_at', ops: ALWAYS,
    columns: 'id, sale_id, scenario, status, amount_minor, currency, payment_id, code_tail, created_at, updated_at, result_code, customer_id_masked',
  },
  { kind: 'refund', table: 'refunds', key: 'id', at: 'updated_at', ops: ALWAYS, columns: 'id, payment_request_id, sale_id, amount_minor, currency, status, reason, refund_id, result_code, actor, created_at, updated_at' },
  { kind: 'zReport', table: 'z_reports', key: 'number', at: 'closed_at', ops: ALWAYS, columns: 'number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256' },
  { kind: 'audit', table: 'audit_log', key: 'id', at: 'at', ops: ALWAYS, columns: 'id, at, actor, action, details_json, account_id, approved_by' },
  // Issue 14: shifts, every movement of drawer cash, the cash tenders of sales (HQ counts them as the
  // `cash` tender of its takings) and cash refunds.
  {
    kind: 'shift', table: 'shifts', key: 'id', at: 'opened_at', ops: ALWAYS,
    columns: 'id, terminal_id, cashier_id, status, currency, opened_at, float_minor, closed_at, closed_by, expected_minor, counted_minor, variance_minor, approved_by, handed_from, auto_opened',
  },
  { kind: 'cashMovement', table: 'cash_movements', key: 'id', at: 'at', ops: ALWAYS, columns: 'id, shift_id, at, kind, amount_minor, currency, reason, actor, sale_id, tender_id' },
  {
    kind: 'cashTender', table: 'sale_tenders', key: 'id', at: 'created_at', ops: ALWAYS,
    columns: 'id, sale_id, shift_id, kind, applied_minor, tendered_minor, change_minor, rounding_minor, currency, created_at, actor',
  },
  { kind: 'cashRefund', table: 'cash_refunds', key: 'id', at: 'created_at', ops: ALWAYS, columns: 'id, sale_id, shift_id, amount_minor, currency, reason, actor, approved_by, created_at' },
  // A day's reconciliation changes when Alipay's file for it is imported and when the day is closed.
  { kind: 'reconciliation', table: 'settlement_imports', key: 'settlement_date', at: 'imported_at', ops: ['INSERT'], derived: true, backfillLast: 31 },
  { kind: 'reconciliation', table: 'z_reports', key: 'business_date', at: 'closed_at', ops: ['INSERT'], derived: true, backfillLast: 31 },
];

/** Device and queue health: written by the HQ link itself (not a table), when it changes. */
export const DEVICE_HEALTH_KIND = 'deviceHealth';

const isDerived = (s: UploadSource): s is DerivedSource => 'derived' in s;
// The first sources' triggers were named by table alone (journals linked before 0210 have them so).
const triggerName = (s: UploadSource, op: string): string => `hq_out_${s.table}_${op.toLowerCase()}${isDerived(s) ? `_${s.kind}` : ''}`;
const sourceId = (s: UploadSource): string => `${s.kind}:${s.table}`;

export type HqUploadRepo = ReturnType<typeof hqUploadRepo>;

export function hqUploadRepo(db: Db, sources: readonly UploadSource[] = UPLOAD_SOURCES) {
  const tableExists = (table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  const stmt = {
    eventsAfter: db.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events WHERE seq > ? ORDER BY seq LIMIT ?'),
    done: db.prepare('SELECT 1 FROM hq_upload_backfilled WHERE source = ?'),
    markDone: db.prepare('INSERT INTO hq_upload_backfilled (source, at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    queue: db.prepare("SELECT status, count(*) AS n FROM outbox WHERE kind NOT IN ('upload','print') AND status IN ('pending','running','dead') GROUP BY status"),
    uploadJob: db.prepare("SELECT status FROM outbox WHERE kind = 'upload' ORDER BY id LIMIT 1"),
  };

  /** Triggers for every source whose table exists, and (once per source) the rows already there, oldest first. */
  function ensureSources(now: number): void {
    db.transaction(() => {
      for (const s of sources) {
        if (!tableExists(s.table)) continue;
        for (const op of s.ops) {
          db.exec(`CREATE TRIGGER IF NOT EXISTS ${triggerName(s, op)} AFTER ${op} ON ${s.table} BEGIN
            INSERT INTO hq_outgoing (kind, key, at) VALUES ('${s.kind}', NEW.${s.key}, NEW.${s.at});
          END`);
        }
        if (stmt.done.get(sourceId(s))) continue;
        const rows = isDerived(s)
          ? `SELECT * FROM (SELECT ${s.key} AS k, max(${s.at}) AS t FROM ${s.table} GROUP BY ${s.key} ORDER BY t DESC LIMIT ${s.backfillLast}) ORDER BY t`
          : `SELECT ${s.key} AS k, ${s.at} AS t FROM ${s.table} ORDER BY rowid`;
        db.prepare(`INSERT INTO hq_outgoing (kind, key, at) SELECT '${s.kind}', k, t FROM (${rows})`).run();
        stmt.markDone.run(sourceId(s), now);
      }
    })();
  }

  const readers = new Map<string, ReturnType<Db['prepare']>>();
  for (const s of sources) if (!isDerived(s) && tableExists(s.table)) readers.set(s.kind, db.prepare(`SELECT ${s.columns} FROM ${s.table} WHERE ${s.key} = ?`));

  return {
    ensureSources,
    /** The journal's hash-chained events after `seq`, in order. */
    eventsAfter: (seq: number, limit: number): Array<{ seq: number; payment_request_id: string; at: number; type: string; status: string; data_json: string; prev_hash: string; hash: string }> =>
      stmt.eventsAfter.all(seq, limit) as never,
    /** A logged table row as it stands now (null: gone, or a kind with no table reader). */
    readRow: (kind: string, key: string): Record<string, unknown> | null => (readers.get(kind)?.get(key) as Record<string, unknown> | undefined) ?? null,
    /** The payments outbox (the upload job aside) and the upload job itself, for the health HQ shows. */
    queueHealth(): { pending: number; running: number; dead: number; uploadDead: boolean } {
      const by = new Map((stmt.queue.all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
      const up = stmt.uploadJob.get() as { status: string } | undefined;
      return { pending: by.get('pending') ?? 0, running: by.get('running') ?? 0, dead: by.get('dead') ?? 0, uploadDead: up?.status === 'dead' };
    },
  };
}

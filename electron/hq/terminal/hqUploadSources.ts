/**
 * What a linked terminal uploads besides the payment-event chain: journal tables whose inserts and
 * updates are logged, in commit order, into hq_outgoing by triggers (so the sale path only pays one
 * extra row insert in its own transaction, and nothing is missed across a crash). The uploader sends
 * each logged row as it stands when it is sent; HQ keeps every version and the latest copy.
 */
import type { Db } from '../../journal/openJournal';

export interface UploadSource {
  readonly kind: string;
  readonly table: string;
  readonly key: string;
  /** The row's own time column (ms) for the record's `at`. */
  readonly at: string;
  /** What leaves the terminal: never a code hash or the engine's internal state. */
  readonly columns: string;
}

export const UPLOAD_SOURCES: readonly UploadSource[] = [
  { kind: 'sale', table: 'sales', key: 'id', at: 'updated_at', columns: 'id, created_at, updated_at, status, amount_minor, currency, description, cashier_id' },
  {
    kind: 'attempt', table: 'payment_attempts', key: 'id', at: 'updated_at',
    columns: 'id, sale_id, scenario, status, amount_minor, currency, payment_id, code_tail, created_at, updated_at, result_code, customer_id_masked',
  },
  { kind: 'refund', table: 'refunds', key: 'id', at: 'updated_at', columns: 'id, payment_request_id, sale_id, amount_minor, currency, status, reason, refund_id, result_code, actor, created_at, updated_at' },
  { kind: 'zReport', table: 'z_reports', key: 'number', at: 'closed_at', columns: 'number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256' },
  { kind: 'audit', table: 'audit_log', key: 'id', at: 'at', columns: 'id, at, actor, action, details_json, account_id, approved_by' },
  // SHIFTS: the shifts feature (built in parallel) adds its table here, e.g.
  //   { kind: 'shift', table: 'shifts', key: 'id', at: 'updated_at', columns: '…' },
  // and the triggers, backfill and upload follow from this one line. HQ stores any kind as is.
];
/** Device and queue health: written by the HQ link itself (not a table), when it changes. */
export const DEVICE_HEALTH_KIND = 'deviceHealth';

const tableExists = (db: Db, table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

/** Installs the logging triggers (idempotent); a source whose table does not exist yet is skipped. */
export function ensureUploadTriggers(db: Db, sources: readonly UploadSource[] = UPLOAD_SOURCES): void {
  for (const s of sources) {
    if (!tableExists(db, s.table)) continue;
    for (const op of ['INSERT', 'UPDATE'] as const) {
      db.exec(`CREATE TRIGGER IF NOT EXISTS hq_out_${s.table}_${op.toLowerCase()} AFTER ${op} ON ${s.table} BEGIN
        INSERT INTO hq_outgoing (kind, key, at) VALUES ('${s.kind}', NEW.${s.key}, NEW.${s.at});
      END`);
    }
  }
}

/** At enrolment: every row already in the journal goes up too, oldest first. */
export function backfillOutgoing(db: Db, sources: readonly UploadSource[] = UPLOAD_SOURCES): void {
  for (const s of sources) {
    if (!tableExists(db, s.table)) continue;
    db.prepare(`INSERT INTO hq_outgoing (kind, key, at) SELECT '${s.kind}', ${s.key}, ${s.at} FROM ${s.table} ORDER BY rowid`).run();
  }
}

/** The row as it stands now (null: gone). */
export function rowReader(db: Db, sources: readonly UploadSource[] = UPLOAD_SOURCES): (kind: string, key: string) => Record<string, unknown> | null {
  const stmts = new Map<string, ReturnType<Db['prepare']>>();
  for (const s of sources) if (tableExists(db, s.table)) stmts.set(s.kind, db.prepare(`SELECT ${s.columns} FROM ${s.table} WHERE ${s.key} = ?`));
  return (kind, key) => (stmts.get(kind)?.get(key) as Record<string, unknown> | undefined) ?? null;
}

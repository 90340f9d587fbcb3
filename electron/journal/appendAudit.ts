import type Database from 'better-sqlite3';
import type { Db } from './openJournal';
import { currentActor } from './auditActor';

export interface AuditEntry {
  readonly at: number;
  /** Who: a window ('cashier'), a role ('setup', 'supervisor') or a service. */
  readonly actor: string;
  /** What, as `domain.verb` (e.g. `receipt.reprint`, `day.close`). */
  readonly action: string;
  /** Facts only: ids, fingerprints, counts — never a key, a PIN or a payment code. */
  readonly details: Readonly<Record<string, unknown>>;
}

// One prepared statement per connection: audits happen on hot paths (every PIN check, reprint).
const statements = new WeakMap<Db, Database.Statement>();

/** The one way anything writes the audit trail. Runs inside the caller's transaction when there is one. */
export function appendAudit(db: Db, e: AuditEntry): void {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare('INSERT INTO audit_log (at, actor, action, details_json, account_id, approved_by) VALUES (?, ?, ?, ?, ?, ?)');
    statements.set(db, stmt);
  }
  // The account comes from the command being run (runAs), so no call site can leave it out.
  const who = currentActor();
  stmt.run(e.at, e.actor, e.action, JSON.stringify(e.details), who?.accountId ?? null, who?.approvedBy ?? null);
}

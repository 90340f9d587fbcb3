import type { Db } from '../openJournal';
import type { Role } from '../../../shared/domain/account';

/** One accounts row as stored; pin_json is the hash record (pinHash.ts), never a PIN. */
export interface AccountRow {
  readonly id: string;
  readonly short_id: string;
  readonly name: string;
  readonly role: Role;
  readonly pin_json: string | null;
  readonly badge_sha256: string | null;
  readonly failures: number;
  readonly locked_until: number | null;
  readonly disabled: 0 | 1;
  readonly created_at: number;
  readonly updated_at: number;
}

export interface NewAccount {
  readonly id: string;
  readonly shortId: string;
  readonly name: string;
  readonly role: Role;
  readonly pinJson: string | null;
  readonly badgeSha256: string | null;
  readonly at: number;
}

export interface AccountPatch {
  readonly name?: string;
  readonly role?: Role;
  readonly pinJson?: string;
  readonly badgeSha256?: string | null;
  readonly disabled?: boolean;
}

/** All SQL of the accounts table. */
export function accountsRepo(db: Db) {
  const cols = 'id, short_id, name, role, pin_json, badge_sha256, failures, locked_until, disabled, created_at, updated_at';
  const byId = db.prepare(`SELECT ${cols} FROM accounts WHERE id = ?`);
  const byShort = db.prepare(`SELECT ${cols} FROM accounts WHERE short_id = ?`);
  const byBadge = db.prepare(`SELECT ${cols} FROM accounts WHERE badge_sha256 = ?`);
  const all = db.prepare(`SELECT ${cols} FROM accounts ORDER BY role DESC, short_id`);
  const count = db.prepare('SELECT count(*) AS n FROM accounts');
  const insert = db.prepare('INSERT INTO accounts (id, short_id, name, role, pin_json, badge_sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const setAttempts = db.prepare('UPDATE accounts SET failures = ?, locked_until = ?, updated_at = ? WHERE id = ?');
  return {
    get: (id: string) => byId.get(id) as AccountRow | undefined,
    byShortId: (shortId: string) => byShort.get(shortId) as AccountRow | undefined,
    byBadge: (sha256: string) => byBadge.get(sha256) as AccountRow | undefined,
    list: () => all.all() as AccountRow[],
    count: () => (count.get() as { n: number }).n,
    insert(a: NewAccount): void {
      insert.run(a.id, a.shortId, a.name, a.role, a.pinJson, a.badgeSha256, a.at, a.at);
    },
    update(id: string, p: AccountPatch, at: number): void {
      const sets: string[] = [];
      const args: unknown[] = [];
      const add = (col: string, v: unknown): void => {
        sets.push(`${col} = ?`);
        args.push(v);
      };
      if (p.name !== undefined) add('name', p.name);
      if (p.role !== undefined) add('role', p.role);
      if (p.pinJson !== undefined) add('pin_json', p.pinJson);
      if (p.badgeSha256 !== undefined) add('badge_sha256', p.badgeSha256);
      if (p.disabled !== undefined) add('disabled', p.disabled ? 1 : 0);
      add('updated_at', at);
      db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    },
    setAttempts(id: string, failures: number, lockedUntil: number | null, at: number): void {
      setAttempts.run(failures, lockedUntil, at, id);
    },
    /** Both reads and the write of one PIN check in one IMMEDIATE transaction. */
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
  };
}
export type AccountsRepo = ReturnType<typeof accountsRepo>;

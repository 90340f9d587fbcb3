import type { Migration } from './migration';

/**
 * Counter accounts (issue 12): who may sign in, with what role. Only a salted scrypt hash of the PIN
 * (over a pepper kept outside the journal) and a SHA-256 of the badge code are stored. The lockout
 * counter is per account and persisted, so one person's wrong PINs lock nobody else and a restart
 * gives no fresh guesses. audit_log learns who did it (account) and who approved it.
 */
export const m0110Accounts: Migration = {
  version: 110,
  name: 'accounts',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        id            TEXT PRIMARY KEY,
        short_id      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('cashier','supervisor','manager')),
        pin_json      TEXT,
        badge_sha256  TEXT UNIQUE,
        failures      INTEGER NOT NULL DEFAULT 0,
        locked_until  INTEGER,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      ALTER TABLE audit_log ADD COLUMN account_id TEXT;
      ALTER TABLE audit_log ADD COLUMN approved_by TEXT;
    `);
  },
};

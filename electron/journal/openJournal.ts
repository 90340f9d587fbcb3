import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PosError } from '../../shared/errors/posError';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

export class StorageError extends PosError {}

/** Maps SQLite's failures to codes the UI can explain; a full disk must never look like a crash. */
export function toStorageError(e: unknown): PosError {
  if (e instanceof PosError) return e;
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new StorageError('DISK_FULL', 'The disk is full: nothing was saved. Free some space, then try again.', { cause: e, retryable: true });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StorageError('STORAGE', 'The journal is busy; try again.', { cause: e, retryable: true });
  }
  return new StorageError('STORAGE', `journal error: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/** SQLite and file-system failures that say something about storage, not about our code. */
export function isStorageFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_') || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS');
}

/**
 * Opens (creating if needed) the journal with the durability settings money needs:
 * WAL so readers never block the writer, synchronous=FULL so a committed payment survives power loss,
 * foreign keys on, and the schema migrated to the newest version.
 */
export function openJournal(file: string, opts: { migrations?: readonly Migration[]; readonly?: boolean } = {}): Db {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Created private before SQLite sees it: its -wal and -shm files take the journal's own mode.
    if (!opts.readonly) fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.migrations ?? MIGRATIONS);
    return db;
  } catch (e) {
    db.close();
    throw toStorageError(e);
  }
}

import type Database from 'better-sqlite3';
import { PosError } from '../../shared/errors/posError';
import type { Migration } from './migrations/migration';

export class DatabaseTooNewError extends PosError {
  constructor(found: number, supported: number) {
    super(
      'DB_TOO_NEW',
      `The journal was written by a newer version of this app (schema ${found}, this version knows up to ${supported}). ` +
        'Install the newer version again; do not delete the journal, it holds payment records.',
      { details: { found, supported } },
    );
  }
}

export class MigrationFailedError extends PosError {
  constructor(version: number, name: string, cause: unknown) {
    super('DB_MIGRATION_FAILED', `journal migration ${version} (${name}) failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * Brings the schema up to the newest migration. Each step runs in its own transaction together with
 * the user_version bump, so a crash leaves the database at a whole step, never half of one.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) throw new Error(`duplicate migration version ${sorted[i]!.version}`);
  }
  const latest = sorted.at(-1)?.version ?? 0;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const m of sorted) {
    if (m.version <= from) continue;
    const step = db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      step.immediate();
    } catch (e) {
      throw new MigrationFailedError(m.version, m.name, e);
    }
  }
  return { from, to: Math.max(from, latest) };
}

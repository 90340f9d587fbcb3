/**
 * HQ's migration runner: numbered SQL files in ./migrations (NNNN-name.sql), each applied once in its
 * own transaction with its bookkeeping row; a database whose schema is newer than this code is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PosError } from '../../shared/errors/posError';
import type { HqDb } from './hqDb';

export interface HqMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class HqSchemaTooNewError extends PosError {
  constructor(found: number, supported: number) {
    super('HQ_SCHEMA_TOO_NEW', `the HQ database has schema ${found}, this HQ knows up to ${supported}: run the newer HQ version`, { details: { found, supported } });
  }
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function loadHqMigrations(dir = MIGRATIONS_DIR): HqMigration[] {
  const out: HqMigration[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    const m = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(f);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  for (let i = 1; i < out.length; i++) if (out[i]!.version === out[i - 1]!.version) throw new Error(`duplicate HQ migration ${out[i]!.version}`);
  return out;
}

export async function migrateHq(db: HqDb, migrations: readonly HqMigration[] = loadHqMigrations()): Promise<{ from: number; to: number }> {
  await db.exec('CREATE TABLE IF NOT EXISTS hq_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  const latest = migrations.at(-1)?.version ?? 0;
  const [row] = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM hq_schema');
  const from = row?.v ?? 0;
  if (from > latest) throw new HqSchemaTooNewError(from, latest);
  for (const m of migrations) {
    if (m.version <= from) continue;
    await db.tx(async (q) => {
      // Two HQ instances starting together: the lock makes the second wait, then see the step done.
      await q('LOCK TABLE hq_schema IN EXCLUSIVE MODE');
      const done = await q('SELECT 1 FROM hq_schema WHERE version = $1', [m.version]);
      if (done.length > 0) return;
      for (const stmt of splitSql(m.sql)) await q(stmt);
      await q('INSERT INTO hq_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
  return { from, to: Math.max(from, latest) };
}

/**
 * Our migration files hold statements ending in `;`; a `$$ … $$` body (a trigger function) is kept
 * whole, since its own `;` do not end the statement.
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    const code = inBody ? line : line.replace(/--.*$/, '');
    for (const part of code.split(/(\$\$|;)/)) {
      if (part === '$$') inBody = !inBody;
      if (part === ';' && !inBody) {
        if (cur.trim()) out.push(cur.trim());
        cur = '';
      } else cur += part;
    }
    cur += '\n';
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

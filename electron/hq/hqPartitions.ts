/**
 * Monthly partitions of `events` (issue 16 item 7): created ahead of time so the ingest never waits on
 * DDL at a month's first sale, and retired after the retention setting — detached (kept as a plain
 * table to archive with pg_dump, then dropped by the operator) or dropped outright. Safe from several
 * HQ instances at once: the work runs under one transaction-scoped advisory lock.
 */
import type { HqDb } from './hqDb';
import { PARTITION_LOCK } from './uploadIngest';

export interface HqRetention {
  /** Months of events kept online, counting the current one; older months are retired. */
  readonly months: number;
  readonly mode: 'detach' | 'drop';
}

const LOCK = PARTITION_LOCK; // the one lock every partition creator (ingest or upkeep, any instance) takes

export const partitionName = (y: number, m0: number): string => `events_y${y}m${String(m0 + 1).padStart(2, '0')}`;
const monthStart = (y: number, m0: number): string => new Date(Date.UTC(y, m0, 1)).toISOString();

export interface PartitionRun { readonly created: string[]; readonly retired: string[] }

export async function maintainPartitions(db: HqDb, at: number, o: { ahead?: number; retention?: HqRetention } = {}): Promise<PartitionRun> {
  const d = new Date(at);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  return db.tx(async (q) => {
    await q('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    const existing = new Set((await q<{ relname: string }>("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass")).map((r) => r.relname));
    const created: string[] = [];
    for (let k = 0; k <= (o.ahead ?? 2); k++) {
      const first = new Date(Date.UTC(y, m + k, 1));
      const name = partitionName(first.getUTCFullYear(), first.getUTCMonth());
      if (existing.has(name)) continue;
      await q(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF events FOR VALUES FROM ('${monthStart(y, m + k)}') TO ('${monthStart(y, m + k + 1)}')`);
      created.push(name);
    }
    const retired: string[] = [];
    if (o.retention) {
      const keepFrom = Date.UTC(y, m - (o.retention.months - 1), 1);
      for (const name of [...existing].sort()) {
        const mm = /^events_y(\d{4})m(\d{2})$/.exec(name);
        if (!mm || Date.UTC(Number(mm[1]), Number(mm[2]), 1) > keepFrom) continue; // its month ends after the kept range starts
        await q(`ALTER TABLE events DETACH PARTITION ${name}`);
        if (o.retention.mode === 'drop') await q(`DROP TABLE ${name}`);
        retired.push(name);
      }
    }
    return { created, retired };
  });
}

/** Runs the maintenance now and then every few hours; errors (a database down) wait for the next turn. */
export function startPartitionMaintenance(db: HqDb, now: () => number, o: { ahead?: number; retention?: HqRetention; everyMs?: number } = {}): { first: Promise<PartitionRun | null>; stop(): void } {
  const run = (): Promise<PartitionRun | null> => maintainPartitions(db, now(), o).catch(() => null);
  const first = run();
  const timer = setInterval(() => void run(), o.everyMs ?? 6 * 3_600_000);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}

/** HQ_RETENTION_MONTHS=N (and HQ_RETENTION_MODE=drop|detach, default detach); unset keeps everything. */
export function retentionFromEnv(env: NodeJS.ProcessEnv): HqRetention | undefined {
  const n = Number(env.HQ_RETENTION_MONTHS);
  if (!env.HQ_RETENTION_MONTHS || !Number.isInteger(n) || n < 1) return undefined;
  return { months: n, mode: env.HQ_RETENTION_MODE === 'drop' ? 'drop' : 'detach' };
}

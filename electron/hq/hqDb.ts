/**
 * HQ's one door to PostgreSQL: node-postgres with HQ_DATABASE_URL, else an embedded PGlite so HQ can
 * be tried with no server. Both speak the same SQL; only connection handling differs.
 */
import pg from 'pg';
import { PosError } from '../../shared/errors/posError';

export interface HqDb {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction on one connection. */
  tx<T>(fn: (q: HqDb['query']) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * LISTEN on `channel` (cross-instance relay). `onMessage` gets each payload; `onReconnect` runs after
   * a lost listening connection is back (notifications sent meanwhile were missed: re-check the table).
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The database cannot be reached: HQ answers 503 and terminals keep queuing. */
export class HqDbDownError extends PosError {
  constructor(cause: unknown) {
    super('HQ_DB_DOWN', `head office database unavailable: ${(cause as Error)?.message ?? String(cause)}`, { retryable: true, cause });
  }
}

const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003']);
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || /Connection terminated|connect ECONNREFUSED/.test(String((e as Error)?.message));
}

export function openPgDb(url: string): HqDb {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 3_000 });
  pool.on('error', () => undefined); // an idle client dropping is reported on the next query
  const wrap = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw isConnectionError(e) ? new HqDbDownError(e) : e;
    }
  };
  return {
    query: (sql, params) => wrap(async () => (await pool.query(sql, params as unknown[])).rows),
    tx: (fn) => wrap(async () => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn(async (sql, params) => (await c.query(sql, params as unknown[])).rows);
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    }),
    exec: (sql) => wrap(async () => void (await pool.query(sql))),
    listen: (channel, onMessage, onReconnect) => listenPg(url, channel, onMessage, onReconnect),
    close: () => pool.end(),
  };
}

/** One dedicated connection per LISTEN (a pooled client would be handed to queries); reconnects with backoff. */
async function listenPg(url: string, channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
    c.on('notification', (m) => { if (m.channel === channel) onMessage(m.payload ?? ''); });
    const lost = (): void => {
      if (stopped || client !== c) return;
      client = null;
      c.end().catch(() => undefined);
      again(500);
    };
    c.on('error', lost);
    c.on('end', lost);
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
  };
  const again = (ms: number): void => {
    retry = setTimeout(() => {
      connect().then(() => onReconnect?.(), () => again(Math.min(ms * 2, 10_000)));
    }, ms);
    retry.unref();
  };
  // The database down at start: HQ still starts (it answers 503) and listens once it is back.
  await connect().catch((e: unknown) => {
    if (!isConnectionError(e)) throw e;
    again(500);
  });
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}

export async function openPgliteDb(dataDir?: string): Promise<HqDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  // PGlite is one connection: transactions queue behind each other, which is what we want.
  return {
    query: async (sql, params) => (await db.query(sql, params as unknown[])).rows as never,
    tx: (fn) => db.transaction(async (t) => fn(async (sql, params) => (await t.query(sql, params as unknown[])).rows as never)),
    exec: async (sql) => void (await db.exec(sql)),
    listen: async (channel, onMessage) => {
      const off = await db.listen(channel, onMessage);
      return async () => off();
    },
    close: () => db.close(),
  };
}

export async function openHqDb(url: string | undefined): Promise<HqDb> {
  return url ? openPgDb(url) : openPgliteDb();
}

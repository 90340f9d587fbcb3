/**
 * A throwaway real PostgreSQL cluster (Debian's server binaries) owned by `postgres`, in a fresh
 * folder under /tmp, on a unix socket only, stopped and removed by `stop()`. Never the system cluster.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  readonly url: string;
  readonly dir: string;
  /** Stops the server and removes its folder; a second call does nothing. */
  stop(): void;
  /** Stops the server but keeps its data (the database is "down"); `resume` starts it again. */
  pause(): void;
  resume(): void;
}

export const pgAvailable = (): boolean => fs.existsSync(path.join(BIN, 'pg_ctl'));

const asPostgres = (cmd: string, args: string[]): string =>
  execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** `settings` adds server settings (e.g. a bench's bulk-load tuning): name → value, passed as `-c`. */
export function startPgCluster(o: { settings?: Readonly<Record<string, string | number>> } = {}): PgCluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  fs.mkdirSync(sock);
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // No TCP at all (listen_addresses=''): only our socket folder, so port 5432 and the system cluster are never touched.
  const extra = Object.entries(o.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`).join('');
  const start = (): string => asPostgres('pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-c listen_addresses='' -c unix_socket_directories=${sock} -c fsync=off${extra}`, 'start']);
  start();
  let stopped = false;
  return {
    pause: () => void asPostgres('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']),
    resume: () => void start(),
    url: `postgresql://postgres@/postgres?host=${encodeURIComponent(sock)}`,
    dir,
    stop() {
      if (stopped) return; // a test that took the database down already stopped it
      stopped = true;
      try {
        asPostgres('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

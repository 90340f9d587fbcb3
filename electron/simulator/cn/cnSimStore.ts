/**
 * The 当面付 simulator's state on disk (optional, like the AMS simulator's simStore): its own keys
 * and every trade with its refunds, so a restarted simulator — the embedded DEMO one when the
 * station restarts, or `npm run simulator -- --acquirer alipay-cn --data FILE` — still knows what
 * it charged, answers trade.query and refund queries for it, refuses spent auth codes, and puts it
 * in the day's bill, as a real gateway does. Written through before an answer leaves (a crash right
 * after an answer must not forget it). Queued notifications are not kept: polling is the primary path.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SimTrade } from './cnGateway';

export interface CnSimStore {
  /** The trades as last written, to restore on start. */
  readonly trades: readonly SimTrade[];
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** Writes every trade whose state changed since it was last written (one transaction). */
  flush(trades: Iterable<SimTrade>): void;
  close(): void;
}

export function openCnSimStore(file: string): CnSimStore {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS cn_trade (out_trade_no TEXT PRIMARY KEY, json TEXT NOT NULL);
           CREATE TABLE IF NOT EXISTS cn_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  const meta = new Map((db.prepare('SELECT key, value FROM cn_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
  const written = new Map<string, string>();
  const trades: SimTrade[] = [];
  for (const r of db.prepare('SELECT out_trade_no AS id, json FROM cn_trade ORDER BY rowid').all() as Array<{ id: string; json: string }>) {
    written.set(r.id, r.json);
    trades.push(JSON.parse(r.json) as SimTrade);
  }
  const upsert = db.prepare('INSERT INTO cn_trade (out_trade_no, json) VALUES (?, ?) ON CONFLICT (out_trade_no) DO UPDATE SET json = excluded.json');
  const setMeta = db.prepare('INSERT INTO cn_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const writeAll = db.transaction((changed: Array<[string, string]>) => {
    for (const [id, json] of changed) upsert.run(id, json);
  });
  return {
    trades,
    getMeta: (k) => meta.get(k),
    setMeta(k, v) {
      meta.set(k, v);
      setMeta.run(k, v);
    },
    flush(all) {
      // A DEMO simulator holds a shop's few thousand trades: comparing their JSON is cheaper than
      // threading a "changed" mark through every transition of the gateway core.
      const changed: Array<[string, string]> = [];
      for (const t of all) {
        const json = JSON.stringify(t);
        if (written.get(t.outTradeNo) !== json) changed.push([t.outTradeNo, json]);
      }
      if (changed.length === 0) return;
      writeAll(changed);
      for (const [id, json] of changed) written.set(id, json);
    },
    close: () => db.close(),
  };
}

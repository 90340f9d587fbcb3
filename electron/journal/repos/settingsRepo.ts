/**
 * The journal's `settings` table as the station uses it: one JSON value per key (the store's
 * registration with Alipay). Reads and writes are separate handles so a service that only shows a
 * value cannot change it.
 */
import type { Db } from '../openJournal';

export interface SettingsReads {
  /** The stored JSON text under `key`, or null when there is none. */
  json(key: string): string | null;
}

export interface SettingsWrites {
  /** Stores `valueJson` under `key`, replacing what was there. */
  putJson(key: string, valueJson: string, at: number): void;
}

export interface SettingsRepo {
  readonly read: SettingsReads;
  readonly write: SettingsWrites;
}

export function createSettingsRepo(db: Db): SettingsRepo {
  const get = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?');
  const put = db.prepare<[string, string, number]>(
    'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
  );
  return {
    read: { json: (key) => get.get(key)?.value_json ?? null },
    write: {
      putJson(key, valueJson, at) {
        put.run(key, valueJson, at);
      },
    },
  };
}

import type { Migration } from './migration';

/**
 * Head office link (issue 16): the terminal's identity at HQ (the private key itself is a 0600 file
 * in the data folder, never in the journal), the upload cursors of its two streams, the outgoing log
 * (what changed, in order — filled by triggers hqUploadSources installs once linked), relayed
 * notifications already handled (so one is never applied twice), and the last good copy of each
 * document HQ pushed down.
 */
export const m0120HqLink: Migration = {
  version: 120,
  name: 'hq-link',
  up(db) {
    db.exec(`
      CREATE TABLE hq_link (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        hq_url        TEXT NOT NULL,
        merchant_id   TEXT NOT NULL,
        store_id      TEXT NOT NULL,
        terminal_id   TEXT NOT NULL,
        public_key    TEXT NOT NULL,
        key_file      TEXT NOT NULL,
        enrolled_at   INTEGER NOT NULL,
        event_cursor  INTEGER NOT NULL DEFAULT 0,
        record_cursor INTEGER NOT NULL DEFAULT 0,
        last_upload_at INTEGER,
        last_error    TEXT
      );
      CREATE TABLE hq_outgoing (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        kind       TEXT NOT NULL,
        key        TEXT NOT NULL,
        at         INTEGER NOT NULL,
        data_json  TEXT
      );
      CREATE TABLE hq_relay_seen (
        notification_id INTEGER PRIMARY KEY,
        outcome         TEXT NOT NULL,
        at              INTEGER NOT NULL
      );
      CREATE TABLE hq_push (
        kind        TEXT PRIMARY KEY,
        version     INTEGER NOT NULL,
        body_json   TEXT NOT NULL,
        applied_at  INTEGER NOT NULL
      );
    `);
  },
};

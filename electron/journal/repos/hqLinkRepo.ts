/** The terminal's head office link in the journal (migration 0120): identity, cursors, relay and push bookkeeping. */
import type { Db } from '../openJournal';

export interface HqLinkRow {
  readonly hqUrl: string;
  readonly merchantId: string;
  readonly storeId: string;
  readonly terminalId: string;
  readonly publicKey: string;
  readonly keyFile: string;
  readonly enrolledAt: number;
  readonly eventCursor: number;
  readonly recordCursor: number;
  readonly lastUploadAt: number | null;
  readonly lastError: string | null;
}

interface Raw {
  hq_url: string; merchant_id: string; store_id: string; terminal_id: string; public_key: string; key_file: string; enrolled_at: number;
  event_cursor: number; record_cursor: number; last_upload_at: number | null; last_error: string | null;
}

export interface OutgoingRow { readonly seq: number; readonly kind: string; readonly key: string; readonly at: number; readonly data_json: string | null }

/** Confirmed outgoing rows kept for a rewind (HQ restored from a backup); older ones are dropped. */
export const OUTGOING_KEEP = 100_000;

export type HqLinkRepo = ReturnType<typeof hqLinkRepo>;

export function hqLinkRepo(db: Db) {
  const stmt = {
    get: db.prepare('SELECT * FROM hq_link WHERE id = 1'),
    insert: db.prepare(`INSERT INTO hq_link (id, hq_url, merchant_id, store_id, terminal_id, public_key, key_file, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`),
    cursors: db.prepare('UPDATE hq_link SET event_cursor = ?, record_cursor = ?, last_upload_at = ?, last_error = NULL WHERE id = 1'),
    error: db.prepare('UPDATE hq_link SET last_error = ? WHERE id = 1'),
    outgoing: db.prepare('SELECT seq, kind, key, at, data_json FROM hq_outgoing WHERE seq > ? ORDER BY seq LIMIT ?'),
    addOutgoing: db.prepare('INSERT INTO hq_outgoing (kind, key, at, data_json) VALUES (?, ?, ?, ?)'),
    // Rows HQ confirmed long ago: kept a while (HQ restored from a backup asks for them again), then dropped.
    prune: db.prepare('DELETE FROM hq_outgoing WHERE seq <= ?'),
    maxOutgoing: db.prepare('SELECT coalesce(max(seq), 0) AS n FROM hq_outgoing'),
    maxEvent: db.prepare('SELECT coalesce(max(seq), 0) AS n FROM payment_events'),
    seen: db.prepare('SELECT outcome FROM hq_relay_seen WHERE notification_id = ?'),
    markSeen: db.prepare('INSERT INTO hq_relay_seen (notification_id, outcome, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    push: db.prepare('SELECT kind, version, body_json, applied_at FROM hq_push WHERE kind = ?'),
    setPush: db.prepare('INSERT INTO hq_push (kind, version, body_json, applied_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET version = excluded.version, body_json = excluded.body_json, applied_at = excluded.applied_at'),
  };
  const toRow = (r: Raw | undefined): HqLinkRow | null => (r ? {
    hqUrl: r.hq_url, merchantId: r.merchant_id, storeId: r.store_id, terminalId: r.terminal_id, publicKey: r.public_key, keyFile: r.key_file,
    enrolledAt: r.enrolled_at, eventCursor: r.event_cursor, recordCursor: r.record_cursor, lastUploadAt: r.last_upload_at, lastError: r.last_error,
  } : null);
  return {
    get: (): HqLinkRow | null => toRow(stmt.get.get() as Raw | undefined),
    insert(l: { hqUrl: string; merchantId: string; storeId: string; terminalId: string; publicKey: string; keyFile: string; enrolledAt: number }): void {
      stmt.insert.run(l.hqUrl, l.merchantId, l.storeId, l.terminalId, l.publicKey, l.keyFile, l.enrolledAt);
    },
    setCursors: (events: number, records: number, at: number): void => {
      stmt.cursors.run(events, records, at);
      if (records > OUTGOING_KEEP) stmt.prune.run(records - OUTGOING_KEEP);
    },
    setError: (e: string | null): void => void stmt.error.run(e),
    outgoingAfter: (seq: number, limit: number): OutgoingRow[] => stmt.outgoing.all(seq, limit) as OutgoingRow[],
    addOutgoing: (kind: string, key: string, at: number, data: unknown): void => void stmt.addOutgoing.run(kind, key, at, data === undefined ? null : JSON.stringify(data)),
    /** Whether anything is left to upload past the cursors. */
    backlog(l: HqLinkRow): { events: number; records: number } {
      return { events: (stmt.maxEvent.get() as { n: number }).n - l.eventCursor, records: (stmt.maxOutgoing.get() as { n: number }).n - l.recordCursor };
    },
    seenOutcome: (id: number): string | null => (stmt.seen.get(id) as { outcome: string } | undefined)?.outcome ?? null,
    markSeen: (id: number, outcome: string, at: number): void => void stmt.markSeen.run(id, outcome, at),
    pushCopy: (kind: string): { version: number; body: unknown; appliedAt: number } | null => {
      const r = stmt.push.get(kind) as { version: number; body_json: string; applied_at: number } | undefined;
      return r ? { version: r.version, body: JSON.parse(r.body_json) as unknown, appliedAt: r.applied_at } : null;
    },
    setPushCopy: (kind: string, version: number, body: unknown, at: number): void => void stmt.setPush.run(kind, version, JSON.stringify(body), at),
  };
}

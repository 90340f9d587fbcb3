/**
 * HQ's ingest of one signed upload, inside the terminal's row lock (DESIGN §15): two streams, each
 * idempotent by (terminal, seq) and in order — the hash-chained payment events (continuity and
 * content checked against HQ's copy) and the outgoing log of rows (sales, attempts, refunds, Z
 * reports, audit, device health). Written set-wise (unnest), a few statements per batch whatever its
 * size, so ingest keeps up with a chain of terminals catching up at once.
 */
import { PosError } from '../../shared/errors/posError';
import { eventHash } from '../journal/hashChain';
import type { HqDb } from './hqDb';

export interface UploadEvent {
  seq: number; payment_request_id: string; at: number; type: string; status: string; data_json: string; prev_hash: string; hash: string;
}

/** One row of the terminal's outgoing log: what changed (kind + key) and the row as it then stood. */
export interface UploadRecord {
  seq: number; kind: string; key: string; at: number; data_json: string;
}

export interface UploadBody {
  readonly events?: readonly UploadEvent[];
  readonly records?: readonly UploadRecord[];
}

export interface UploadAccepted {
  /** The last event seq HQ holds. */
  readonly acceptedThrough: number;
  readonly accepted: number;
  /** The last record seq HQ holds. */
  readonly recordsThrough: number;
  readonly recordsAccepted: number;
}

export type ChainStream = 'events' | 'records';

/** A refused batch whose finding is kept (chain_flags) even though the batch is rolled back. */
export class ChainFlag extends PosError {
  constructor(code: 'CHAIN_GAP' | 'CHAIN_EDITED', readonly seq: number, detail: string, expected?: number, readonly stream: ChainStream = 'events') {
    super(code, `${detail} (${stream} seq ${seq})`, { details: expected !== undefined ? { seq, expected, stream } : { seq, stream } });
  }
}

export interface TerminalCursor {
  readonly storeId: string;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly lastRecordSeq: number;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isStr = (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max;

function checkEvent(e: unknown): UploadEvent {
  const x = e as Partial<UploadEvent> | null;
  if (!x || !isInt(x.seq) || !isStr(x.payment_request_id, 128) || !isInt(x.at) || !isStr(x.type, 64) || !isStr(x.status, 64) || !isStr(x.data_json) || !isStr(x.prev_hash, 64) || !isStr(x.hash, 64)) {
    throw new PosError('BAD_REQUEST', 'an event must be {seq, payment_request_id, at, type, status, data_json, prev_hash, hash}');
  }
  return x as UploadEvent;
}

function checkRecord(r: unknown): UploadRecord {
  const x = r as Partial<UploadRecord> | null;
  if (!x || !isInt(x.seq) || !isStr(x.kind, 32) || !isStr(x.key, 128) || !isInt(x.at) || !isStr(x.data_json)) {
    throw new PosError('BAD_REQUEST', 'a record must be {seq, kind, key, at, data_json}');
  }
  return x as UploadRecord;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PosError('BAD_REQUEST', `${what} is not JSON`);
  }
}

export function parseUploadBody(body: Buffer): { events: UploadEvent[]; records: UploadRecord[] } {
  const b = parseJson(body.toString('utf8'), 'body') as UploadBody | null;
  if (!b || typeof b !== 'object' || (b.events !== undefined && !Array.isArray(b.events)) || (b.records !== undefined && !Array.isArray(b.records)) || (b.events === undefined && b.records === undefined)) {
    throw new PosError('BAD_REQUEST', 'body must be {events: [...], records: [...]}');
  }
  return { events: (b.events ?? []).map(checkEvent), records: (b.records ?? []).map(checkRecord) };
}

const monthKey = (at: number): string => {
  const d = new Date(at);
  return `${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/** An arbitrary constant: the advisory lock that makes partition creators (any HQ instance) take turns. */
/** Shared with hqPartitions' ahead-of-time creation: one lock for every partition creator. */
export const PARTITION_LOCK = 4_216_016;

/** Creates the monthly partitions a batch needs (checked once per HQ process per month). */
export function partitionKeeper(db: HqDb): (ats: readonly number[]) => Promise<void> {
  const months = new Set<string>();
  return async (ats) => {
    const missing = [...new Set(ats.map(monthKey))].filter((k) => !months.has(k));
    if (missing.length === 0) return;
    await db.tx(async (q) => {
      await q('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const key of missing) {
        const y = Number(key.slice(0, 4));
        const m = Number(key.slice(5)) - 1;
        const from = new Date(Date.UTC(y, m, 1)).toISOString();
        const to = new Date(Date.UTC(y, m + 1, 1)).toISOString();
        await q(`CREATE TABLE IF NOT EXISTS events_y${key} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
      }
    });
    for (const k of missing) months.add(k);
  };
}

/** The batch's partitions must exist already (partitionKeeper, before the transaction). */
export async function ingestBatch(
  q: HqDb['query'],
  merchantId: string, terminalId: string, t: TerminalCursor, events: readonly UploadEvent[], records: readonly UploadRecord[],
  /** HQ's clock, not the database's: the dashboard judges "stopped uploading" by the same clock. */
  uploadAt: number,
): Promise<UploadAccepted> {
  const ev = await ingestEvents(q, merchantId, terminalId, t, events);
  const rec = await ingestRecords(q, merchantId, terminalId, t, records);
  await q('UPDATE terminals SET last_seq = $3, last_hash = $4, last_record_seq = $5, last_upload_at = to_timestamp($6 / 1000.0) WHERE merchant_id = $1 AND terminal_id = $2',
    [merchantId, terminalId, ev.lastSeq, ev.lastHash, rec.lastSeq, uploadAt]);
  return { acceptedThrough: ev.lastSeq, accepted: ev.accepted, recordsThrough: rec.lastSeq, recordsAccepted: rec.accepted };
}

async function ingestEvents(
  q: HqDb['query'],
  merchantId: string, terminalId: string, t: TerminalCursor, events: readonly UploadEvent[],
): Promise<{ lastSeq: number; lastHash: string; accepted: number }> {
  for (const e of events) if (eventHash(e.prev_hash, e.seq, e) !== e.hash) throw new ChainFlag('CHAIN_EDITED', e.seq, 'event hash does not match its content');
  const replays = events.filter((e) => e.seq <= t.lastSeq);
  if (replays.length > 0) {
    const held = new Map((await q<{ seq: string; hash: string }>('SELECT seq, hash FROM events WHERE merchant_id = $1 AND terminal_id = $2 AND seq = ANY($3::bigint[])',
      [merchantId, terminalId, replays.map((e) => e.seq)])).map((r) => [Number(r.seq), r.hash]));
    // A replay must be the very event HQ holds: counted once, never overwritten.
    for (const e of replays) if (held.has(e.seq) && held.get(e.seq) !== e.hash) throw new ChainFlag('CHAIN_EDITED', e.seq, 'event differs from the copy HQ already holds');
  }
  let lastSeq = t.lastSeq;
  let lastHash = t.lastHash;
  const fresh: UploadEvent[] = [];
  for (const e of events) {
    if (e.seq <= lastSeq) continue;
    if (e.seq !== lastSeq + 1) throw new ChainFlag('CHAIN_GAP', e.seq, `expected seq ${lastSeq + 1}`, lastSeq + 1);
    if (e.prev_hash !== lastHash) throw new ChainFlag('CHAIN_EDITED', e.seq, 'prev_hash does not continue the chain');
    fresh.push(e);
    lastSeq = e.seq;
    lastHash = e.hash;
  }
  if (fresh.length === 0) return { lastSeq, lastHash, accepted: 0 };
  for (const e of fresh) parseJson(e.data_json, `event ${e.seq} data_json`);
  await q(`INSERT INTO events (merchant_id, terminal_id, seq, at, store_id, payment_request_id, type, status, data, prev_hash, hash)
    SELECT $1, $2, u.seq, to_timestamp(u.at / 1000.0), $3, u.att, u.ty, u.st, u.d::jsonb, u.ph, u.h
    FROM unnest($4::bigint[], $5::float8[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS u(seq, at, att, ty, st, d, ph, h)`,
  [merchantId, terminalId, t.storeId, fresh.map((e) => e.seq), fresh.map((e) => e.at), fresh.map((e) => e.payment_request_id), fresh.map((e) => e.type), fresh.map((e) => e.status),
    fresh.map((e) => e.data_json), fresh.map((e) => e.prev_hash), fresh.map((e) => e.hash)]);

  // The attempts table: created rows, then each attempt's latest status in this batch.
  const created: Array<{ e: UploadEvent; scenario: string | null; minor: string; currency: string }> = [];
  const latest = new Map<string, UploadEvent>();
  for (const e of fresh) {
    const data = JSON.parse(e.data_json) as { amount?: { minor?: number | string; currency?: string }; scenario?: string };
    if (e.type === 'created' && data.amount && data.amount.minor !== undefined && typeof data.amount.currency === 'string') {
      created.push({ e, scenario: data.scenario ?? null, minor: String(data.amount.minor), currency: data.amount.currency });
    } else latest.set(e.payment_request_id, e);
  }
  if (created.length > 0) {
    await q(`INSERT INTO attempts (merchant_id, terminal_id, payment_request_id, store_id, scenario, amount_minor, currency, status, created_at, updated_at)
      SELECT $1, $2, u.att, $3, u.sc, u.minor::bigint, u.cur, u.st, to_timestamp(u.at / 1000.0), to_timestamp(u.at / 1000.0)
      FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[]) AS u(att, sc, minor, cur, st, at) ON CONFLICT DO NOTHING`,
    [merchantId, terminalId, t.storeId, created.map((c) => c.e.payment_request_id), created.map((c) => c.scenario), created.map((c) => c.minor), created.map((c) => c.currency),
      created.map((c) => c.e.status), created.map((c) => c.e.at)]);
  }
  if (latest.size > 0) {
    const l = [...latest.values()];
    await q(`UPDATE attempts a SET status = u.st, updated_at = to_timestamp(u.at / 1000.0)
      FROM unnest($3::text[], $4::text[], $5::float8[]) AS u(att, st, at) WHERE a.merchant_id = $1 AND a.terminal_id = $2 AND a.payment_request_id = u.att`,
    [merchantId, terminalId, l.map((e) => e.payment_request_id), l.map((e) => e.status), l.map((e) => e.at)]);
  }
  return { lastSeq, lastHash, accepted: fresh.length };
}

async function ingestRecords(q: HqDb['query'], merchantId: string, terminalId: string, t: TerminalCursor, records: readonly UploadRecord[]): Promise<{ lastSeq: number; accepted: number }> {
  let lastSeq = t.lastRecordSeq;
  const fresh: UploadRecord[] = [];
  for (const r of records) {
    if (r.seq <= lastSeq) continue; // a resend after a lost answer: counted once
    if (r.seq !== lastSeq + 1) throw new ChainFlag('CHAIN_GAP', r.seq, `expected seq ${lastSeq + 1}`, lastSeq + 1, 'records');
    parseJson(r.data_json, `record ${r.seq} data_json`);
    fresh.push(r);
    lastSeq = r.seq;
  }
  if (fresh.length === 0) return { lastSeq, accepted: 0 };
  await q(`INSERT INTO terminal_records (merchant_id, terminal_id, seq, store_id, kind, key, at, data)
    SELECT $1, $2, u.seq, $3, u.kind, u.key, to_timestamp(u.at / 1000.0), u.d::jsonb FROM unnest($4::bigint[], $5::text[], $6::text[], $7::float8[], $8::text[]) AS u(seq, kind, key, at, d)`,
  [merchantId, terminalId, t.storeId, fresh.map((r) => r.seq), fresh.map((r) => r.kind), fresh.map((r) => r.key), fresh.map((r) => r.at), fresh.map((r) => r.data_json)]);
  // Latest copy per row: one per (kind, key) in the batch (ON CONFLICT may touch a row only once).
  const last = new Map<string, UploadRecord>();
  for (const r of fresh) last.set(`${r.kind}\u0000${r.key}`, r);
  const l = [...last.values()];
  await q(`INSERT INTO terminal_rows (merchant_id, terminal_id, kind, key, store_id, seq, at, data)
    SELECT $1, $2, u.kind, u.key, $3, u.seq, to_timestamp(u.at / 1000.0), u.d::jsonb FROM unnest($4::text[], $5::text[], $6::bigint[], $7::float8[], $8::text[]) AS u(kind, key, seq, at, d)
    ON CONFLICT (merchant_id, terminal_id, kind, key) DO UPDATE SET seq = EXCLUDED.seq, at = EXCLUDED.at, data = EXCLUDED.data WHERE terminal_rows.seq < EXCLUDED.seq`,
  [merchantId, terminalId, t.storeId, l.map((r) => r.kind), l.map((r) => r.key), l.map((r) => r.seq), l.map((r) => r.at), l.map((r) => r.data_json)]);
  return { lastSeq, accepted: fresh.length };
}

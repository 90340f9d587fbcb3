import { createHash } from 'node:crypto';
import type { Db } from './openJournal';

export const GENESIS_HASH = '0'.repeat(64);

export interface PaymentEventInput {
  paymentRequestId: string;
  at: number;
  type: string;
  status: string;
  data: Record<string, unknown>;
}

export interface PaymentEventRow {
  seq: number;
  payment_request_id: string;
  at: number;
  type: string;
  status: string;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** The hash covers every column but itself, joined unambiguously (JSON array), chained by prev_hash. */
export function eventHash(prevHash: string, seq: number, e: { payment_request_id: string; at: number; type: string; status: string; data_json: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, seq, e.payment_request_id, e.at, e.type, e.status, e.data_json]))
    .digest('hex');
}

/**
 * Appends one event to the chain. Must run inside the caller's transaction together with the state
 * change it records, so the event and the state can never disagree.
 */
export function appendPaymentEvent(db: Db, input: PaymentEventInput): PaymentEventRow {
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const seq = (head?.seq ?? 0) + 1;
  const row = {
    seq,
    payment_request_id: input.paymentRequestId,
    at: input.at,
    type: input.type,
    status: input.status,
    data_json: JSON.stringify(input.data),
    prev_hash: prevHash,
    hash: '',
  };
  row.hash = eventHash(prevHash, seq, row);
  db.prepare(
    'INSERT INTO payment_events (seq, payment_request_id, at, type, status, data_json, prev_hash, hash) VALUES (@seq, @payment_request_id, @at, @type, @status, @data_json, @prev_hash, @hash)',
  ).run(row);
  db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, row.hash);
  return row;
}

export type ChainVerdict =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; reason: 'edited' | 'deleted' | 'reordered' | 'head-mismatch' };

/** Walks the whole chain; streaming keeps memory flat on a journal of millions of events. */
export function verifyChain(db: Db): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let n = 0;
  const it = db.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events ORDER BY seq').iterate() as IterableIterator<PaymentEventRow>;
  for (const r of it) {
    if (r.seq !== expectSeq || r.prev_hash !== prev) {
      return { ok: false, events: n, brokenAt: r.seq, reason: r.seq > expectSeq ? 'deleted' : 'reordered' };
    }
    if (eventHash(r.prev_hash, r.seq, r) !== r.hash) return { ok: false, events: n, brokenAt: r.seq, reason: 'edited' };
    prev = r.hash;
    expectSeq++;
    n++;
  }
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== n || headHash !== prev) return { ok: false, events: n, brokenAt: n + 1, reason: headSeq > n ? 'deleted' : 'head-mismatch' };
  return { ok: true, events: n, head: prev };
}

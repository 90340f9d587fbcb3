import { eventHash, verifyChain, type PaymentEventRow } from '../journal/hashChain';
import type { Db } from '../journal/openJournal';
import type { ChainCheckResult } from '../../shared/domain/report';

interface Checkpoint {
  seq: number;
  hash: string;
}

/**
 * Walks the whole chain (a Z report does this) and, when it holds, records the head as a
 * checkpoint so later X reports only verify what was appended since.
 */
export function checkChainFull(db: Db, now: number, opts: { record: boolean } = { record: true }): ChainCheckResult {
  const v = verifyChain(db);
  if (!v.ok) return { status: 'broken', scope: 'full', brokenAt: v.brokenAt, reason: v.reason };
  if (v.events > 0 && opts.record) {
    db.prepare('INSERT INTO chain_checkpoints (seq, hash, verified_at) VALUES (?, ?, ?) ON CONFLICT(seq) DO UPDATE SET hash = excluded.hash, verified_at = excluded.verified_at').run(v.events, v.head, now);
  }
  return { status: 'ok', scope: 'full', events: v.events, checkpointSeq: v.events > 0 ? v.events : null };
}

/**
 * Verifies the newest checkpoint's event is still the one that was verified (an edit or a deletion
 * there breaks its hash), then every event after it up to the chain head. Without a checkpoint it
 * falls back to the full walk. Edits to events before the checkpoint are caught by the next Z.
 */
export function checkChainSinceCheckpoint(db: Db, now: number, opts: { record: boolean } = { record: true }): ChainCheckResult {
  const cp = db.prepare('SELECT seq, hash FROM chain_checkpoints ORDER BY seq DESC LIMIT 1').get() as Checkpoint | undefined;
  if (!cp) return checkChainFull(db, now, opts);
  const broken = (brokenAt: number, reason: string): ChainCheckResult => ({ status: 'broken', scope: 'sinceCheckpoint', brokenAt, reason });
  const rows = db.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events WHERE seq >= ? ORDER BY seq').iterate(cp.seq) as IterableIterator<PaymentEventRow>;
  let prev = '';
  let expect = cp.seq;
  let n = 0;
  for (const r of rows) {
    if (r.seq !== expect) return broken(expect, r.seq > expect ? 'deleted' : 'reordered');
    if (r.seq === cp.seq) {
      if (r.hash !== cp.hash || eventHash(r.prev_hash, r.seq, r) !== r.hash) return broken(r.seq, 'edited');
    } else {
      if (r.prev_hash !== prev) return broken(r.seq, 'reordered');
      if (eventHash(r.prev_hash, r.seq, r) !== r.hash) return broken(r.seq, 'edited');
    }
    prev = r.hash;
    expect++;
    n++;
  }
  if (n === 0) return broken(cp.seq, 'deleted');
  const head = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as Checkpoint | undefined;
  if (!head || head.seq !== expect - 1 || head.hash !== prev) return broken(expect, 'head-mismatch');
  return { status: 'ok', scope: 'sinceCheckpoint', events: expect - 1, checkpointSeq: cp.seq };
}

/**
 * The hash chain as the end-of-day checks read it (payment_events, chain_head) and the checkpoints
 * they leave (chain_checkpoints, migration 0040), so an X report only verifies what was appended
 * since the last full walk.
 */
import type { Db } from '../openJournal';
import { verifyChain, type ChainVerdict, type PaymentEventRow } from '../hashChain';
import { lazyStatement, readStatement } from './readStatement';

export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

export interface ChainReads {
  /** Walks the whole chain (streaming). */
  verifyFull(): ChainVerdict;
  latestCheckpoint(): ChainPoint | undefined;
  /** Events from `seq` on, in order (streaming). */
  eventsFrom(seq: number): IterableIterator<PaymentEventRow>;
  head(): ChainPoint | undefined;
}

export interface ChainWrites {
  /** Records (or re-dates) a verified head as a checkpoint. */
  recordCheckpoint(p: ChainPoint, verifiedAt: number): void;
}

const reads = new WeakMap<Db, ChainReads>();
const writes = new WeakMap<Db, ChainWrites>();

export function chainReads(db: Db): ChainReads {
  let r = reads.get(db);
  if (!r) {
    const cp = readStatement(db, 'SELECT seq, hash FROM chain_checkpoints ORDER BY seq DESC LIMIT 1');
    const events = readStatement(db, 'SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events WHERE seq >= ? ORDER BY seq');
    const head = readStatement(db, 'SELECT seq, hash FROM chain_head WHERE id = 1');
    r = {
      verifyFull: () => verifyChain(db),
      latestCheckpoint: () => cp().get() as ChainPoint | undefined,
      eventsFrom: (seq) => events().iterate(seq) as IterableIterator<PaymentEventRow>,
      head: () => head().get() as ChainPoint | undefined,
    };
    reads.set(db, r);
  }
  return r;
}

export function chainWrites(db: Db): ChainWrites {
  let w = writes.get(db);
  if (!w) {
    const upsert = lazyStatement(db, 'INSERT INTO chain_checkpoints (seq, hash, verified_at) VALUES (?, ?, ?) ON CONFLICT(seq) DO UPDATE SET hash = excluded.hash, verified_at = excluded.verified_at');
    w = { recordCheckpoint: (p, at) => void upsert().run(p.seq, p.hash, at) };
    writes.set(db, w);
  }
  return w;
}

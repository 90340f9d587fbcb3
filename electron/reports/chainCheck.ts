import { eventHash } from '../journal/hashChain';
import { reportJournal, type JournalSource } from '../journal/repos/reportReader';
import type { ChainCheckResult } from '../../shared/domain/report';

/**
 * Walks the whole chain (a Z report does this) and, when it holds, records the head as a
 * checkpoint so later X reports only verify what was appended since. A read-only journal records nothing.
 */
export function checkChainFull(src: JournalSource, now: number, opts: { record: boolean } = { record: true }): ChainCheckResult {
  const j = reportJournal(src);
  const v = j.read.chain.verifyFull();
  if (!v.ok) return { status: 'broken', scope: 'full', brokenAt: v.brokenAt, reason: v.reason };
  if (v.events > 0 && opts.record) j.write?.chain.recordCheckpoint({ seq: v.events, hash: v.head }, now);
  return { status: 'ok', scope: 'full', events: v.events, checkpointSeq: v.events > 0 ? v.events : null };
}

/**
 * Verifies the newest checkpoint's event is still the one that was verified (an edit or a deletion
 * there breaks its hash), then every event after it up to the chain head. Without a checkpoint it
 * falls back to the full walk. Edits to events before the checkpoint are caught by the next Z.
 */
export function checkChainSinceCheckpoint(src: JournalSource, now: number, opts: { record: boolean } = { record: true }): ChainCheckResult {
  const j = reportJournal(src);
  const chain = j.read.chain;
  const cp = chain.latestCheckpoint();
  if (!cp) return checkChainFull(j, now, opts);
  const broken = (brokenAt: number, reason: string): ChainCheckResult => ({ status: 'broken', scope: 'sinceCheckpoint', brokenAt, reason });
  let prev = '';
  let expect = cp.seq;
  let n = 0;
  for (const r of chain.eventsFrom(cp.seq)) {
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
  const head = chain.head();
  if (!head || head.seq !== expect - 1 || head.hash !== prev) return broken(expect, 'head-mismatch');
  return { status: 'ok', scope: 'sinceCheckpoint', events: expect - 1, checkpointSeq: cp.seq };
}

/**
 * Applying a document HQ pushed down (issue 16 item 5), atomically: the station first prepares it
 * (checks it, hashes any PIN — the slow, async part), then its writes, the terminal's copy of the
 * version and the audit line go into the journal in one transaction. A document the terminal refuses
 * is answered refused (HQ shows why, the last good copy stays); a failure while applying rolls the
 * whole version back and is not answered, so HQ offers the same version again.
 */
import { isPosError, PosError } from '../../../shared/errors/posError';
import type { Clock } from '../../../shared/domain/clock';
import { appendAudit } from '../../journal/appendAudit';
import type { Db } from '../../journal/openJournal';
import { hqLinkRepo } from '../../journal/repos/hqLinkRepo';
import type { PushKind } from '../relayProtocol';

/** Checks a pushed document and returns its writes as one synchronous step (run inside the link's transaction). */
export type PreparePush = (kind: PushKind, body: unknown) => Promise<() => void>;

export type PushAnswer = { readonly applied: true } | { readonly applied: false; readonly error: { code: string; message: string } } | { readonly later: string };

export async function applyPushed(
  d: { readonly db: Db; readonly clock: Clock; readonly log: { warn(o: object, m?: string): void }; readonly preparePush: PreparePush },
  kind: PushKind, version: number, body: unknown,
): Promise<PushAnswer> {
  const repo = hqLinkRepo(d.db);
  const copy = repo.pushCopy(kind);
  if (copy && copy.version >= version) return { applied: true };
  const audit = (action: string, details: Record<string, unknown>): void => appendAudit(d.db, { at: d.clock.now(), actor: 'hq', action, details: details as never });
  let commit: () => void;
  try {
    commit = await d.preparePush(kind, body);
  } catch (e) {
    const err = isPosError(e) ? e : new PosError('INTERNAL', String((e as Error)?.message ?? e));
    // Not the document's fault (still starting, a PIN check running): unanswered, HQ offers it again.
    if (err.retryable || err.code === 'NOT_READY') return { later: err.message };
    audit('hq.pushRefused', { kind, version, code: err.code, message: err.message });
    d.log.warn({ kind, version, code: err.code }, `pushed ${kind} refused: ${err.message}`);
    return { applied: false, error: { code: err.code, message: err.message } };
  }
  try {
    d.db.transaction(() => {
      commit();
      repo.setPushCopy(kind, version, body, d.clock.now());
      audit('hq.pushApplied', { kind, version });
    })();
  } catch (e) {
    const err = isPosError(e) ? e : new PosError('INTERNAL', String((e as Error)?.message ?? e));
    d.log.warn({ kind, version, code: err.code }, `pushed ${kind} version ${version} failed while applying, nothing of it kept; HQ offers it again: ${err.message}`);
    return { later: `${err.code}: ${err.message}` };
  }
  return { applied: true };
}

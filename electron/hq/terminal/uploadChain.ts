/**
 * The terminal's side of an upload (DESIGN §15): sends the journal's hash-chained events after the
 * cursor in order, in signed batches, and answers in the outbox's terms (`JobOutcome`), so it can run
 * as the outbox's `upload` job: HQ unreachable or its database down is a network wait (never a dead
 * letter); a gap HQ reports rewinds to the seq HQ expects, so any outage is resumed from where HQ is.
 */
import type { Db } from '../../journal/openJournal';
import type { JobOutcome } from '../../payments/engine/enginePorts';
import { UPLOAD_PATH, type UploadEvent } from '../hqServer';
import { signUpload } from '../hqSignature';

export interface HqLinkIdentity {
  readonly hqUrl: string;
  readonly merchantId: string;
  readonly terminalId: string;
  readonly privateKey: string;
}

export interface UploadRun {
  readonly outcome: JobOutcome;
  /** The last seq HQ holds (the new cursor). */
  readonly cursor: number;
}

export async function uploadChain(db: Db, id: HqLinkIdentity, cursor: number, o: { batch?: number; maxBatches?: number; now?: () => number; timeoutMs?: number } = {}): Promise<UploadRun> {
  const batch = o.batch ?? 500;
  const now = o.now ?? Date.now;
  const stmt = db.prepare('SELECT seq, attempt_id, at, type, status, data_json, prev_hash, hash FROM payment_events WHERE seq > ? ORDER BY seq LIMIT ?');
  // Bounded per run so a long catch-up never holds the single-flight queue away from a cancel.
  for (let i = 0; i < (o.maxBatches ?? 20); i++) {
    const events = stmt.all(cursor, batch) as UploadEvent[];
    if (events.length === 0) return { outcome: { kind: 'done' }, cursor };
    const body = JSON.stringify({ events });
    const time = now();
    let res: Response;
    try {
      res = await fetch(new URL(UPLOAD_PATH, id.hqUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'hq-merchant-id': id.merchantId, 'hq-terminal-id': id.terminalId, 'hq-time': String(time), 'hq-signature': signUpload(id.privateKey, UPLOAD_PATH, id.terminalId, time, body) },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (e) {
      return { outcome: { kind: 'retry', error: `HQ unreachable: ${(e as Error).message}`, network: true }, cursor };
    }
    const json = (await res.json().catch(() => null)) as { ok: boolean; value?: { acceptedThrough: number }; error?: { code: string; message: string; details?: { expected?: number } } } | null;
    if (json?.ok && json.value) {
      cursor = json.value.acceptedThrough;
      continue;
    }
    const code = json?.error?.code ?? `HTTP_${res.status}`;
    const message = `${code}: ${json?.error?.message ?? res.statusText}`;
    if (code === 'CHAIN_GAP' && typeof json?.error?.details?.expected === 'number' && json.error.details.expected - 1 < cursor) {
      cursor = json.error.details.expected - 1; // HQ lost or never got these: resend from there
      continue;
    }
    if (code === 'HQ_DB_DOWN' || res.status >= 500) return { outcome: { kind: 'retry', error: message, network: true }, cursor };
    // Forged/edited/not enrolled are not cured by retrying blindly: count toward the dead letter, visible in the queue.
    return { outcome: { kind: 'retry', error: message, network: false }, cursor };
  }
  return { outcome: { kind: 'done' }, cursor };
}

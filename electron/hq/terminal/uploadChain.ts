/**
 * The terminal's side of an upload (DESIGN §15): sends the journal's hash-chained events and its
 * outgoing log (hqUploadSources) after the cursors, in order, in signed batches, and answers in the
 * outbox's terms (`JobOutcome`), so it runs as the outbox's `upload` job: HQ unreachable or its
 * database down is a network wait (never a dead letter); a gap HQ reports rewinds that stream to the
 * seq HQ expects, so any outage is resumed from where HQ is.
 */
import type { Db } from '../../journal/openJournal';
import type { JobOutcome } from '../../payments/engine/enginePorts';
import { UPLOAD_PATH } from '../relayProtocol';
import { signUpload } from '../hqSignature';
import type { UploadAccepted, UploadEvent, UploadRecord } from '../uploadIngest';
import { rowReader } from './hqUploadSources';

export interface HqLinkIdentity {
  readonly hqUrl: string;
  readonly merchantId: string;
  readonly terminalId: string;
  readonly privateKey: string;
}

export interface UploadCursors {
  readonly events: number;
  readonly records: number;
}

export interface UploadRun {
  readonly outcome: JobOutcome;
  /** The last seqs HQ holds (the new cursors). */
  readonly cursor: UploadCursors;
}

export async function uploadChain(db: Db, id: HqLinkIdentity, start: UploadCursors, o: { batch?: number; maxBatches?: number; now?: () => number; timeoutMs?: number } = {}): Promise<UploadRun> {
  const batch = o.batch ?? 500;
  const now = o.now ?? Date.now;
  const eventsAfter = db.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events WHERE seq > ? ORDER BY seq LIMIT ?');
  const outgoingAfter = db.prepare('SELECT seq, kind, key, at, data_json FROM hq_outgoing WHERE seq > ? ORDER BY seq LIMIT ?');
  const read = rowReader(db);
  let cursor = { ...start };
  // Bounded per run so one long catch-up yields to the rest of the station between runs.
  for (let i = 0; i < (o.maxBatches ?? 20); i++) {
    const events = eventsAfter.all(cursor.events, batch) as UploadEvent[];
    const logged = outgoingAfter.all(cursor.records, batch) as Array<{ seq: number; kind: string; key: string; at: number; data_json: string | null }>;
    if (events.length === 0 && logged.length === 0) return { outcome: { kind: 'done' }, cursor };
    const records: UploadRecord[] = logged.map((r) => ({ seq: r.seq, kind: r.kind, key: String(r.key), at: r.at, data_json: r.data_json ?? JSON.stringify(read(r.kind, String(r.key)) ?? { deleted: true }) }));
    const body = JSON.stringify({ events, records });
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
    const json = (await res.json().catch(() => null)) as { ok: boolean; value?: UploadAccepted; error?: { code: string; message: string; details?: { expected?: number; stream?: string } } } | null;
    if (json?.ok && json.value) {
      cursor = { events: json.value.acceptedThrough, records: json.value.recordsThrough };
      continue;
    }
    const code = json?.error?.code ?? `HTTP_${res.status}`;
    const message = `${code}: ${json?.error?.message ?? res.statusText}`;
    const expected = json?.error?.details?.expected;
    if (code === 'CHAIN_GAP' && typeof expected === 'number') {
      // HQ lost or never got these (a restored HQ, or a cursor ahead of it): resend from there.
      const stream = json?.error?.details?.stream === 'records' ? 'records' : 'events';
      if (expected - 1 < cursor[stream]) {
        cursor = { ...cursor, [stream]: expected - 1 };
        continue;
      }
    }
    if (code === 'HQ_DB_DOWN' || res.status >= 500) return { outcome: { kind: 'retry', error: message, network: true }, cursor };
    // Forged/edited/not enrolled are not cured by retrying blindly: count toward the dead letter, visible in the queue.
    return { outcome: { kind: 'retry', error: message, network: false }, cursor };
  }
  return { outcome: { kind: 'done' }, cursor };
}

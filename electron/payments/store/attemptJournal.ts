/**
 * An attempt's journal as the history timeline shows it. The engine already keeps codes and bodies
 * out of payment_events; this read strips anything secret-shaped once more, because the rows end up
 * on a screen and a future event type must not leak through by accident.
 */
import type { Db } from '../../journal/openJournal';
import type { PaymentJournalEvent } from '../../../shared/ipc/commands/payment';

// A whole customer code, a key, a signature or a token never leaves the station; codeTail may.
const SECRET_KEY = /^(code|codeValue|paymentCode|customerCode|authCode|signature|privateKey|merchantPrivateKey|secret|token|pin)$/i;

export function redactEventData(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (Array.isArray(value)) return value.map((v) => redactEventData(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(k)) continue;
      out[k] = redactEventData(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function attemptJournal(db: Db, paymentRequestId: string): PaymentJournalEvent[] {
  const rows = db.prepare('SELECT seq, at, type, status, data_json FROM payment_events WHERE payment_request_id = ? ORDER BY seq').all(paymentRequestId) as Array<{
    seq: number; at: number; type: string; status: string; data_json: string;
  }>;
  return rows.map((r) => {
    let data: unknown;
    try {
      data = JSON.parse(r.data_json);
    } catch {
      data = {};
    }
    const clean = redactEventData(data);
    return { seq: r.seq, at: r.at, type: r.type, status: r.status, data: clean !== null && typeof clean === 'object' && !Array.isArray(clean) ? (clean as Record<string, unknown>) : {} };
  });
}

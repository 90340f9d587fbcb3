/**
 * The history timeline: one line per journal event. Labels come from i18n (history.event.*); the
 * detail is the few facts a supervisor needs (result code, reason), never raw JSON.
 */
import { formatMajor, money } from '../../shared/domain/money';
import type { PaymentJournalEvent } from '../../shared/ipc/commands/payment';

export const KNOWN_EVENT_TYPES = [
  'created', 'payAnswered', 'inquiryAnswered', 'cancelRequested', 'cancelSending', 'cancelAnswered', 'reversalAnswered',
  'timerFired', 'notified', 'recovered', 'refund.requested', 'refund.succeeded', 'refund.failed',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

export interface TimelineLine {
  readonly seq: number;
  readonly at: number;
  /** i18n key under history.event, or null when the type is new to this UI (then `type` is shown). */
  readonly labelKey: string | null;
  readonly type: string;
  readonly status: string;
  /** Short facts, language-neutral (codes, ids, amounts are shown as is). */
  readonly facts: readonly string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function toTimelineLine(e: PaymentJournalEvent): TimelineLine {
  const known = (KNOWN_EVENT_TYPES as readonly string[]).includes(e.type);
  const ev = obj(e.data.event);
  const facts: string[] = [];
  for (const v of [str(ev.result), str(ev.paymentStatus), str(ev.resultCode), str(ev.reason), str(ev.timer), str(e.data.resultCode)]) {
    if (v !== null && !facts.includes(v)) facts.push(v);
  }
  const amount = obj(e.data.amount);
  if (typeof amount.minor === 'number' && typeof amount.currency === 'string') {
    try {
      facts.push(`${amount.currency} ${formatMajor(money(amount.minor, amount.currency))}`);
    } catch {
      // an amount the UI cannot format is left out rather than shown wrong
    }
  }
  const api = str(obj(e.data.request).api);
  if (api !== null) facts.push(api);
  return { seq: e.seq, at: e.at, labelKey: known ? e.type.replace('.', '_') : null, type: e.type, status: e.status, facts };
}

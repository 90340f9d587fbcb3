import { z } from 'zod';
import { command, MANAGER, SUPERVISOR } from '../command';
import type { BusinessDay, DayReport, ImportProgress, ImportResult, Reconciliation } from '../../domain/report';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const locale = z.enum(['zh-CN', 'en']);
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** X: any day (default: the current one); Z: the stored report of a closed day. */
const reportRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('X'), date: date.optional() }).strict(),
  z.object({ kind: z.literal('Z'), date }).strict(),
]);

export interface ClosedDay {
  readonly number: number;
  readonly date: string;
  readonly closedAt: number;
}

export interface ExportedFile {
  readonly file: string;
  readonly bytes: number;
}

export const reportCommands = {
  /** A business day's range and state (default: the day the terminal is in now). */
  'report:day': command<BusinessDay>()(z.object({ date: date.optional() }).strict(), SUPERVISOR),
  /** The X report (any time) or a closed day's Z, as stored. */
  'report:get': command<DayReport>()(z.object({ ref: reportRef }).strict(), SUPERVISOR),
  /** Closes a day: refused with DAY_UNRESOLVED (details.attempts) while any attempt is unresolved. */
  'report:closeDay': command<DayReport>()(z.object({ date, confirm: z.literal(true) }).strict(), MANAGER),
  'report:listClosed': command<ClosedDay[]>()(z.object({ limit: z.number().int().min(1).max(400).default(31) }).strict(), SUPERVISOR),
  /** Imports the day's Alipay files from the drop folder; progress comes as report:importProgress. */
  'report:importSettlement': command<ImportResult>()(z.object({ date, jobId }).strict(), MANAGER),
  /** Stops a running import; nothing of it is kept. False when no such import is running. */
  'report:cancelImport': command<{ cancelled: boolean }>()(z.object({ jobId }).strict(), MANAGER),
  'report:reconcile': command<Reconciliation>()(z.object({ date, includeMatched: z.boolean().default(false) }).strict(), SUPERVISOR),
  /** Queues the report on the receipt printer; a Z printed again is marked DUPLICATE. */
  'report:print': command<{ jobId: number }>()(z.object({ ref: reportRef, locale }).strict(), SUPERVISOR),
  /** Writes a CSV or PDF into the data folder's exports/ and says where. */
  'report:export': command<ExportedFile>()(
    z.discriminatedUnion('what', [
      z.object({ what: z.literal('report'), ref: reportRef, format: z.enum(['csv', 'pdf']), locale }).strict(),
      z.object({ what: z.literal('reconciliation'), date, locale }).strict(),
    ]),
    SUPERVISOR,
  ),
} as const;

export interface ReportEventMap {
  'report:importProgress': ImportProgress;
}

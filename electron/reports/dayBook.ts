import { createHash } from 'node:crypto';
import type { ZRow } from '../journal/repos/daysRepo';
import { reportJournal, type JournalSource } from '../journal/repos/reportReader';
import type { Clock } from '../../shared/domain/clock';
import type { BusinessDay, DayReport } from '../../shared/domain/report';
import { PosError } from '../../shared/errors/posError';
import { addDays, nominalDateOf, nominalDayRange, parseDate, type DaySettings } from './businessDay';
import { buildDayReport, type ReportIdentity } from './buildDayReport';
import { checkChainFull, checkChainSinceCheckpoint } from './chainCheck';

export class DayUnresolvedError extends PosError {
  constructor(date: string, attempts: ReadonlyArray<{ paymentRequestId: string; status: string }>) {
    super('DAY_UNRESOLVED', `cannot close ${date}: ${attempts.length} payment attempt(s) are not resolved yet (${attempts.slice(0, 5).map((a) => `${a.paymentRequestId} ${a.status}`).join(', ')}${attempts.length > 5 ? ', …' : ''})`, {
      retryable: true,
      details: { attempts },
    });
  }
}

export class DayClosedError extends PosError {
  constructor(message: string, details: Record<string, unknown>) {
    super('DAY_CLOSED', message, { details });
  }
}

export interface DayBook {
  /** The business day that `now` belongs to (after an early Z, the next one). */
  currentDate(): string;
  day(date: string): BusinessDay;
  /** X report of a day (default: the current one), at any time, changing nothing but the chain checkpoint. */
  xReport(date?: string): DayReport;
  /** Closes a day: refused while any attempt is unresolved; numbered; stored as printed. */
  closeDay(date: string, actor: string): DayReport;
  zReport(ref: { date: string } | { number: number }): DayReport | null;
  listClosed(limit: number): Array<{ number: number; date: string; closedAt: number }>;
}

/**
 * The terminal's business days over the journal. A day's range is fixed by its cut-off, except that
 * a Z closed before the cut-off ends the day there (the shop closed early; later sales belong to the
 * next day), so ranges stay contiguous and every attempt belongs to exactly one day.
 */
export function createDayBook(src: JournalSource, settings: () => DaySettings, clock: Clock, identity: () => ReportIdentity, opts: { readOnly?: boolean } = {}): DayBook {
  // A read-only journal (the back-office CLI) can report but not record chain checkpoints or close days.
  const journal = reportJournal(src, opts);
  const read = journal.read;
  const record = { record: journal.write !== null };

  const toDay = (z: ZRow, s: DaySettings): BusinessDay => ({ date: z.business_date, start: z.start_at, end: z.end_at, timeZone: s.timeZone, cutoff: s.cutoff, state: 'closed', zNumber: z.number });

  function day(date: string): BusinessDay {
    parseDate(date);
    const s = settings();
    const z = read.days.byDate(date);
    if (z) return toDay(z, s);
    const nominal = nominalDayRange(date, s);
    const prev = read.days.byDate(addDays(date, -1));
    const start = prev ? Math.min(prev.end_at, nominal.start) : nominal.start;
    return { date, start, end: nominal.end, timeZone: s.timeZone, cutoff: s.cutoff, state: clock.now() < start ? 'future' : 'open', zNumber: null };
  }

  function currentDate(): string {
    const now = clock.now();
    let date = nominalDateOf(now, settings());
    // An early Z moves the rest of its nominal day to the next one.
    for (let z = read.days.byDate(date); z !== undefined && z.end_at <= now; z = read.days.byDate(date)) date = addDays(date, 1);
    return date;
  }

  function fromRow(z: ZRow): DayReport {
    return JSON.parse(z.report_json) as DayReport;
  }

  return {
    currentDate,
    day,
    xReport(date) {
      const d = day(date ?? currentDate());
      if (d.state === 'closed') {
        // A closed day's figures are the Z's: recomputing them could only disagree with what was printed.
        const z = read.days.byDate(d.date)!;
        return { ...fromRow(z), kind: 'X', generatedAt: clock.now() };
      }
      const now = clock.now();
      return { kind: 'X', ...buildDayReport(read, d, { ...identity(), now, chain: checkChainSinceCheckpoint(journal, now, record) }) };
    },
    closeDay(date, actor) {
      const d = day(date);
      if (d.state === 'closed') throw new DayClosedError(`${date} is already closed (Z${d.zNumber})`, { number: d.zNumber });
      if (d.state === 'future') throw new PosError('INVALID_STATE', `${date} has not started yet`);
      const write = journal.write;
      if (!write) throw new PosError('INVALID_STATE', 'the journal is open read-only: close the day at the terminal');
      // Closing an older day after a newer one is fine: once the newer day has started, the older one
      // ends at its nominal end, so no closed range moves.
      // The full walk runs outside the write transaction; the transaction re-checks what was appended since.
      const full = checkChainFull(journal, clock.now());
      return write.days.close(() => {
        const now = clock.now();
        // Everything committed up to and including this millisecond belongs to the day being closed.
        const end = Math.min(d.end, now + 1);
        const unresolved = read.payments.unresolvedBefore(end);
        if (unresolved.length > 0) throw new DayUnresolvedError(date, unresolved);
        const chain = full.status === 'ok' ? checkChainSinceCheckpoint(journal, now) : full;
        const number = read.days.lastNumber() + 1;
        const closedDay: BusinessDay = { ...d, end, state: 'closed', zNumber: number };
        const body = buildDayReport(read, closedDay, { ...identity(), now, chain: chain.status === 'ok' ? { ...chain, scope: 'full' } : chain });
        const unsigned = { kind: 'Z' as const, ...body, number, closedAt: now, closedBy: actor };
        const sha256 = createHash('sha256').update(JSON.stringify(unsigned)).digest('hex');
        const report: DayReport = { ...unsigned, sha256 };
        return {
          z: { number, date, start: d.start, end, closedAt: now, closedBy: actor, reportJson: JSON.stringify(report), sha256 },
          audit: { at: now, actor, action: 'day.close', details: { date, number, sha256 } },
          result: report,
        };
      });
    },
    zReport(ref) {
      const z = 'date' in ref ? read.days.byDate(ref.date) : read.days.byNumber(ref.number);
      return z ? fromRow(z) : null;
    },
    listClosed(limit) {
      return read.days.listClosed(limit);
    },
  };
}

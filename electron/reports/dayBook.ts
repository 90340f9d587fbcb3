import { createHash } from 'node:crypto';
import { appendAudit } from '../journal/appendAudit';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { BusinessDay, DayReport } from '../../shared/domain/report';
import { PosError } from '../../shared/errors/posError';
import { addDays, nominalDateOf, nominalDayRange, parseDate, type DaySettings } from './businessDay';
import { buildDayReport, unresolvedBefore, type ReportIdentity } from './buildDayReport';
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

interface ZRow {
  number: number;
  business_date: string;
  start_at: number;
  end_at: number;
  closed_at: number;
  closed_by: string;
  report_json: string;
  report_sha256: string;
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
export function createDayBook(db: Db, settings: () => DaySettings, clock: Clock, identity: () => ReportIdentity, opts: { readOnly?: boolean } = {}): DayBook {
  // A read-only journal (the back-office CLI) can report but not record chain checkpoints or close days.
  const record = { record: !opts.readOnly };
  const zByDate = db.prepare('SELECT * FROM z_reports WHERE business_date = ?');
  const zByNumber = db.prepare('SELECT * FROM z_reports WHERE number = ?');

  const toDay = (z: ZRow, s: DaySettings): BusinessDay => ({ date: z.business_date, start: z.start_at, end: z.end_at, timeZone: s.timeZone, cutoff: s.cutoff, state: 'closed', zNumber: z.number });

  function day(date: string): BusinessDay {
    parseDate(date);
    const s = settings();
    const z = zByDate.get(date) as ZRow | undefined;
    if (z) return toDay(z, s);
    const nominal = nominalDayRange(date, s);
    const prev = zByDate.get(addDays(date, -1)) as ZRow | undefined;
    const start = prev ? Math.min(prev.end_at, nominal.start) : nominal.start;
    return { date, start, end: nominal.end, timeZone: s.timeZone, cutoff: s.cutoff, state: clock.now() < start ? 'future' : 'open', zNumber: null };
  }

  function currentDate(): string {
    const now = clock.now();
    let date = nominalDateOf(now, settings());
    // An early Z moves the rest of its nominal day to the next one.
    while ((zByDate.get(date) as ZRow | undefined)?.end_at !== undefined && (zByDate.get(date) as ZRow).end_at <= now) date = addDays(date, 1);
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
        const z = zByDate.get(d.date) as ZRow;
        return { ...fromRow(z), kind: 'X', generatedAt: clock.now() };
      }
      const now = clock.now();
      return { kind: 'X', ...buildDayReport(db, d, { ...identity(), now, chain: checkChainSinceCheckpoint(db, now, record) }) };
    },
    closeDay(date, actor) {
      const d = day(date);
      if (d.state === 'closed') throw new DayClosedError(`${date} is already closed (Z${d.zNumber})`, { number: d.zNumber });
      if (d.state === 'future') throw new PosError('INVALID_STATE', `${date} has not started yet`);
      if (opts.readOnly) throw new PosError('INVALID_STATE', 'the journal is open read-only: close the day at the terminal');
      // Closing an older day after a newer one is fine: once the newer day has started, the older one
      // ends at its nominal end, so no closed range moves.
      // The full walk runs outside the write transaction; the transaction re-checks what was appended since.
      const full = checkChainFull(db, clock.now());
      const close = db.transaction((): DayReport => {
        const now = clock.now();
        // Everything committed up to and including this millisecond belongs to the day being closed.
        const end = Math.min(d.end, now + 1);
        const unresolved = unresolvedBefore(db, end);
        if (unresolved.length > 0) throw new DayUnresolvedError(date, unresolved);
        const chain = full.status === 'ok' ? checkChainSinceCheckpoint(db, now) : full;
        const number = ((db.prepare('SELECT max(number) AS n FROM z_reports').get() as { n: number | null }).n ?? 0) + 1;
        const closedDay: BusinessDay = { ...d, end, state: 'closed', zNumber: number };
        const body = buildDayReport(db, closedDay, { ...identity(), now, chain: chain.status === 'ok' ? { ...chain, scope: 'full' } : chain });
        const unsigned = { kind: 'Z' as const, ...body, number, closedAt: now, closedBy: actor };
        const sha256 = createHash('sha256').update(JSON.stringify(unsigned)).digest('hex');
        const report: DayReport = { ...unsigned, sha256 };
        db.prepare('INSERT INTO z_reports (number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          number, date, d.start, end, now, actor, JSON.stringify(report), sha256,
        );
        appendAudit(db, { at: now, actor, action: 'day.close', details: { date, number, sha256 } });
        return report;
      });
      return close.immediate();
    },
    zReport(ref) {
      const z = ('date' in ref ? zByDate.get(ref.date) : zByNumber.get(ref.number)) as ZRow | undefined;
      return z ? fromRow(z) : null;
    },
    listClosed(limit) {
      return (db.prepare('SELECT number, business_date AS date, closed_at AS closedAt FROM z_reports ORDER BY number DESC LIMIT ?').all(limit) as Array<{ number: number; date: string; closedAt: number }>);
    },
  };
}

/**
 * Business-day arithmetic in a named time zone (pure). A day "2025-03-14" with cut-off 04:00 in
 * Asia/Shanghai runs from 2025-03-14 04:00 to 2025-03-15 04:00 local time: a sale at 01:30 still
 * belongs to the evening before. Zone offsets come from Intl, so daylight-saving days are 23 or 25
 * hours long, as the wall clock says.
 */
import { PosError } from '../../shared/errors/posError';

export interface DaySettings {
  readonly cutoff: string; // HH:MM
  readonly timeZone: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class BadDateError extends PosError {
  constructor(text: string) {
    super('BAD_REQUEST', `"${text}" is not a date YYYY-MM-DD`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

export interface WallTime {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

/** The wall-clock time in `tz` at epoch ms `t`. */
export function wallTime(t: number, tz: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

/** Offset of `tz` from UTC at `t`, in ms (Shanghai: +8 h). */
export function zoneOffsetMs(t: number, tz: string): number {
  const w = wallTime(t, tz);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * Epoch ms of a wall-clock time in `tz`. A time that does not exist (skipped by a DST jump) maps to
 * the instant the clocks jumped to; an ambiguous one (repeated hour) to its first occurrence.
 */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets a day either side cover both sides of any transition near this wall time.
  const candidates = [...new Set([naive - zoneOffsetMs(naive - 86_400_000, tz), naive - zoneOffsetMs(naive + 86_400_000, tz)])].sort((a, b) => a - b);
  const exact = candidates.filter((c) => c + zoneOffsetMs(c, tz) === naive);
  if (exact.length > 0) return exact[0]!;
  // A skipped wall time: find the jump between the two candidates (offsets only change on whole seconds).
  let lo = candidates[0]!;
  let hi = candidates.at(-1)!;
  const offLo = zoneOffsetMs(lo, tz);
  while (hi - lo > 1000) {
    const mid = lo + Math.max(1000, Math.floor((hi - lo) / 2000) * 1000);
    if (zoneOffsetMs(mid, tz) === offLo) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function parseDate(text: string): { y: number; mo: number; d: number } {
  const m = DATE_RE.exec(text);
  if (!m) throw new BadDateError(text);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new BadDateError(text);
  return { y, mo, d };
}

export function addDays(date: string, n: number): string {
  const { y, mo, d } = parseDate(date);
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

function cutoffParts(cutoff: string): { h: number; mi: number } {
  const [h, mi] = cutoff.split(':').map(Number);
  return { h: h ?? 0, mi: mi ?? 0 };
}

/** Nominal [start, end) of a business date, before any early Z close is taken into account. */
export function nominalDayRange(date: string, s: DaySettings): { start: number; end: number } {
  const { y, mo, d } = parseDate(date);
  const { h, mi } = cutoffParts(s.cutoff);
  const next = parseDate(addDays(date, 1));
  return { start: zonedToUtc(y, mo, d, h, mi, s.timeZone), end: zonedToUtc(next.y, next.mo, next.d, h, mi, s.timeZone) };
}

/** The nominal business date an instant falls in. */
export function nominalDateOf(t: number, s: DaySettings): string {
  const w = wallTime(t, s.timeZone);
  const date = `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
  // The wall date's own range decides: DST days make a plain "before the cut-off" test wrong by an hour.
  return t < nominalDayRange(date, s).start ? addDays(date, -1) : date;
}

/** Local wall time as "YYYY-MM-DD HH:MM:SS" for printouts and exports. */
export function formatLocal(t: number, tz: string): string {
  const w = wallTime(t, tz);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${w.y}-${p(w.mo)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}:${p(w.s)}`;
}

/**
 * End-of-day screen helpers: bar geometry for the hourly chart (from the report's own chart data)
 * and the hour labels in the business day's time zone, not the PC's.
 */
import type { ChartSeries } from '../../shared/domain/report';

export interface Bar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly hourStart: number;
  readonly count: number;
  readonly minor: number;
}

/** Bars scaled to a `height`-high plot; a non-empty hour is never drawn thinner than 1 px. */
export function hourBars(series: ChartSeries, width: number, height: number): Bar[] {
  const n = Math.max(1, series.byHour.length);
  const slot = width / n;
  const max = Math.max(1, ...series.byHour.map((h) => h.minor));
  return series.byHour.map((h, i) => {
    const bh = h.minor === 0 ? 0 : Math.max(1, Math.round((h.minor / max) * height));
    return { x: i * slot + slot * 0.15, y: height - bh, width: slot * 0.7, height: bh, hourStart: h.hourStart, count: h.count, minor: h.minor };
  });
}

/** "09" for the hour starting at `at` in `timeZone`. */
export function hourLabel(at: number, timeZone: string): string {
  const h = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at);
  return h.padStart(2, '0');
}

/** The attempts a refused close names (error details), whatever shape they arrive in. */
export function unresolvedFromDetails(details: Readonly<Record<string, unknown>> | undefined): { paymentRequestId: string; status: string }[] {
  const list = details?.attempts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    const o = a as { paymentRequestId?: unknown; status?: unknown };
    return typeof o?.paymentRequestId === 'string' ? [{ paymentRequestId: o.paymentRequestId, status: typeof o.status === 'string' ? o.status : '' }] : [];
  });
}

import type { Db } from '../journal/openJournal';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Attempt counts and sums of one scenario × currency × cashier × status within one hour. */
export interface TotalsRow {
  readonly hour: number; // epoch ms of the UTC hour the rows fall in
  readonly scenario: string;
  readonly currency: string;
  readonly cashier: string;
  readonly status: string;
  readonly n: number;
  readonly minor: number;
}

export type Segment =
  | { readonly grain: 'h' | 'm'; readonly from: number; readonly to: number } // bucket numbers, [from, to)
  | { readonly grain: 'raw'; readonly from: number; readonly to: number }; // epoch ms, [from, to)

/**
 * Splits [start, end) into whole hours, the whole minutes around them and the partial minutes at
 * the edges, so any range is summed exactly from the maintained buckets plus at most two minutes of
 * raw attempts.
 */
export function rangeSegments(start: number, end: number): Segment[] {
  if (end <= start) return [];
  const out: Segment[] = [];
  const m0 = Math.ceil(start / MINUTE);
  const m1 = Math.floor(end / MINUTE);
  if (m0 >= m1) return [{ grain: 'raw', from: start, to: end }];
  if (start < m0 * MINUTE) out.push({ grain: 'raw', from: start, to: m0 * MINUTE });
  const h0 = Math.ceil(m0 / 60);
  const h1 = Math.floor(m1 / 60);
  if (h0 < h1) {
    if (m0 < h0 * 60) out.push({ grain: 'm', from: m0, to: h0 * 60 });
    out.push({ grain: 'h', from: h0, to: h1 });
    if (h1 * 60 < m1) out.push({ grain: 'm', from: h1 * 60, to: m1 });
  } else {
    out.push({ grain: 'm', from: m0, to: m1 });
  }
  if (m1 * MINUTE < end) out.push({ grain: 'raw', from: m1 * MINUTE, to: end });
  return out;
}

/**
 * Totals of every attempt created in [start, end), grouped per hour. The maintained buckets
 * (0040-reports triggers) make this a read of a few thousand rows whatever the day's volume.
 */
export function attemptTotals(db: Db, start: number, end: number): TotalsRow[] {
  const hourly = db.prepare(`
    SELECT bucket * 3600000 AS hour, scenario, currency, cashier_id AS cashier, status, n, sum_minor AS minor
    FROM attempt_totals WHERE grain = 'h' AND bucket >= ? AND bucket < ? AND n <> 0`);
  const minutely = db.prepare(`
    SELECT (bucket / 60) * 3600000 AS hour, scenario, currency, cashier_id AS cashier, status, sum(n) AS n, sum(sum_minor) AS minor
    FROM attempt_totals WHERE grain = 'm' AND bucket >= ? AND bucket < ? AND n <> 0
    GROUP BY 1, 2, 3, 4, 5`);
  const raw = db.prepare(`
    SELECT (a.created_at / 3600000) * 3600000 AS hour, a.scenario, a.currency, s.cashier_id AS cashier, a.status, count(*) AS n, sum(a.amount_minor) AS minor
    FROM payment_attempts a JOIN sales s ON s.id = a.sale_id
    WHERE a.created_at >= ? AND a.created_at < ?
    GROUP BY 1, 2, 3, 4, 5`);
  const rows: TotalsRow[] = [];
  for (const seg of rangeSegments(start, end)) {
    const stmt = seg.grain === 'h' ? hourly : seg.grain === 'm' ? minutely : raw;
    for (const r of stmt.all(seg.from, seg.to) as TotalsRow[]) rows.push(r);
  }
  return rows;
}

/** The plain aggregate over the attempts themselves: the bench's baseline and the tests' oracle. */
export function attemptTotalsPlain(db: Db, start: number, end: number): TotalsRow[] {
  return db.prepare(`
    SELECT (a.created_at / 3600000) * 3600000 AS hour, a.scenario, a.currency, s.cashier_id AS cashier, a.status, count(*) AS n, sum(a.amount_minor) AS minor
    FROM payment_attempts a JOIN sales s ON s.id = a.sale_id
    WHERE a.created_at >= ? AND a.created_at < ?
    GROUP BY 1, 2, 3, 4, 5`).all(start, end) as TotalsRow[];
}

export { HOUR as HOUR_MS };

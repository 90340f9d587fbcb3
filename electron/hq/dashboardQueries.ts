/**
 * The dashboard's reads (issue 16 items 6–7), always for one merchant and a list of stores already
 * cut to the viewer's scope. "Today" is the merchant's calendar day in its own time zone; takings
 * come from `takings_hourly` (kept by the ingest's trigger), never from a scan of the day's events.
 */
import type { CurrencyCode } from '../../shared/domain/money';
import type { HqHourTotal, HqStoreToday, HqTenderTotal, HqTerminalRow, HqToday, HqUnresolvedRow } from '../../shared/hq/hqDashboard';
import type { HqDb } from './hqDb';

export const UNRESOLVED_STATUSES = ['created', 'awaitingCustomer', 'unknown', 'cancelling', 'reversing', 'unproven'] as const;

/**
 * The day [d0, d1) containing `at` in the merchant's time zone, and the zone. Used as scalar
 * subqueries (init plans), so the executor prunes `events` to the day's partition.
 */
export const DAY_SQL = `SELECT m.time_zone AS tz,
    (date_trunc('day', to_timestamp($2 / 1000.0) AT TIME ZONE m.time_zone)) AT TIME ZONE m.time_zone AS d0,
    (date_trunc('day', to_timestamp($2 / 1000.0) AT TIME ZONE m.time_zone) + interval '1 day') AT TIME ZONE m.time_zone AS d1,
    to_char(to_timestamp($2 / 1000.0) AT TIME ZONE m.time_zone, 'YYYY-MM-DD') AS day
  FROM merchants m WHERE m.merchant_id = $1`;

/** The chain-wide "today" takings: per store, tender, currency and local hour, from the summary table. */
export const TODAY_TAKINGS_SQL = `WITH d AS (${DAY_SQL})
  SELECT t.store_id, t.tender, t.currency, extract(hour FROM t.hour AT TIME ZONE (SELECT tz FROM d))::int AS hour,
         sum(t.payments)::bigint AS payments, sum(t.amount_minor)::bigint AS amount_minor
  FROM takings_hourly t
  WHERE t.merchant_id = $1 AND t.hour >= (SELECT d0 FROM d) AND t.hour < (SELECT d1 FROM d) AND t.store_id = ANY($3)
  GROUP BY 1, 2, 3, 4 HAVING sum(t.payments) <> 0 OR sum(t.amount_minor) <> 0`;

/**
 * The same figures recomputed from the raw events (an audit, and the bench's baseline): each
 * attempt's amount and tender from its `created` event, its state from its last event.
 */
export const TODAY_TAKINGS_FROM_EVENTS_SQL = `WITH d AS (${DAY_SQL}),
  created AS (
    SELECT e.terminal_id, e.payment_request_id, e.store_id, e.at, coalesce(e.data->>'scenario', 'unknown') AS tender,
           e.data->'amount'->>'currency' AS currency, (e.data->'amount'->>'minor')::bigint AS minor
    FROM events e WHERE e.merchant_id = $1 AND e.type = 'created' AND e.at >= (SELECT d0 FROM d) AND e.at < (SELECT d1 FROM d) AND e.store_id = ANY($3)),
  last AS (
    SELECT DISTINCT ON (e.terminal_id, e.payment_request_id) e.terminal_id, e.payment_request_id, e.status
    FROM events e WHERE e.merchant_id = $1 AND e.at >= (SELECT d0 FROM d) AND e.store_id = ANY($3)
    ORDER BY e.terminal_id, e.payment_request_id, e.seq DESC)
  SELECT c.store_id, c.tender, c.currency, extract(hour FROM c.at AT TIME ZONE (SELECT tz FROM d))::int AS hour,
         count(*)::bigint AS payments, sum(c.minor)::bigint AS amount_minor
  FROM created c JOIN last l USING (terminal_id, payment_request_id)
  WHERE l.status = 'succeeded'
  GROUP BY 1, 2, 3, 4`;

export interface TakingsRow { store_id: string; tender: string; currency: string; hour: number; payments: string; amount_minor: string }

const cur = (c: string): CurrencyCode => c as CurrencyCode;

/** Sums rows into per-tender and per-hour totals (one entry per currency). */
export function foldTakings(rows: readonly TakingsRow[]): { tenders: HqTenderTotal[]; hours: HqHourTotal[] } {
  const tenders = new Map<string, HqTenderTotal>();
  const hours = new Map<string, HqHourTotal>();
  for (const r of rows) {
    const [n, minor] = [Number(r.payments), Number(r.amount_minor)];
    const tk = `${r.tender}|${r.currency}`;
    const t = tenders.get(tk);
    tenders.set(tk, { tender: r.tender, payments: (t?.payments ?? 0) + n, amount: { minor: (t?.amount.minor ?? 0) + minor, currency: cur(r.currency) } });
    const hk = `${String(r.hour).padStart(2, '0')}|${r.currency}`;
    const h = hours.get(hk);
    hours.set(hk, { hour: r.hour, payments: (h?.payments ?? 0) + n, amount: { minor: (h?.amount.minor ?? 0) + minor, currency: cur(r.currency) } });
  }
  const byKey = <T>(m: Map<string, T>): T[] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  return { tenders: byKey(tenders), hours: byKey(hours) };
}

export async function todayFor(db: HqDb, merchantId: string, stores: readonly string[], at: number, staleAfterMs: number): Promise<HqToday> {
  const [day] = await db.query<{ tz: string; day: string }>(DAY_SQL, [merchantId, at]);
  const [takings, storeRows, terminals, unresolved] = await Promise.all([
    db.query<TakingsRow>(TODAY_TAKINGS_SQL, [merchantId, at, stores]),
    db.query<{ store_id: string; name: string }>('SELECT store_id, name FROM stores WHERE merchant_id = $1 AND store_id = ANY($2) ORDER BY store_id', [merchantId, stores]),
    db.query<{ store_id: string; terminal_id: string; last_seq: string; last_upload_at: Date | null; flags: string; waiting: string }>(
      `SELECT t.store_id, t.terminal_id, t.last_seq, t.last_upload_at,
         (SELECT count(*) FROM chain_flags f WHERE f.merchant_id = t.merchant_id AND f.terminal_id = t.terminal_id) AS flags,
         (SELECT count(*) FROM notifications n WHERE n.merchant_id = t.merchant_id AND n.terminal_id = t.terminal_id AND n.delivered_at IS NULL) AS waiting
       FROM terminals t WHERE t.merchant_id = $1 AND t.store_id = ANY($2) ORDER BY t.store_id, t.terminal_id`, [merchantId, stores]),
    db.query<{ store_id: string; terminal_id: string; payment_request_id: string; status: string; scenario: string | null; amount_minor: string; currency: string; created_at: Date }>(
      `SELECT store_id, terminal_id, payment_request_id, status, scenario, amount_minor, currency, created_at FROM attempts
       WHERE merchant_id = $1 AND status = ANY($2) AND store_id = ANY($3) ORDER BY created_at LIMIT 500`, [merchantId, UNRESOLVED_STATUSES, stores]),
  ]);
  const unresolvedRows: HqUnresolvedRow[] = unresolved.map((u) => ({
    storeId: u.store_id, terminalId: u.terminal_id, paymentRequestId: u.payment_request_id, status: u.status, tender: u.scenario ?? 'unknown',
    amount: { minor: Number(u.amount_minor), currency: cur(u.currency) }, createdAt: u.created_at.toISOString(), ageS: Math.max(0, Math.floor((at - u.created_at.getTime()) / 1000)),
  }));
  const terminalRow = (t: (typeof terminals)[number]): HqTerminalRow => {
    const age = t.last_upload_at ? Math.max(0, Math.floor((at - t.last_upload_at.getTime()) / 1000)) : null;
    return {
      terminalId: t.terminal_id, lastSeq: Number(t.last_seq), lastUploadAt: t.last_upload_at?.toISOString() ?? null, lastUploadAgeS: age,
      stale: age === null || age * 1000 > staleAfterMs, chainFlags: Number(t.flags), waitingNotifications: Number(t.waiting),
    };
  };
  const storesToday: HqStoreToday[] = storeRows.map((s) => ({
    storeId: s.store_id, name: s.name,
    tenders: foldTakings(takings.filter((r) => r.store_id === s.store_id)).tenders,
    terminals: terminals.filter((t) => t.store_id === s.store_id).map(terminalRow),
    unresolved: unresolvedRows.filter((u) => u.storeId === s.store_id).length,
  }));
  const chain = foldTakings(takings);
  return {
    day: day?.day ?? '', timeZone: day?.tz ?? '', asOf: new Date(at).toISOString(), stores: storesToday,
    tenders: chain.tenders, hours: chain.hours, unresolved: unresolvedRows, staleAfterS: Math.round(staleAfterMs / 1000),
  };
}

/**
 * The chain-wide "today" dashboard over 10 million events (issue 16 item 7), on a throwaway real
 * PostgreSQL cluster: 50 stores × 4 terminals, 5 million payments (created + final status = 10 M
 * events) over the 30 days up to "now", loaded by generate_series in SQL. The dashboard reads the
 * hourly summary the ingest keeps (`takings_hourly`); the baseline, in the same run, is a plain GROUP
 * BY over today's raw events. The summary is filled by the same rule as the ingest's trigger in one
 * pass (loading through the trigger row by row would only measure the loader), and the bench refuses
 * to report unless the dashboard's figures equal the recomputation from the raw events.
 * HQ_BENCH_PAYMENTS sets a smaller size for a quick look.
 */
import { openPgDb } from '../../electron/hq/hqDb';
import { migrateHq } from '../../electron/hq/migrateHq';
import { maintainPartitions, partitionName } from '../../electron/hq/hqPartitions';
import { TODAY_TAKINGS_FROM_EVENTS_SQL, TODAY_TAKINGS_SQL, todayFor, DAY_SQL, type TakingsRow } from '../../electron/hq/dashboardQueries';
import { pgAvailable, startPgCluster } from '../helpers/pgCluster';
import type { BenchRow, BenchSuite } from './benchTypes';
import { median } from './benchTypes';

const PAYMENTS = Number(process.env.HQ_BENCH_PAYMENTS ?? 5_000_000);
const TERMINALS = 200; // 4 per store
const NOW = Date.UTC(2030, 0, 15, 12, 0); // 20:00 in Shanghai
const SPAN_MS = 30 * 86_400_000;
const progress = (m: string): void => void process.stderr.write(`bench: hq dashboard: ${m}\n`);
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

/** Payment i's terminal, store, time, status, tender, currency and amount: the same formulas for its events and its attempt row. */
const PAYMENT = `FROM generate_series($3::bigint, $4::bigint) i
  CROSS JOIN LATERAL (SELECT 'T' || lpad((i % ${TERMINALS})::text, 3, '0') AS terminal_id, 'S' || lpad(((i % ${TERMINALS}) / 4)::text, 2, '0') AS store_id,
      $1::bigint + i * $2::bigint AS at_ms,
      CASE WHEN i % 1000 = 999 THEN 'unknown'
           ELSE (ARRAY['succeeded','succeeded','succeeded','succeeded','succeeded','succeeded','succeeded','failed','cancelled','reversed'])[i % 10 + 1] END AS status,
      (ARRAY['PaymentCode','PaymentCode','PaymentCode','OrderCode','EntryCode'])[i % 5 + 1] AS tender,
      CASE WHEN i % 50 = 7 THEN 'USD' ELSE 'CNY' END AS currency,
      100 + (i * 7919) % 50000 AS minor) p`;

// Each payment: a `created` event and its final status 2 s later (kept inside the month: $5 is its end), spread evenly over the span.
const LOAD_EVENTS = `INSERT INTO events (merchant_id, terminal_id, seq, at, store_id, payment_request_id, type, status, data, prev_hash, hash)
  SELECT 'M1', p.terminal_id, (i / ${TERMINALS}) * 2 + k, to_timestamp(least(p.at_ms + (k - 1) * 2000, $5::bigint - 1) / 1000.0), p.store_id, 'A' || i,
         CASE k WHEN 1 THEN 'created' ELSE 'status' END,
         CASE k WHEN 1 THEN 'created' ELSE p.status END,
         CASE k WHEN 1 THEN ('{"scenario":"' || p.tender || '","amount":{"minor":' || p.minor || ',"currency":"' || p.currency || '"}}')::jsonb ELSE '{}'::jsonb END,
         '', ''
  ${PAYMENT} CROSS JOIN (VALUES (1), (2)) v(k)`;

// The open payments' attempt rows: the only attempts the dashboard reads (through the partial index
// attempts_open, whose contents are the same whether or not the final ones sit beside them).
const LOAD_OPEN_ATTEMPTS = `INSERT INTO attempts (merchant_id, terminal_id, payment_request_id, store_id, scenario, amount_minor, currency, status, created_at, updated_at)
  SELECT 'M1', p.terminal_id, 'A' || i, p.store_id, p.tender, p.minor, p.currency, p.status, to_timestamp(p.at_ms / 1000.0), to_timestamp((p.at_ms + 2000) / 1000.0)
  ${PAYMENT} WHERE p.status = 'unknown'`;

// What the ingest's trigger keeps (a succeeded payment counts in its creation hour), in one pass.
const FILL_SUMMARY = `INSERT INTO takings_hourly (merchant_id, hour, store_id, terminal_id, tender, currency, payments, amount_minor)
  SELECT 'M1', date_bin('1 hour', to_timestamp(p.at_ms / 1000.0), TIMESTAMPTZ '2000-01-01 00:00:00+00'), p.store_id, p.terminal_id, p.tender, p.currency, count(*), sum(p.minor)
  ${PAYMENT} WHERE p.status = 'succeeded' GROUP BY 2, 3, 4, 5, 6`;

/** The plain GROUP BY over today's raw events: per store, tender, currency and hour of the sales. */
const PLAIN_GROUP_BY = `WITH d AS (${DAY_SQL})
  SELECT e.store_id, e.data->>'scenario' AS tender, e.data->'amount'->>'currency' AS currency, extract(hour FROM e.at AT TIME ZONE (SELECT tz FROM d))::int AS hour,
         count(*) AS payments, sum((e.data->'amount'->>'minor')::bigint) AS amount_minor
  FROM events e WHERE e.merchant_id = $1 AND e.type = 'created' AND e.at >= (SELECT d0 FROM d) AND e.at < (SELECT d1 FROM d) AND e.store_id = ANY($3)
  GROUP BY 1, 2, 3, 4`;

const suite: BenchSuite = {
  name: 'hq dashboard',
  async run(): Promise<BenchRow[]> {
    if (!pgAvailable()) return [{ name: 'skipped: no PostgreSQL server binaries', value: 0, unit: '' }];
    // Bulk-load tuning for the fixture only: little WAL for tables created and filled at once, no
    // checkpoint in the middle of the load.
    const pg = startPgCluster({ settings: { wal_level: 'minimal', max_wal_senders: 0, max_wal_size: '8GB', checkpoint_timeout: '30min', shared_buffers: '256MB', maintenance_work_mem: '256MB', max_parallel_maintenance_workers: 0, synchronous_commit: 'off' } });
    const db = openPgDb(pg.url);
    try {
      await migrateHq(db);
      const stores = Array.from({ length: TERMINALS / 4 }, (_, s) => `S${String(s).padStart(2, '0')}`);
      await db.query("INSERT INTO merchants (merchant_id, name) VALUES ('M1', 'Bench chain')");
      await db.query("INSERT INTO stores (merchant_id, store_id, name) SELECT 'M1', s, 'Store ' || s FROM unnest($1::text[]) s", [stores]);
      await db.query(`INSERT INTO terminals (merchant_id, terminal_id, store_id, public_key, last_seq, last_upload_at)
        SELECT 'M1', 'T' || lpad(t::text, 3, '0'), 'S' || lpad((t / 4)::text, 2, '0'), '', 0, to_timestamp($1 / 1000.0) FROM generate_series(0, ${TERMINALS - 1}) t`, [NOW - (1_000 * 60)]);
      await maintainPartitions(db, NOW - SPAN_MS);
      await maintainPartitions(db, NOW);

      // Bulk load as one would restore a dump: each month into a fresh table, indexed after the fill
      // (one sort instead of millions of index inserts), then attached as the partition (a CHECK
      // matching the bounds spares the attach its scan). Two months load at once (two cores).
      const start = NOW - SPAN_MS;
      const step = Math.floor(SPAN_MS / PAYMENTS);
      const chunks: Array<{ table: string; from: number; to: number; lo: string; hi: string }> = [];
      for (let a = 0; a < PAYMENTS;) {
        const d = new Date(start + a * step);
        const [lo, hi] = [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
        const b = Math.min(PAYMENTS, Math.ceil((hi - start) / step));
        chunks.push({ table: partitionName(d.getUTCFullYear(), d.getUTCMonth()), from: a, to: b - 1, lo: new Date(lo).toISOString(), hi: new Date(hi).toISOString() });
        a = b;
      }
      const tLoad = process.hrtime.bigint();
      await Promise.all(chunks.map((c) => db.tx(async (q) => {
        // Created and filled in one transaction: under wal_level=minimal the rows skip the WAL.
        await q(`DROP TABLE IF EXISTS ${c.table}`);
        await q(`CREATE TABLE ${c.table} (LIKE events INCLUDING DEFAULTS)`);
        await q(LOAD_EVENTS.replace('INSERT INTO events', `INSERT INTO ${c.table}`), [start, step, c.from, c.to, Date.parse(c.hi)]);
        await q(`ALTER TABLE ${c.table} ADD PRIMARY KEY (merchant_id, terminal_id, seq, at)`);
        await q(`CREATE INDEX ON ${c.table} (merchant_id, store_id, at)`);
        await q(`ALTER TABLE ${c.table} ADD CONSTRAINT ${c.table}_bounds CHECK (at >= '${c.lo}' AND at < '${c.hi}')`);
      })));
      for (const c of chunks) await db.query(`ALTER TABLE events ATTACH PARTITION ${c.table} FOR VALUES FROM ('${c.lo}') TO ('${c.hi}')`);
      const loadEventsMs = ms(tLoad);
      progress(`loaded ${PAYMENTS * 2} events in ${(loadEventsMs / 1000).toFixed(1)} s (${chunks.map((c) => c.table).join(', ')})`);
      const tDerive = process.hrtime.bigint();
      await db.query(LOAD_OPEN_ATTEMPTS, [start, step, 0, PAYMENTS - 1]);
      await db.query(FILL_SUMMARY, [start, step, 0, PAYMENTS - 1]);
      await db.query('ANALYZE');
      const deriveMs = ms(tDerive);
      progress(`open attempts, summary and ANALYZE in ${(deriveMs / 1000).toFixed(1)} s`);
      const [{ n } = { n: '0' }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');

      const key = (r: TakingsRow): string => `${r.store_id}|${r.tender}|${r.currency}|${r.hour}|${r.payments}|${r.amount_minor}`;
      const params = ['M1', NOW, stores];
      const time = async (sql: string, runs: number): Promise<{ ms: number; rows: TakingsRow[] }> => {
        const out: number[] = [];
        let rows: TakingsRow[] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = process.hrtime.bigint();
          rows = await db.query<TakingsRow>(sql, params);
          out.push(ms(t0));
        }
        return { ms: median(out), rows };
      };
      const plain = await time(PLAIN_GROUP_BY, 5);
      const recompute = await time(TODAY_TAKINGS_FROM_EVENTS_SQL, 1);
      const summary = await time(TODAY_TAKINGS_SQL, 30);
      if (JSON.stringify(summary.rows.map(key).sort()) !== JSON.stringify(recompute.rows.map(key).sort())) throw new Error('dashboard figures differ from the recomputation from raw events');
      if (summary.rows.length === 0) throw new Error('no takings today: the fixture is wrong');
      const dashRuns: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = process.hrtime.bigint();
        await todayFor(db, 'M1', stores, NOW, 3_600_000);
        dashRuns.push(ms(t0));
      }
      const dashboardMs = median(dashRuns);

      const plan = async (sql: string): Promise<string> => (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
      const summaryPlan = await plan(TODAY_TAKINGS_SQL);
      const rawPlan = await plan(PLAIN_GROUP_BY);
      if (!/takings_hourly_pkey/.test(summaryPlan)) throw new Error(`the dashboard query does not use takings_hourly_pkey:\n${summaryPlan}`);
      // Run-time pruning: the other months' scans show as "(never executed)".
      const partitions = [...new Set(rawPlan.split('\n').filter((l) => /Scan.* on events_y\d{4}m\d{2}/.test(l) && !l.includes('never executed')).map((l) => /events_y\d{4}m\d{2}/.exec(l)![0]))];
      if (partitions.length !== 1) throw new Error(`today's raw scan is not pruned to one partition:\n${rawPlan}`);
      const todayEvents = Number((await db.query<{ n: string }>(`WITH d AS (${DAY_SQL}) SELECT count(*) AS n FROM events e, d WHERE e.merchant_id = $1 AND e.at >= d.d0 AND e.at < d.d1`, ['M1', NOW]))[0]!.n);

      const baseline = { name: 'plain GROUP BY over today\'s raw events', value: plain.ms };
      return [
        { name: `"today" takings from the hourly summary (${Number(n).toLocaleString('en')} events, ${stores.length} stores)`, value: summary.ms, unit: 'ms', baseline, target: '≤ 100 ms', note: `index scan on takings_hourly_pkey; ${summary.rows.length} rows; raw scan pruned to ${partitions[0]} (${todayEvents.toLocaleString('en')} events today)` },
        { name: 'whole "today" dashboard answer (takings, stores, terminals, unresolved)', value: dashboardMs, unit: 'ms', baseline, target: '≤ 100 ms' },
        { name: 'recomputation from raw events (last status per payment)', value: recompute.ms, unit: 'ms', baseline, note: 'the audit the summary is checked against' },
        { name: `fixture: load ${Number(n).toLocaleString('en')} events by generate_series`, value: loadEventsMs / 1000, unit: 's', note: `then open attempts + summary + ANALYZE in ${(deriveMs / 1000).toFixed(1)} s` },
      ];
    } finally {
      await db.close();
      pg.stop();
    }
  },
};

export default suite;

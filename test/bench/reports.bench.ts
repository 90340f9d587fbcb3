/**
 * End-of-day figures (issue #7):
 *  - X report over a journal of 1,000,000 payment attempts in one business day, against the plain SQL
 *    GROUP BY over the same rows in the same run (target ≤ 50 ms);
 *  - import + reconciliation of a 100,000-row transaction-items file (target ≤ 2 s).
 * The journal is a real file built through the real schema (triggers included), in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { openJournal, type Db } from '../../electron/journal/openJournal';
import { GENESIS_HASH, eventHash, appendPaymentEvent } from '../../electron/journal/hashChain';
import { createDayBook } from '../../electron/reports/dayBook';
import { checkChainFull } from '../../electron/reports/chainCheck';
import { attemptTotalsPlain } from '../../electron/reports/attemptTotals';
import { foldLines } from '../../electron/reports/buildDayReport';
import { importSettlementFile } from '../../electron/reports/settlement/importSettlement';
import { reconcileDay } from '../../electron/reports/settlement/reconcile';
import { transactionItemsCsv } from '../fixtures/settlement/makeTransactionItems';
import type { Clock } from '../../shared/domain/clock';
import type { ReportLine } from '../../shared/domain/report';
import type { BenchRow, BenchSuite } from './benchTypes';
import { median } from './benchTypes';

const ATTEMPTS = 1_000_000;
const RECON_ROWS = 100_000;
// 2030-01-01 in Shanghai, cut-off 04:00: the day is [2029-12-31T20:00Z, 2030-01-01T20:00Z).
const DAY_START = Date.UTC(2029, 11, 31, 20, 0, 0);
const SETTINGS = { cutoff: '04:00', timeZone: 'Asia/Shanghai' };
const STATUSES = ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'reversed', 'succeeded'];

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fixedClock = (t: number): Clock => ({ now: () => t, setTimeout: (fn, d) => setTimeout(fn, d), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) });

/** 1M attempts over one day (one sale each), one chain event each, inserted through the real triggers. */
function buildJournal(db: Db): { buildMs: number } {
  const t0 = process.hrtime.bigint();
  db.pragma('synchronous = OFF'); // building the fixture only; the report reads are what is measured
  const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, cashier_id) VALUES (?, ?, ?, 'paid', ?, ?, ?)");
  const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, expires_at, created_at, updated_at, state_json) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '{}')");
  const ev = db.prepare('INSERT INTO payment_events (seq, payment_request_id, at, type, status, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const scenarios = ['PaymentCode', 'PaymentCode', 'PaymentCode', 'OrderCode', 'EntryCode'];
  const cashiers = ['alice', 'bob', 'carol'];
  let prev = GENESIS_HASH;
  const step = Math.floor(86_400_000 / ATTEMPTS);
  const batch = 100_000;
  for (let b = 0; b < ATTEMPTS; b += batch) {
    db.transaction(() => {
      for (let i = b; i < b + batch; i++) {
        const at = DAY_START + i * step;
        const minor = 100 + ((i * 7919) % 50_000);
        const currency = i % 10 === 3 ? 'USD' : 'CNY';
        const status = STATUSES[i % STATUSES.length]!;
        sale.run(`S${i}`, at, at, minor, currency, cashiers[i % 3]);
        att.run(`P${i}`, `S${i}`, scenarios[i % 5], status, minor, currency, `A${i}`, at, at);
        const row = { payment_request_id: `P${i}`, at, type: 'status', status, data_json: '{}' };
        const hash = eventHash(prev, i + 1, row);
        ev.run(i + 1, row.payment_request_id, at, row.type, row.status, row.data_json, prev, hash);
        prev = hash;
      }
    })();
  }
  db.prepare('INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?)').run(ATTEMPTS, prev);
  db.pragma('synchronous = FULL');
  return { buildMs: ms(t0) };
}

function xReportBench(dir: string): BenchRow[] {
  const db = openJournal(path.join(dir, 'x.sqlite'));
  const { buildMs } = buildJournal(db);
  const now = DAY_START + 86_400_000 - 60_000;
  const book = createDayBook(db, () => SETTINGS, fixedClock(now), () => ({ terminalId: 'T01', storeName: 'Bench' }));

  // The Z of the day before would have walked the chain and left a checkpoint; then 100 new events.
  const tChain = process.hrtime.bigint();
  const full = checkChainFull(db, now);
  const chainMs = ms(tChain);
  if (full.status !== 'ok') throw new Error('bench chain broken');
  db.transaction(() => {
    for (let i = 0; i < 100; i++) appendPaymentEvent(db, { paymentRequestId: `P${i}`, at: now, type: 'note', status: 'succeeded', data: { i } });
  })();

  const runs = 21;
  const xTimes: number[] = [];
  const plainTimes: number[] = [];
  let x = book.xReport('2030-01-01');
  for (let i = 0; i < runs; i++) {
    let t = process.hrtime.bigint();
    x = book.xReport('2030-01-01');
    xTimes.push(ms(t));
    t = process.hrtime.bigint();
    // The same figures straight from the rows: GROUP BY over the day's attempts joined to their sales.
    const plainLines = foldLines(attemptTotalsPlain(db, x.day.start, x.day.end), []);
    plainTimes.push(ms(t));
    if (i === 0) {
      const sales = (ls: readonly ReportLine[]): number => ls.reduce((s, l) => s + l.sales.count, 0);
      if (sales(plainLines) !== sales(x.lines) || x.totals.reduce((s, t) => s + t.sales.count, 0) !== 800_000) throw new Error('X report and plain aggregate disagree');
    }
  }
  if (x.chain.status !== 'ok' || x.chain.scope !== 'sinceCheckpoint') throw new Error(`chain: ${JSON.stringify(x.chain)}`);
  // A cut-off off the hour (04:30): the edges come from minute buckets and raw rows.
  const offHour = createDayBook(db, () => ({ ...SETTINGS, cutoff: '04:30' }), fixedClock(now), () => ({ terminalId: 'T01', storeName: 'Bench' }));
  const offTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    offHour.xReport('2030-01-01');
    offTimes.push(ms(t));
  }
  const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT * FROM attempt_totals WHERE grain = 'h' AND bucket >= 1 AND bucket < 2").all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
  db.close();
  const xMed = median(xTimes);
  const plainMed = median(plainTimes);
  return [
    { name: `X report, ${ATTEMPTS.toLocaleString('en')} attempts in the day (median of ${runs})`, value: xMed, unit: 'ms', baseline: { name: 'plain SQL GROUP BY, same rows', value: plainMed }, target: '≤ 50 ms', note: `incl. chain check of 100 events since checkpoint; buckets: ${plan}` },
    { name: 'X report, cut-off 04:30 (minute-bucket edges)', value: median(offTimes), unit: 'ms', baseline: { name: 'plain SQL GROUP BY, same rows', value: plainMed }, target: '≤ 50 ms' },
    { name: 'plain SQL GROUP BY over the same rows (median)', value: plainMed, unit: 'ms', note: `${(plainMed / xMed).toFixed(0)}× the X report's time` },
    { name: `full chain walk, ${ATTEMPTS.toLocaleString('en')} events (Z only)`, value: chainMs, unit: 'ms', note: `fixture build ${(buildMs / 1000).toFixed(1)} s` },
  ];
}

async function reconcileBench(dir: string): Promise<BenchRow[]> {
  const db = openJournal(path.join(dir, 'r.sqlite'));
  const day = Date.UTC(2029, 11, 31, 16, 0, 0); // 2030-01-01 00:00 Beijing
  const step = Math.floor((86_400_000 - 60 * 60_000) / RECON_ROWS);
  db.pragma('synchronous = OFF');
  const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'paid', ?, 'CNY')");
  const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, expires_at, created_at, updated_at, state_json) VALUES (?, ?, 'PaymentCode', 'succeeded', ?, 'CNY', ?, 0, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < RECON_ROWS; i++) {
      const at = day + 30 * 60_000 + i * step;
      const minor = 100 + (i % 9_000);
      sale.run(`S${i}`, at, at, minor);
      // 0.1 % of our amounts differ, so the run reports real mismatches, not only matches.
      att.run(`P${i}`, `S${i}`, i % 1000 === 7 ? minor + 1 : minor, `A${i}`, at, at + 1500, JSON.stringify({ paidAt: at + 1500 }));
    }
  })();
  db.pragma('synchronous = FULL');
  const items = Array.from({ length: RECON_ROWS }, (_, i) => ({ requestId: `P${i}`, transactionId: `A${i}`, minor: 100 + (i % 9_000), at: day + 30 * 60_000 + i * step + 1500 }));
  const file = path.join(dir, 'transactionItems_20300101_000.csv');
  fs.writeFileSync(file, transactionItemsCsv('BENCH_CLIENT', items));
  const size = fs.statSync(file).size;

  const t0 = process.hrtime.bigint();
  await importSettlementFile(db, file, { date: '2030-01-01', expect: { customerId: 'BENCH_CLIENT', referenceMerchantId: 'M0001', dayOffsetMinutes: 480 }, now: () => Date.now() });
  const importMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const r = reconcileDay(db, '2030-01-01', { now: Date.now(), dayOffsetMinutes: 480, includeMatched: false });
  const matchMs = ms(t1);
  const total = ms(t0);
  if (r.counts.matched + r.counts.mismatch !== RECON_ROWS || r.counts.mismatch !== 100) throw new Error(`reconcile counts ${JSON.stringify(r.counts)}`);
  const digest = createHash('sha256').update(JSON.stringify(r.counts)).digest('hex').slice(0, 8);
  db.close();
  return [
    {
      name: `import + reconcile ${RECON_ROWS.toLocaleString('en')}-row transaction-items file`,
      value: total / 1000,
      unit: 's',
      target: '≤ 2 s',
      note: `${(size / 1e6).toFixed(1)} MB; import ${importMs.toFixed(0)} ms, match ${matchMs.toFixed(0)} ms; ${r.counts.matched} matched, ${r.counts.mismatch} mismatched (${digest})`,
    },
  ];
}

const suite: BenchSuite = {
  name: 'reports',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-reports-'));
    try {
      return [...xReportBench(dir), ...(await reconcileBench(dir))];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

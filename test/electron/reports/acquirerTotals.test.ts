/**
 * The report's per-acquirer breakdown (issue 15): the acquirer_totals buckets stay exact under
 * inserts, status changes and deletes (checked against a plain GROUP BY over the attempts), the fold
 * follows the report lines' rules, old journals are back-filled, and the printed report, CSV and
 * first/last refs name the acquirer with its ids.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../electron/journal/openJournal';
import { MIGRATIONS } from '../../../electron/journal/migrations';
import { acquirerBreakdown, acquirerStatusTotals, foldAcquirerTotals, withAcquirerIds } from '../../../electron/reports/acquirerTotals';
import { acquirerLines, refIdLines } from '../../../electron/reports/output/reportPrintout';
import { REPORT_LABELS } from '../../../electron/reports/output/reportLabels';
import { reportCsv } from '../../../electron/reports/output/reportCsv';
import { buildDayReport } from '../../../electron/reports/buildDayReport';
import { tempDir } from '../../helpers/tempDir';

const STATUSES = ['created', 'succeeded', 'failed', 'cancelled', 'reversed', 'unknown'];
const ACQ = ['ams', 'alipay-cn'] as const;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function fill(db: Db, rand: () => number, n: number, t0: number, span: number, withAcquirer = true): void {
  const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'paid', ?, ?)");
  const att = withAcquirer
    ? db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json, payment_id, acquirer) VALUES (?, ?, 'PaymentCode', ?, ?, ?, 0, ?, ?, '{}', ?, ?)")
    : db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json, payment_id) VALUES (?, ?, 'PaymentCode', ?, ?, ?, 0, ?, ?, '{}', ?)");
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = t0 + Math.floor(rand() * span);
      const minor = 1 + Math.floor(rand() * 10_000);
      const cur = rand() < 0.8 ? 'CNY' : 'USD';
      const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
      sale.run(`S${i}`, at, at, minor, cur);
      const args: unknown[] = [`P${i}`, `S${i}`, status, minor, cur, at, at, `T${i}`];
      if (withAcquirer) args.push(ACQ[i % 2]);
      att.run(...args);
    }
  })();
}

/** The oracle: the same figures straight from the attempts. */
function plain(db: Db, start: number, end: number): Record<string, [number, number]> {
  const m: Record<string, [number, number]> = {};
  for (const r of db.prepare('SELECT acquirer, currency, status, count(*) AS n, sum(amount_minor) AS minor FROM payment_attempts WHERE created_at >= ? AND created_at < ? GROUP BY 1, 2, 3').all(start, end) as Array<{ acquirer: string; currency: string; status: string; n: number; minor: number }>) {
    m[`${r.acquirer}|${r.currency}|${r.status}`] = [r.n, r.minor];
  }
  return m;
}

function canon(rows: ReturnType<typeof acquirerStatusTotals>): Record<string, [number, number]> {
  const m: Record<string, [number, number]> = {};
  for (const r of rows) {
    const k = `${r.acquirer}|${r.currency}|${r.status}`;
    const v = m[k] ?? [0, 0];
    m[k] = [v[0] + r.n, v[1] + r.minor];
  }
  for (const [k, v] of Object.entries(m)) if (v[0] === 0) delete m[k];
  return m;
}

describe('per-acquirer report totals', () => {
  const t0 = Date.UTC(2030, 0, 1);
  const span = 2 * 86_400_000;
  const start = t0 + 7 * 3_600_000 + 13 * 60_000 + 4_321; // not on a minute: raw edges, minutes and hours
  const end = start + 86_400_000 - 1_000;

  it('buckets stay exact through inserts, status and acquirer changes and deletes', () => {
    const db = openJournal(path.join(tempDir(), 'acq.sqlite'));
    const rand = rng(15);
    fill(db, rand, 3_000, t0, span);
    expect(canon(acquirerStatusTotals(db, start, end))).toEqual(plain(db, start, end));
    db.prepare("UPDATE payment_attempts SET status = 'succeeded' WHERE status = 'unknown' AND rowid % 3 = 0").run();
    db.prepare("UPDATE payment_attempts SET acquirer = 'alipay-cn', amount_minor = amount_minor + 7 WHERE acquirer = 'ams' AND rowid % 5 = 0").run();
    db.prepare("UPDATE payment_attempts SET created_at = created_at + 3600000 WHERE rowid % 11 = 0").run();
    db.prepare('DELETE FROM payment_attempts WHERE rowid % 13 = 0').run();
    const got = canon(acquirerStatusTotals(db, start, end));
    expect(got).toEqual(plain(db, start, end));
    expect(Object.keys(got).some((k) => k.startsWith('alipay-cn|'))).toBe(true);
    expect(Object.keys(got).some((k) => k.startsWith('ams|'))).toBe(true);
    db.close();
  });

  it('is back-filled for attempts written before the migration', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = openJournal(file, { migrations: MIGRATIONS.filter((m) => m.version < 160) });
    fill(old, rng(3), 800, t0, span);
    old.close();
    const db = openJournal(file);
    expect(canon(acquirerStatusTotals(db, start, end))).toEqual(plain(db, start, end));
    db.close();
  });

  it('folds like the report lines: reversed is a sale and a cancel, failed declined, refunds by the refunded attempt, unresolved not money', () => {
    const rows = [
      { acquirer: 'alipay-cn', currency: 'CNY', status: 'succeeded', n: 3, minor: 3000 },
      { acquirer: 'alipay-cn', currency: 'CNY', status: 'reversed', n: 1, minor: 500 },
      { acquirer: 'alipay-cn', currency: 'CNY', status: 'cancelled', n: 2, minor: 900 },
      { acquirer: 'alipay-cn', currency: 'CNY', status: 'failed', n: 4, minor: 100 },
      { acquirer: 'alipay-cn', currency: 'CNY', status: 'unknown', n: 1, minor: 77 },
      { acquirer: 'ams', currency: 'CNY', status: 'succeeded', n: 1, minor: 1000 },
    ];
    const out = foldAcquirerTotals(rows, [{ acquirer: 'alipay-cn', currency: 'CNY', n: 1, minor: 250 }]);
    expect(out.map((a) => a.acquirer)).toEqual(['ams', 'alipay-cn']);
    expect(out[1]).toEqual({ acquirer: 'alipay-cn', currency: 'CNY', sales: { count: 4, minor: 3500 }, cancels: { count: 3, minor: 500 }, refunds: { count: 1, minor: 250 }, declined: 4, net: 2750 });
    expect(out[0]!.net).toBe(1000);
  });

  it('the day report carries the breakdown and names the first/last payment with its acquirer ids, on paper and in CSV', () => {
    const db = openJournal(path.join(tempDir(), 'day.sqlite'));
    const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'paid', ?, 'CNY')");
    const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json, payment_id, acquirer) VALUES (?, ?, 'PaymentCode', 'succeeded', ?, 'CNY', 0, ?, ?, '{}', ?, ?)");
    sale.run('S1', t0 + 1000, t0 + 1000, 1200);
    att.run('P1', 'S1', 1200, t0 + 1000, t0 + 1000, '2026120222001400001', 'alipay-cn');
    sale.run('S2', t0 + 5000, t0 + 5000, 800);
    att.run('P2', 'S2', 800, t0 + 5000, t0 + 5000, '20301010100000001', 'ams');
    db.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES ('R1', 'P1', 'S1', 200, 'CNY', 'succeeded', 'x', ?, ?)").run(t0 + 9000, t0 + 9000);
    const day = { date: '2030-01-01', start: t0, end: t0 + 86_400_000, cutoff: '00:00', timeZone: 'UTC', state: 'open' as const };
    const body = buildDayReport(db, day as never, { terminalId: 'T1', storeName: 'S', now: t0 + 10_000, chain: { status: 'ok', scope: 'full', events: 0, checkpointSeq: null } });
    expect(body.byAcquirer).toEqual(acquirerBreakdown(db, t0, t0 + 86_400_000));
    expect(body.byAcquirer!.map((a) => [a.acquirer, a.sales.count, a.refunds.minor, a.net])).toEqual([['ams', 1, 0, 800], ['alipay-cn', 1, 200, 1000]]);
    expect(body.first).toMatchObject({ paymentRequestId: 'P1', acquirer: 'alipay-cn', paymentId: '2026120222001400001' });
    expect(withAcquirerIds(db, body.last)).toMatchObject({ paymentRequestId: 'P2', acquirer: 'ams' });

    const zh = REPORT_LABELS['zh-CN'];
    expect(refIdLines(body.first!, zh)).toEqual(['  支付宝当面付', '  支付宝交易号 trade_no 2026120222001400001', '  商户订单号 out_trade_no P1']);
    expect(refIdLines(body.last!, REPORT_LABELS.en)).toEqual(['  Alipay AMS', '  paymentId 20301010100000001', '  paymentRequestId P2']);
    expect(refIdLines({ paymentRequestId: 'OLD', at: 0, status: 'succeeded', minor: 1, currency: 'CNY' }, zh)).toEqual(['  OLD']);
    const printed = acquirerLines(body.byAcquirer!, zh, 32, '-'.repeat(32));
    expect(printed[1]).toBe('按收单机构');
    expect(printed.some((l) => l.startsWith('支付宝当面付 · CNY'))).toBe(true);
    expect(printed.some((l) => l.startsWith('支付宝 AMS · CNY'))).toBe(true);

    const csv = reportCsv({ kind: 'X', ...body }).split('\r\n');
    expect(csv).toContain('alipay-cn,CNY,1,12.00,0,0.00,1,2.00,0,10.00');
    expect(csv).toContain('ams,CNY,1,8.00,0,0.00,0,0.00,0,8.00');
    expect(csv.find((l) => l.startsWith('first,'))).toMatch(/^first,alipay-cn,2026120222001400001,P1,12\.00,CNY,/);
    db.close();
  });
});

describe('reconciliation CSV names each acquirer’s ids', () => {
  it('当面付: out_trade_no / trade_no columns; AMS keeps its names', async () => {
    const { reconciliationCsv } = await import('../../../electron/reports/output/reportCsv');
    const rec = { date: '2030-01-01', generatedAt: 0, imports: [], counts: { matched: 0, mismatch: 0, missingOurs: 0, missingAlipay: 0 }, totals: [], items: [], settlementChecks: [] };
    expect(reconciliationCsv({ ...rec, acquirer: 'alipay-cn' }, 'Asia/Shanghai', 'en').split('\r\n')[0]).toBe('\uFEFFstatus,type,out_trade_no,our_trade_no,our_amount,our_currency,our_status,alipay_trade_no,alipay_amount,alipay_currency,alipay_time,differences,action,what_to_do');
    expect(reconciliationCsv(rec, 'Asia/Shanghai', 'en').split('\r\n')[0]).toMatch(/^\uFEFFstatus,type,transaction_request_id,our_transaction_id,/);
  });
});

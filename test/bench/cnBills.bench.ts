/**
 * 当面付 end of day: import + reconcile of a 100,000-row trade bill (zip of GBK CSV detail + summary,
 * unzipped, decoded, parsed, checked, written into the settlement tables, reconciled against a real
 * journal of 100,000 paid attempts). Target ≤ 2 s. The zip is built before the clock starts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openJournal } from '../../electron/journal/openJournal';
import { importCnBillZip } from '../../electron/payments/cn/cnBillFetch';
import { reconcileDay } from '../../electron/reports/settlement/reconcile';
import { billZip, type BillLine } from '../../electron/simulator/cn/cnBills';
import type { BenchRow, BenchSuite } from './benchTypes';

const ROWS = 100_000;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

async function run(dir: string): Promise<BenchRow[]> {
  const db = openJournal(path.join(dir, 'cn.sqlite'));
  const day = Date.UTC(2029, 11, 31, 16, 0, 0); // 2030-01-01 00:00 Beijing
  const step = Math.floor((86_400_000 - 60 * 60_000) / ROWS);
  const tradeNo = (i: number): string => `2030010122${String(i).padStart(12, '0')}`;
  db.pragma('synchronous = OFF');
  const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency) VALUES (?, ?, ?, 'paid', ?, 'CNY')");
  const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, expires_at, created_at, updated_at, state_json, acquirer) VALUES (?, ?, 'PaymentCode', 'succeeded', ?, 'CNY', ?, 0, ?, ?, ?, 'alipay-cn')");
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const at = day + 30 * 60_000 + i * step;
      const minor = 100 + (i % 9_000);
      sale.run(`S${i}`, at, at, minor);
      // 0.1 % of our amounts differ, so the run reports real mismatches, not only matches.
      att.run(`P${i}`, `S${i}`, i % 1000 === 7 ? minor + 1 : minor, tradeNo(i), at, at + 1500, JSON.stringify({ paidAt: at + 1500 }));
    }
  })();
  db.pragma('synchronous = FULL');
  const lines: BillLine[] = Array.from({ length: ROWS }, (_, i) => ({
    tradeNo: tradeNo(i), outTradeNo: `P${i}`, kind: '交易', subject: '商品', createdAt: day + 30 * 60_000 + i * step, finishedAt: day + 30 * 60_000 + i * step + 1500,
    storeId: 'S0001', operatorId: 'alice', terminalId: 'T01', buyer: '138****0000', fen: 100 + (i % 9_000), outRequestNo: '',
  }));
  const zip = billZip(lines, '2088000000000001', '2030-01-01', day + 86_400_000 + 3_600_000);

  const t0 = process.hrtime.bigint();
  const imp = importCnBillZip(db, zip, { date: '2030-01-01', sellerId: '2088000000000001', now: Date.now(), fileName: 'bench.csv.zip' });
  const importMs = ms(t0);
  const t1 = process.hrtime.bigint();
  const r = reconcileDay(db, '2030-01-01', { now: Date.now(), dayOffsetMinutes: 480, includeMatched: false });
  const matchMs = ms(t1);
  const total = ms(t0);
  if (imp.rows !== ROWS || r.counts.matched + r.counts.mismatch !== ROWS || r.counts.mismatch !== 100) throw new Error(`reconcile counts ${JSON.stringify(r.counts)}`);
  // Baseline in the same run: the bare INSERT of the same number of rows into the same table.
  const base = openJournal(path.join(dir, 'base.sqlite'));
  const imp0 = Number(base.prepare("INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES ('transactionItems', 'b', 'b', '2030-01-01', 'a', 0, 0)").run().lastInsertRowid);
  const ins = base.prepare(`INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, transaction_request_id, transaction_type, payment_time, amount_minor, currency)
    VALUES (?, 'transactionItems', ?, '2030-01-01', ?, ?, 'PAYMENT', ?, ?, 'CNY')`);
  const t2 = process.hrtime.bigint();
  base.transaction(() => {
    for (let i = 0; i < ROWS; i++) ins.run(imp0, i, tradeNo(i), `P${i}`, day + i, 100);
  }).immediate();
  const baseMs = ms(t2);
  base.close();
  db.close();
  return [{
    name: `当面付 bill import + reconcile, ${ROWS.toLocaleString('en')} rows`,
    value: total / 1000, unit: 's', target: '≤ 2 s', baseline: { name: `bare INSERT of ${ROWS.toLocaleString('en')} rows`, value: baseMs / 1000 },
    note: `zip ${(zip.length / 1e6).toFixed(1)} MB; unzip+parse+import ${importMs.toFixed(0)} ms, match ${matchMs.toFixed(0)} ms; ${r.counts.matched} matched, ${r.counts.mismatch} mismatched`,
  }];
}

const suite: BenchSuite = {
  name: '当面付 bills',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-cnbill-'));
    try {
      return await run(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

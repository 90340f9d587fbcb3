/**
 * Shift and cash figures (issue 14):
 *  (a) a cash sale, first key to receipt printed: on a whole DEMO station in this process (virtual
 *      printer on a pty), from the cashier's sale:create through sale:tenderCash until the print
 *      queue reports the receipt printed; baseline: the same station's plain sale:create round trip.
 *      (The renderer's paint is not in it: see ui.bench for keypress → paint.)
 *  (b) the 交班单 over a shift of 5,000 sales (Alipay, cash and splits, with refunds and movements)
 *      in a real journal file through the real schema; baseline: a plain SQL scan of the same rows
 *      (every attempt and cash row of the window summed without the indexes' help), same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMemoryLogger } from '../../electron/log/createLogger';
import { createStation } from '../../electron/station/createStation';
import { openJournal } from '../../electron/journal/openJournal';
import { createShiftRepo } from '../../electron/journal/repos/shiftRepo';
import { buildShiftReport, type ShiftSnapshot } from '../../shared/domain/shift';
import { DEMO_ACCOUNTS } from '../../electron/accounts/accountsService';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { median, type BenchRow, type BenchSuite } from './benchTypes';

const RUNS = 25;
const SALES = 5_000;
const REPORT_RUNS = 30;

async function cashSaleBench(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-shifts-'));
  const station = createStation({ dataDir: dir, host: 'browser', log: createMemoryLogger([], 'warn'), env: {} });
  await station.start();
  const cashier = DEMO_ACCOUNTS.find((a) => a.role === 'cashier')!;
  await station.ctx.accounts!.signIn({ shortId: cashier.shortId, pin: cashier.pin });
  const dispatch = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as T;
  };
  const devices = station.ctx.devices!;
  const printedJob = (saleId: string): Promise<number> =>
    new Promise((resolve) => {
      const check = (): boolean => devices.status().queue.recent.some((j) => j.reference === saleId && j.status === 'printed');
      if (check()) return resolve(performance.now());
      const off = devices.subscribe(() => {
        if (check()) {
          off();
          resolve(performance.now());
        }
      });
    });
  const plain: number[] = [];
  const cash: number[] = [];
  try {
    await dispatch('shift:open', { float: { totalMinor: 50_000 } });
    for (let i = 0; i < RUNS; i++) {
      const b0 = performance.now();
      const s = await dispatch<SaleSnapshot>('sale:create', { amountMinor: 100 + i });
      plain.push(performance.now() - b0);
      await dispatch('sale:void', { saleId: s.saleId });

      const t0 = performance.now();
      const sale = await dispatch<SaleSnapshot>('sale:create', { amountMinor: 1_234 + i });
      const printed = printedJob(sale.saleId);
      await dispatch('sale:tenderCash', { saleId: sale.saleId, tenderedMinor: 5_000 });
      cash.push((await printed) - t0);
    }
  } finally {
    await station.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = median(plain);
  return [
    { name: 'cash sale: sale:create → tenderCash → receipt printed (median)', value: median(cash), unit: 'ms', baseline: { name: 'plain sale:create round trip', value: base }, note: `${RUNS} runs, DEMO virtual printer on a pty` },
  ];
}

function shiftReportBench(): BenchRow[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-shiftreport-'));
  const db = openJournal(path.join(dir, 'journal.sqlite'));
  try {
    const start = Date.UTC(2030, 0, 1, 1, 0, 0);
    const step = Math.floor((10 * 3_600_000) / SALES);
    db.pragma('synchronous = OFF'); // the fixture only; the report reads are what is measured
    db.prepare("INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor) VALUES ('SH1', 'T01', 'a1', 'open', 'CNY', ?, 50000)").run(start);
    const sale = db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, cashier_id) VALUES (?, ?, ?, 'paid', ?, 'CNY', 'a1')");
    const att = db.prepare("INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, expires_at, created_at, updated_at, state_json) VALUES (?, ?, ?, ?, ?, 'CNY', 0, ?, ?, ?)");
    const tender = db.prepare("INSERT INTO sale_tenders (id, sale_id, shift_id, kind, applied_minor, tendered_minor, change_minor, currency, created_at, actor) VALUES (?, ?, 'SH1', 'cash', ?, ?, ?, 'CNY', ?, 'a1')");
    const move = db.prepare("INSERT INTO cash_movements (shift_id, at, kind, amount_minor, currency, reason, actor, sale_id) VALUES ('SH1', ?, ?, ?, 'CNY', ?, 'a1', ?)");
    const refund = db.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES (?, ?, ?, ?, 'CNY', 'succeeded', 'a1', ?, ?)");
    move.run(start, 'float', 50_000, null, null);
    const scenarios = ['PaymentCode', 'PaymentCode', 'OrderCode', 'EntryCode'];
    db.transaction(() => {
      for (let i = 0; i < SALES; i++) {
        const at = start + i * step;
        const minor = 100 + ((i * 7919) % 20_000);
        sale.run(`S${i}`, at, at, minor);
        const kind = i % 10; // 0–5 Alipay, 6–8 cash, 9 split
        if (kind <= 5 || kind === 9) {
          const part = kind === 9 ? minor - 50 : minor;
          const voided = i % 50 === 0;
          att.run(`P${i}`, `S${i}`, scenarios[i % 4], voided ? 'cancelled' : i % 23 === 0 ? 'failed' : 'succeeded', part, at, at, voided ? '{"reason":"void"}' : '{}');
          if (i % 40 === 1) refund.run(`R${i}`, `P${i}`, `S${i}`, Math.min(100, part), at + 1, at + 1);
        }
        if (kind >= 6) {
          const cashPart = kind === 9 ? 50 : minor;
          tender.run(`T${i}`, `S${i}`, cashPart, cashPart + 1_000, 1_000, at);
          move.run(at, 'cashSale', cashPart, null, `S${i}`);
        }
        if (i % 500 === 0) move.run(at, i % 1000 === 0 ? 'paidIn' : 'paidOut', 1_000, 'bench', null);
      }
    })();
    db.pragma('synchronous = FULL');
    const end = start + SALES * step + 1;
    const repo = createShiftRepo(db);
    const shift: ShiftSnapshot = {
      shiftId: 'SH1', terminalId: 'T01', cashierId: 'a1', cashierName: 'a1', status: 'open', currency: 'CNY', openedAt: start, floatMinor: 50_000,
      closedAt: null, expectedMinor: null, countedMinor: null, varianceMinor: null, approvedBy: null, handedFrom: null, drawerMinor: 0,
    };
    // The plain scan: every row of the window read and summed in one pass, no grouping help.
    const plainSql = db.prepare(`SELECT
        (SELECT sum(amount_minor) FROM payment_attempts NOT INDEXED WHERE created_at >= ? AND created_at < ? AND status = 'succeeded') AS alipay,
        (SELECT sum(amount_minor) FROM cash_movements NOT INDEXED WHERE shift_id = 'SH1') AS cash,
        (SELECT sum(amount_minor) FROM refunds NOT INDEXED WHERE created_at >= ? AND created_at < ?) AS refunds`);
    const reportTimes: number[] = [];
    const plainTimes: number[] = [];
    let net = 0;
    for (let r = 0; r < REPORT_RUNS; r++) {
      const p0 = performance.now();
      plainSql.get(start, end, start, end);
      plainTimes.push(performance.now() - p0);
      const t0 = performance.now();
      const report = buildShiftReport(shift, repo.reportRows('SH1', start, end), end);
      reportTimes.push(performance.now() - t0);
      net = report.net;
    }
    const plain = median(plainTimes);
    return [
      { name: `shift report (交班单), ${SALES.toLocaleString('en')} sales in the shift (median of ${REPORT_RUNS})`, value: median(reportTimes), unit: 'ms', baseline: { name: 'plain SQL scan of the same rows', value: plain }, target: '≤ 50 ms', note: `net ${net} fen` },
    ];
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: 'shifts',
  async run(): Promise<BenchRow[]> {
    return [...shiftReportBench(), ...(await cashSaleBench())];
  },
};

export default suite;

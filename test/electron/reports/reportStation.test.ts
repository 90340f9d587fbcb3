/**
 * End of day through the station's contract, over sales made by the real payment engine against the
 * in-process simulator (DEMO): X report, print, CSV/PDF export, Z, then Alipay's files for the day
 * (written by the simulator from its own records) imported from the drop folder and reconciled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Station } from '../../../electron/station/createStation';
import { bootDemoStation, until, type Call, type DemoStation, DEMO_APPROVAL } from '../../helpers/demoStation';
import { openSimStore } from '../../../electron/simulator/simStore';
import { settlementFiles, transactionItemsFile } from '../../../electron/simulator/settlementFiles';
import { businessDayOf } from '../../../electron/simulator/businessDay';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { DayReport, ImportProgress, ImportResult, Reconciliation } from '../../../shared/domain/report';
import { COMMAND_NAMES, EVENT_NAMES } from '../../../shared/ipc/channels';
import { contract } from '../../../shared/ipc/contract';
import { tempDir } from '../../helpers/tempDir';

let current: DemoStation | null = null;

async function boot(dataDir: string): Promise<{ station: Station; call: Call; progress: ImportProgress[] }> {
  current = await bootDemoStation({ dataDir });
  return { station: current.station, call: current.call, progress: current.eventsOf('report:importProgress') };
}

async function stop(): Promise<void> {
  await current?.stop();
  current = null;
}

describe('end of day through the station (DEMO, real payment engine)', () => {
  it('lists the report commands and event in the contract', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect(EVENT_NAMES).toContain('report:importProgress');
  });

  it('X, print, exports, Z; then Alipay’s files for the day imported and reconciled', async () => {
    const dataDir = tempDir();
    const { call } = await boot(dataDir);
    const paid: string[] = [];
    for (const [minor, code] of [[1_250, '281234567890123456'], [3_000, '281234567890123457']] as const) {
      await call<SaleSnapshot>('sale:create', { amountMinor: minor });
      const a = await call<AttemptSnapshot>('payment:scan', { code });
      await until(async () => (await call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
      paid.push(a.paymentRequestId);
    }
    await call('refund:create', { paymentRequestId: paid[0], amountMinor: 250, approval: DEMO_APPROVAL, reason: 'one item' });

    // The refund goes out through the offline queue: it counts once Alipay has confirmed it.
    await until(async () => (await call<DayReport>('report:get', { ref: { kind: 'X' } })).queue.pendingRefunds === 0);
    const x = await call<DayReport>('report:get', { ref: { kind: 'X' } });
    expect(x.totals).toEqual([{ currency: 'CNY', sales: { count: 2, minor: 4_250 }, cancels: { count: 0, minor: 0 }, refunds: { count: 1, minor: 250 }, declined: 0, net: 4_000 }]);
    expect(x.unresolved).toEqual([]);
    expect(x.chain.status).toBe('ok');
    const date = x.day.date;

    const job = await call<{ jobId: number }>('report:print', { ref: { kind: 'X' }, locale: 'zh-CN' });
    expect(job.jobId).toBeGreaterThan(0);
    const csv = await call<{ file: string }>('report:export', { what: 'report', ref: { kind: 'X', date }, format: 'csv', locale: 'en' });
    expect(fs.readFileSync(csv.file, 'utf8')).toContain('TOTAL,CNY,,2,42.50,0,0.00,1,2.50,0,40.00');
    const pdf = await call<{ file: string; bytes: number }>('report:export', { what: 'report', ref: { kind: 'X', date }, format: 'pdf', locale: 'zh-CN' });
    expect(fs.readFileSync(pdf.file).subarray(0, 5).toString()).toBe('%PDF-');

    const z = await call<DayReport>('report:closeDay', { date, confirm: true });
    expect(z).toMatchObject({ kind: 'Z', number: 1, totals: x.totals });
    await expect(call('report:closeDay', { date, confirm: true })).rejects.toMatchObject({ code: 'DAY_CLOSED' });
    expect(await call('report:listClosed', {})).toEqual([{ number: 1, date, closedAt: (z as Extract<DayReport, { kind: 'Z' }>).closedAt }]);
    await expect(call('report:importSettlement', { date, jobId: 'j1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Alipay delivers the day's files (the simulator writes them from its own records) into the drop folder.
    await stop();
    const sim = openSimStore(path.join(dataDir, 'simulator.sqlite'));
    const day = businessDayOf(Date.now());
    expect(day).toBe(date.replace(/-/g, ''));
    for (const f of [transactionItemsFile(sim, 'SIM_CLIENT_0001', day), ...settlementFiles(sim, 'SIM_CLIENT_0001', day)]) {
      const target = path.join(dataDir, 'settlement', f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.csv);
    }
    const again = await boot(dataDir);
    const imported = await again.call<ImportResult>('report:importSettlement', { date, jobId: 'j2' });
    expect(imported.files.map((f) => f.status)).toEqual(['imported', 'imported', 'imported']);
    expect(again.progress.at(-1)).toMatchObject({ jobId: 'j2', phase: 'done', filesDone: 3, filesTotal: 3 });
    const rec = await again.call<Reconciliation>('report:reconcile', { date });
    expect(rec.counts).toEqual({ matched: 3, mismatch: 0, missingOurs: 0, missingAlipay: 0 });
    expect(rec.totals).toEqual([{ currency: 'CNY', oursMinor: 4_000, alipayMinor: 4_000 }]);
    expect(rec.settlementChecks.every((c) => c.ok)).toBe(true);
    const second = await again.call<ImportResult>('report:importSettlement', { date, jobId: 'j3' });
    expect(second.files.every((f) => f.status === 'alreadyImported')).toBe(true);
    expect(await again.call('report:cancelImport', { jobId: 'nope' })).toEqual({ cancelled: false });
    const recCsv = await again.call<{ file: string }>('report:export', { what: 'reconciliation', date, locale: 'zh-CN' });
    expect(fs.readFileSync(recCsv.file, 'utf8')).toMatch(/^\uFEFFstatus,type,transaction_request_id/);
  });
});

/**
 * Alipay's real settlement file names and summary columns (issue 11 item 8, AMS.md §8/§10), and a
 * drop folder whose sync left something the import cannot use: reported, never skipped silently.
 * Files come from the simulator for a day of real flows through the journal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { importSettlementDay, importSettlementFile, type ImportOptions } from '../../../../electron/reports/settlement/importSettlement';
import { classifyFileName } from '../../../../electron/reports/settlement/parseSettlementFile';
import { settlementChecks } from '../../../../electron/reports/settlement/reconcile';
import { isPosError } from '../../../../shared/errors/posError';
import { tempDir } from '../../../helpers/tempDir';
import { startFlows, type Flows } from '../journalFlows';

const T0 = Date.UTC(2030, 0, 1, 2, 0, 0);
const DAY = '2030-01-01';

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isPosError(e)) return { code: e.code, message: e.message, details: { ...e.details } };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('Alipay settlement file names', () => {
  it('classifies the names Alipay uses, the day taken from the batch id where it starts with one', () => {
    expect(classifyFileName('settlementSummary_KaKaoPay_USD_2018122611021040123_000.csv')).toEqual({ kind: 'settlementSummary', day: '20181226' });
    expect(classifyFileName('settlementSummary_USD_2018122611021040123_000.csv')).toEqual({ kind: 'settlementSummary', day: '20181226' });
    expect(classifyFileName('settlementSummary_CONNECTWALLET_PHP_2024031500001_001.csv')).toEqual({ kind: 'settlementSummary', day: '20240315' });
    expect(classifyFileName('settlementSummary_GCash_PHP_W202411_000.csv')).toEqual({ kind: 'settlementSummary', day: null });
    expect(classifyFileName('settlementItems_ALIPAY_CN_CNY_20300101CNY_000.csv')).toEqual({ kind: 'settlementItems', day: '20300101' });
    expect(classifyFileName('transactionItems_20300101_000.csv')).toEqual({ kind: 'transactionItems', day: '20300101' });
    // The simulator's old invented name (no currency) is not Alipay's and is not taken.
    expect(classifyFileName('settlementSummary_ALIPAY_CN_20300101_000.csv')).toBeNull();
  });
});

describe('a day of files in the drop folder', () => {
  let db: Db;
  let flows: Flows;
  let dir: string;
  let drop: string;
  let dayDir: string;
  let opts: ImportOptions;
  const write = (file: string, body: string): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
  };
  const counts = () => db.prepare('SELECT (SELECT count(*) FROM settlement_rows) AS rows, (SELECT count(*) FROM settlement_imports) AS imports, (SELECT count(*) FROM settlement_summaries) AS summaries').get();

  beforeEach(async () => {
    dir = tempDir();
    db = openJournal(path.join(dir, 'journal.sqlite'));
    flows = await startFlows(db, T0);
    await flows.codeSale(1000);
    await flows.codeSale(2000);
    drop = path.join(dir, 'drop');
    dayDir = path.join(drop, 'v1', 'settlements', flows.h.sim.clientId, '20300101');
    opts = { date: DAY, expect: { customerId: flows.h.sim.clientId, referenceMerchantId: 'M0001', dayOffsetMinutes: 480 }, now: flows.clock.now };
  });
  afterEach(async () => {
    await flows.close();
    db.close();
  });

  const dropDay = (): void => {
    write(path.join(dayDir, 'transactionItems_20300101_000.csv'), flows.h.sim.files.transactionItems('20300101').csv);
    for (const s of flows.h.sim.files.settlement('20300101')) write(path.join(dayDir, path.basename(s.path)), s.csv);
  };

  it('imports the summary in the current layout (per-type rows and a TOTAL, no gross column) and it agrees with the items', async () => {
    dropDay();
    const r = await importSettlementDay(db, drop, opts);
    expect(r.files.map((f) => [f.fileName.split('_')[0], f.status]).sort()).toEqual([['settlementItems', 'imported'], ['settlementSummary', 'imported'], ['transactionItems', 'imported']]);
    expect(r.unrecognised).toEqual([]);
    expect(db.prepare('SELECT batch_id, currency, transaction_count, transaction_minor FROM settlement_summaries').all()).toEqual([{ batch_id: '20300101CNY', currency: 'CNY', transaction_count: 2, transaction_minor: 3000 }]);
    expect(settlementChecks(db, DAY)).toEqual([{ currency: 'CNY', ok: true, message: expect.stringContaining('2 items') }]);
  });

  it('a partial download, a renamed copy and a summary without a day outside its day folder are reported by name; the good files import', async () => {
    dropDay();
    write(path.join(dayDir, 'transactionItems_20300101_001.csv.part'), 'customerId,');
    write(path.join(dayDir, 'settlement copy.csv'), 'x');
    write(path.join(drop, 'settlementSummary_ALIPAY_CN_CNY_W2030W01_000.csv'), 'x');
    const r = await importSettlementDay(db, drop, opts);
    expect(r.files.filter((f) => f.status === 'imported')).toHaveLength(3);
    const rel = (f: string): string => path.relative(drop, path.join(dayDir, f));
    expect(r.unrecognised).toHaveLength(3);
    expect(r.unrecognised).toEqual(expect.arrayContaining([
      { fileName: 'settlementSummary_ALIPAY_CN_CNY_W2030W01_000.csv', reason: 'noDay' },
      { fileName: rel('settlement copy.csv'), reason: 'unknownName' },
      { fileName: rel('transactionItems_20300101_001.csv.part'), reason: 'unknownName' },
    ]));
  });

  it('only unreadable files: a clear error naming them, nothing imported', async () => {
    write(path.join(dayDir, 'transactionItems_20300101_000.csv.part'), 'customerId,');
    const e = await failure(importSettlementDay(db, drop, opts));
    expect(e.code).toBe('SETTLEMENT_INVALID');
    expect(e.message).toMatch(/transactionItems_20300101_000\.csv\.part.*not Alipay settlement files/);
    expect(e.details.unrecognised).toEqual([{ fileName: path.relative(drop, path.join(dayDir, 'transactionItems_20300101_000.csv.part')), reason: 'unknownName' }]);
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });

  it('bad summaries are refused whole: a TOTAL that is not the sum of its rows, two TOTALs, the old columns', async () => {
    const summary = flows.h.sim.files.settlement('20300101').find((s) => s.path.includes('settlementSummary_'))!;
    const name = path.basename(summary.path);
    const lines = summary.csv.split('\n');
    const totalAt = lines.findIndex((l) => l.includes(',TOTAL,'));
    const variants: Array<[string, string, RegExp]> = [
      ['off', [...lines.slice(0, totalAt), lines[totalAt]!.replace(',TOTAL,2,', ',TOTAL,3,'), ...lines.slice(totalAt + 1)].join('\n'), /TOTAL of batch 20300101CNY CNY is not the sum of its rows/],
      ['twice', [...lines.slice(0, totalAt + 1), lines[totalAt]!, ...lines.slice(totalAt + 1)].join('\n'), /a second TOTAL/],
      ['old', 'settlementBatchId,customerId,settlementCurrency,transactionCount,transactionAmountValue,feeAmountValue,settlementAmountValue,settlementTime\n20300101CNY,X,CNY,2,3000,18,2982,2030-01-01T23:59:59+08:00\n<END>\n', /missing summaryType, count/],
    ];
    for (const [tag, csv, why] of variants) {
      const f = path.join(dir, tag, name);
      write(f, csv);
      const e = await failure(importSettlementFile(db, f, opts));
      expect(e.code, tag).toBe('SETTLEMENT_INVALID');
      expect(e.message, tag).toMatch(why);
    }
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });
});

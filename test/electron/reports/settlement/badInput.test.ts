import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../../electron/journal/openJournal';
import { importSettlementDay, importSettlementFile, type ImportOptions } from '../../../../electron/reports/settlement/importSettlement';
import { csvRecords } from '../../../../electron/reports/settlement/parseSettlementFile';
import type { ImportProgress } from '../../../../shared/domain/report';
import { isPosError } from '../../../../shared/errors/posError';
import { tempDir } from '../../../helpers/tempDir';
import { transactionItemsCsv } from '../../../fixtures/settlement/makeTransactionItems';
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

describe('settlement files: bad input is refused whole, with a clear error', () => {
  let db: Db;
  let flows: Flows;
  let dir: string;
  let opts: ImportOptions;
  let goodCsv: string;

  const counts = () => db.prepare('SELECT (SELECT count(*) FROM settlement_rows) AS rows, (SELECT count(*) FROM settlement_imports) AS imports, (SELECT count(*) FROM settlement_summaries) AS summaries').get();
  const write = (name: string, body: string | Buffer): string => {
    const f = path.join(dir, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, body);
    return f;
  };

  beforeEach(async () => {
    dir = tempDir();
    db = openJournal(path.join(dir, 'journal.sqlite'));
    flows = await startFlows(db, T0);
    await flows.codeSale(1000);
    await flows.codeSale(2000);
    goodCsv = flows.h.sim.files.transactionItems('20300101').csv;
    opts = { date: DAY, expect: { customerId: flows.h.sim.clientId, referenceMerchantId: 'M0001', dayOffsetMinutes: 480 }, now: flows.clock.now };
  });
  afterEach(async () => {
    await flows.close();
    db.close();
  });

  it('a malformed row names its line and column; nothing is imported', async () => {
    const lines = goodCsv.split('\n');
    lines[2] = lines[2]!.replace(/,2000,CNY$/, ',20.00,CNY');
    const f = write('transactionItems_20300101_000.csv', lines.join('\n'));
    const e = await failure(importSettlementFile(db, f, opts));
    expect(e).toMatchObject({ code: 'SETTLEMENT_INVALID', details: { line: 3, column: 'transactionAmountValue' } });
    expect(e.message).toMatch(/line 3, transactionAmountValue: not a whole number/);
    const short = write('x/transactionItems_20300101_000.csv', goodCsv.replace(/,2000,CNY\n/, ',2000\n'));
    expect(await failure(importSettlementFile(db, short, opts))).toMatchObject({ code: 'SETTLEMENT_INVALID', details: { line: 3 } });
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });

  it('a GBK-encoded file is named as such', async () => {
    const f = write('transactionItems_20300101_000.csv', iconv.encode(goodCsv.replace(/Coffee/g, '咖啡'), 'gbk'));
    const e = await failure(importSettlementFile(db, f, opts));
    expect(e.code).toBe('SETTLEMENT_INVALID');
    expect(e.message).toMatch(/GBK-encoded/);
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
    // The same text in UTF-8 (with a BOM, as spreadsheets write it) is fine.
    const ok = write('y/transactionItems_20300101_000.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodCsv.replace(/Coffee/g, '咖啡'))]));
    await importSettlementFile(db, ok, opts);
    expect(counts()).toMatchObject({ rows: 2, imports: 1 });
  });

  it('a file without its <END> line is incomplete', async () => {
    const f = write('transactionItems_20300101_000.csv', goodCsv.replace('<END>\n', ''));
    const e = await failure(importSettlementFile(db, f, opts));
    expect(e).toMatchObject({ code: 'SETTLEMENT_INVALID', details: { reason: 'noEnd' } });
    expect(e.message).toMatch(/no <END> line/);
    const after = write('z/transactionItems_20300101_000.csv', goodCsv + 'extra,row\n');
    expect((await failure(importSettlementFile(db, after, opts))).message).toMatch(/content after <END>/);
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });

  it('a file for another day or another merchant is refused', async () => {
    const otherDay = write('transactionItems_20300102_000.csv', goodCsv);
    expect(await failure(importSettlementFile(db, otherDay, opts))).toMatchObject({ code: 'SETTLEMENT_WRONG_FILE', details: { expected: DAY, found: '20300102' } });
    const misdated = write('a/transactionItems_20300101_000.csv', goodCsv.replace(/2030-01-01T10:00:00\+08:00/, '2030-01-02T10:00:00+08:00'));
    expect((await failure(importSettlementFile(db, misdated, opts))).message).toMatch(/line 2 is dated 2030-01-02/);
    const otherCustomer = write('b/transactionItems_20300101_000.csv', goodCsv.replaceAll(flows.h.sim.clientId, 'SOMEONE_ELSE'));
    expect(await failure(importSettlementFile(db, otherCustomer, opts))).toMatchObject({ code: 'SETTLEMENT_WRONG_FILE', details: { found: 'SOMEONE_ELSE' } });
    const otherMerchant = write('c/transactionItems_20300101_000.csv', goodCsv.replaceAll(',M0001,', ',M9999,'));
    expect((await failure(importSettlementFile(db, otherMerchant, opts))).message).toMatch(/merchant M9999/);
    // In Alipay's folder layout, a file of another day inside the day's folder is refused too.
    write('drop/v1/settlements/C/20300101/transactionItems_20300102_000.csv', goodCsv);
    expect(await failure(importSettlementDay(db, path.join(dir, 'drop'), opts))).toMatchObject({ code: 'SETTLEMENT_WRONG_FILE' });
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });

  it('a duplicate import is an error and counts nothing twice, also from a re-delivered copy', async () => {
    const f = write('transactionItems_20300101_000.csv', goodCsv);
    await importSettlementFile(db, f, opts);
    const once = counts();
    expect(await failure(importSettlementFile(db, f, opts))).toMatchObject({ code: 'SETTLEMENT_DUPLICATE' });
    const copy = write('transactionItems_20300101_001.csv', goodCsv + '\n');
    const e = await failure(importSettlementFile(db, copy, opts));
    expect(e.code).toBe('SETTLEMENT_DUPLICATE');
    expect(e.message).toMatch(/2 transaction\(s\) were already imported/);
    expect(counts()).toEqual(once);
  });

  it('a folder with one bad file imports nothing at all', async () => {
    const day = path.join(dir, 'drop', 'v1', 'settlements', flows.h.sim.clientId, '20300101');
    for (const s of flows.h.sim.files.settlement('20300101')) write(path.relative(dir, path.join(day, path.basename(s.path))), s.csv);
    write(path.relative(dir, path.join(day, 'transactionItems_20300101_000.csv')), goodCsv.replace('<END>\n', ''));
    expect(await failure(importSettlementDay(db, path.join(dir, 'drop'), opts))).toMatchObject({ code: 'SETTLEMENT_INVALID' });
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
  });

  it('a long import reports progress and can be cancelled without leaving anything behind', async () => {
    const items = Array.from({ length: 30_000 }, (_, i) => ({ requestId: `P${i}`, transactionId: `T${i}`, minor: 100 + i, at: T0 + i }));
    const f = write('transactionItems_20300101_000.csv', transactionItemsCsv(flows.h.sim.clientId, items));
    const ac = new AbortController();
    const seen: ImportProgress[] = [];
    const e = await failure(importSettlementFile(db, f, { ...opts, signal: ac.signal, onProgress: (p) => {
      seen.push(p);
      if (p.rowsDone >= 10_000) ac.abort();
    } }));
    expect(e.code).toBe('CANCELLED');
    expect(seen.at(-1)).toMatchObject({ phase: 'cancelled' });
    expect(seen.some((p) => p.phase === 'checking' && p.rowsDone === 5_000)).toBe(true);
    expect(counts()).toEqual({ rows: 0, imports: 0, summaries: 0 });
    // Not cancelled: all of it, with the last progress saying done.
    const done: ImportProgress[] = [];
    await importSettlementFile(db, f, { ...opts, onProgress: (p) => done.push(p) });
    expect(done.at(-1)).toMatchObject({ phase: 'done', rowsDone: 30_000, filesDone: 1, bytesDone: fs.statSync(f).size });
    expect(counts()).toMatchObject({ rows: 30_000, imports: 1 });
  });

  it('reads quoted CSV fields with commas, quotes and line breaks', () => {
    const recs = [...csvRecords('a,"b,c","say ""hi""",d\r\n"multi\nline",x\n')];
    expect(recs).toEqual([
      { lineNo: 1, cells: ['a', 'b,c', 'say "hi"', 'd'] },
      { lineNo: 2, cells: ['multi\nline', 'x'] },
    ]);
  });
});

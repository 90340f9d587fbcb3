import { describe, expect, it } from 'vitest';
import type { ImportProgress, ReconItem } from '../../../shared/domain/report';
import { en } from '../../../renderer/i18n/en';
import { zhCN } from '../../../renderer/i18n/zhCN';
import { importErrorKey, importSummary, isImportRunning, itemsByList, newImportJobId, progressPercent, RECON_LISTS, signedAmountText } from '../../../renderer/cashier/reconView';

const progress = (p: Partial<ImportProgress>): ImportProgress => ({
  jobId: 'j',
  date: '2026-01-05',
  phase: 'checking',
  fileName: 'transactionItems_20260105_000.csv',
  filesDone: 0,
  filesTotal: 3,
  rowsDone: 0,
  bytesDone: 0,
  bytesTotal: 0,
  error: null,
  ...p,
});

const item = (status: ReconItem['status'], id: string): ReconItem => ({
  status,
  type: 'PAYMENT',
  transactionRequestId: id,
  ours: null,
  alipay: null,
  differences: [],
  action: 'none',
});

describe('reconciliation view', () => {
  it('measures progress in bytes when known, else in files, and is full once done', () => {
    expect(progressPercent(progress({ bytesDone: 250, bytesTotal: 1_000, filesDone: 2 }))).toBe(25);
    expect(progressPercent(progress({ filesDone: 1 }))).toBe(33);
    // One long file still being checked: nothing measurable yet, drawn as working rather than 0 %.
    expect(progressPercent(progress({ filesTotal: 1, rowsDone: 15_000, bytesTotal: 9_000_000 }))).toBeNull();
    expect(progressPercent(progress({ filesTotal: 0 }))).toBeNull();
    expect(progressPercent(progress({ phase: 'done' }))).toBe(100);
    expect(progressPercent(progress({ bytesDone: 2_000, bytesTotal: 1_000 }))).toBe(100);
    expect(isImportRunning(progress({ phase: 'writing' }))).toBe(true);
    expect(isImportRunning(progress({ phase: 'cancelled' }))).toBe(false);
    expect(isImportRunning(null)).toBe(false);
  });

  it('says when an import changed nothing because every file was imported before', () => {
    const imp = (fileName: string, rows: number) => ({ status: 'imported' as const, fileName, import: { id: 1, kind: 'transactionItems' as const, fileName, settlementDate: '2026-01-05', rows, importedAt: 0 } });
    expect(importSummary({ date: '2026-01-05', files: [imp('a.csv', 3), imp('b.csv', 2), { status: 'alreadyImported', fileName: 'c.csv', importId: 7 }], unrecognised: [] })).toEqual({ imported: 2, alreadyImported: 1, rows: 5, nothingChanged: false, unrecognised: [] });
    expect(importSummary({ date: '2026-01-05', files: [{ status: 'alreadyImported', fileName: 'a.csv', importId: 7 }], unrecognised: [] })).toMatchObject({ imported: 0, nothingChanged: true });
    expect(importSummary({ date: '2026-01-05', files: [imp('a.csv', 3)], unrecognised: [{ fileName: 'x.csv.part', reason: 'unknownName' }] })).toMatchObject({ unrecognised: ['x.csv.part'] });
  });

  it('splits items into the four lists, action first and matched last', () => {
    expect(RECON_LISTS).toEqual(['mismatch', 'missingOurs', 'missingAlipay', 'matched']);
    const lists = itemsByList([item('matched', 'a'), item('mismatch', 'b'), item('matched', 'c'), item('missingAlipay', 'd')]);
    expect(lists.matched.map((i) => i.transactionRequestId)).toEqual(['a', 'c']);
    expect(lists.mismatch).toHaveLength(1);
    expect(lists.missingOurs).toEqual([]);
  });

  it('formats signed amounts without a float, and falls back on an unknown currency', () => {
    expect(signedAmountText(1_250, 'CNY')).toBe('CNY 12.50');
    expect(signedAmountText(-250, 'CNY')).toBe('−CNY 2.50');
    expect(signedAmountText(0, 'CNY')).toBe('CNY 0.00');
    expect(signedAmountText(500, 'JPY')).toBe('JPY 500');
    expect(signedAmountText(5, 'XYZ')).toBe('XYZ 5');
  });

  it('makes job ids the station accepts', () => {
    const id = newImportJobId(Date.UTC(2026, 0, 5), 0.999_999);
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(newImportJobId(1, 0.1)).not.toBe(newImportJobId(1, 0.2));
  });

  it('names an explanation for each import error, in both languages', () => {
    expect(importErrorKey('SETTLEMENT_INVALID', { encoding: 'gbk' })).toBe('recon.errors.gbk');
    expect(importErrorKey('SETTLEMENT_INVALID', { reason: 'noEnd' })).toBe('recon.errors.noEnd');
    expect(importErrorKey('SETTLEMENT_INVALID', { encoding: 'unknown' })).toBe('recon.errors.notUtf8');
    expect(importErrorKey('SETTLEMENT_INVALID', { line: 4 })).toBe('recon.errors.SETTLEMENT_INVALID');
    expect(importErrorKey('SETTLEMENT_DUPLICATE')).toBe('recon.errors.SETTLEMENT_DUPLICATE');
    expect(importErrorKey('INTERNAL')).toBe('recon.errors.generic');
    const codes = ['SETTLEMENT_INVALID', 'SETTLEMENT_DUPLICATE', 'SETTLEMENT_WRONG_FILE', 'CANCELLED', 'NOT_FOUND', 'CONFLICT', 'INTERNAL'];
    const variants = [{ encoding: 'gbk' }, { encoding: 'unknown' }, { reason: 'noEnd' }, {}];
    for (const code of codes) {
      for (const d of variants) {
        const leaf = importErrorKey(code, d).replace('recon.errors.', '') as keyof typeof en.recon.errors;
        expect(en.recon.errors[leaf], `${code} ${JSON.stringify(d)}`).toBeTruthy();
        expect(zhCN.recon.errors[leaf]).toBeTruthy();
      }
    }
  });
});

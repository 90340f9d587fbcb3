import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, type Db } from '../../../electron/journal/openJournal';
import { createDayBook } from '../../../electron/reports/dayBook';
import { reportPrintDocument } from '../../../electron/reports/output/reportPrintout';
import { reportCsv } from '../../../electron/reports/output/reportCsv';
import { findCjkFont, reportPdf } from '../../../electron/reports/output/reportPdf';
import { runReportCli } from '../../../electron/reports/cli';
import { encodeDocument } from '../../../electron/devices/printer/encodeReceipt';
import { displayWidth, PAPER_COLUMNS } from '../../../shared/domain/receipt';
import { reportChartData, type DayReport } from '../../../shared/domain/report';
import { tempDir } from '../../helpers/tempDir';
import { startFlows, type Flows } from './journalFlows';

const T0 = Date.UTC(2030, 0, 1, 2, 0, 0);

describe('report outputs: printout, CSV, PDF, chart data and the back-office CLI', () => {
  let dataDir: string;
  let db: Db;
  let flows: Flows;
  let x: DayReport;
  let z: DayReport;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'pos-out-'));
    fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ store: { name: '南京路店', terminalId: 'T07' }, reports: { cutoff: '04:00', timeZone: 'Asia/Shanghai' } }));
    db = openJournal(path.join(dataDir, 'journal.sqlite'));
    flows = await startFlows(db, T0);
    const a = await flows.codeSale(1000, { cashier: '=cmd|calc' });
    await flows.codeSale(2550, { cashier: 'bob' });
    await flows.refund(a, 400);
    await flows.codeSale(700, { outcome: 'declined' });
    const book = createDayBook(db, () => ({ cutoff: '04:00', timeZone: 'Asia/Shanghai' }), flows.clock, () => ({ terminalId: 'T07', storeName: '南京路店' }));
    x = book.xReport();
    flows.clock.advance(3_600_000);
    z = book.closeDay('2030-01-01', 'manager');
    await flows.close();
    db.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints in Chinese and English within the paper width, through the GB18030 receipt encoder', () => {
    for (const paper of ['58mm', '80mm'] as const) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const doc = reportPrintDocument(z, locale, PAPER_COLUMNS[paper], 'original');
        for (const line of doc.lines) expect(displayWidth(line), line).toBeLessThanOrEqual(PAPER_COLUMNS[paper]);
        const bytes = encodeDocument({ type: 'text', text: doc }, paper);
        const text = iconv.decode(bytes, 'gb18030');
        expect(text).toContain(locale === 'zh-CN' ? 'Z 报表 第 1 号' : 'Z REPORT No. 1');
        expect(text).toContain('南京路店');
      }
    }
    const zh = reportPrintDocument(z, 'zh-CN', 48, 'original').lines;
    expect(zh).toContain(`净额${' '.repeat(48 - 4 - 'CNY 31.50'.length)}CNY 31.50`);
    expect(zh.some((l) => l.startsWith('流水校验') && l.includes('完整校验通过'))).toBe(true);
    const en = reportPrintDocument(x, 'en', 32, 'original').lines;
    expect(en).toContain(`Sales${' '.repeat(32 - 5 - '2  35.50'.length)}2  35.50`);
    expect(en.some((l) => l.includes('(open)'))).toBe(true);
  });

  it('exports CSV with exact decimals, a BOM and defused formulas', () => {
    const csv = reportCsv(z);
    expect(csv.startsWith('\uFEFFreport,number,business_day')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(csv).toContain("PaymentCode,CNY,'=cmd|calc,1,10.00,0,0.00,1,4.00,0,6.00");
    expect(csv).toContain('TOTAL,CNY,,2,35.50,0,0.00,1,4.00,1,31.50');
  });

  it('exports a PDF with the CJK font, and refuses Chinese without one', async () => {
    const font = findCjkFont({});
    expect(font).not.toBeNull();
    const pdf = await reportPdf(z, 'zh-CN', font);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/NotoSansCJK/);
    await expect(reportPdf(z, 'zh-CN', null)).rejects.toMatchObject({ code: 'EXPORT_FAILED' });
    // English text with a Latin store name needs no CJK font.
    const latin: DayReport = { ...x, storeName: 'Main St' };
    expect((await reportPdf(latin, 'en', null)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(findCjkFont({ POS_CJK_FONT: '/nonexistent.ttf' })).toBeNull();
  });

  it('gives chart data per currency with every hour of the day', () => {
    const [cny] = reportChartData(x);
    expect(cny!.currency).toBe('CNY');
    expect(cny!.byScenario).toEqual([{ label: 'PaymentCode', sales: 3550, cancels: 0, refunds: 400, net: 3150 }]);
    expect(cny!.byHour).toHaveLength(24);
    expect(cny!.byHour.find((h) => h.hourStart === T0)).toEqual({ hourStart: T0, count: 2, minor: 3550 });
    expect(cny!.max).toBe(3550);
  });

  it('the CLI prints text, JSON and CSV from a read-only journal, and explains bad arguments', () => {
    const run = (args: string[], env: NodeJS.ProcessEnv = { POS_DATA_DIR: dataDir }) => {
      let out = '';
      let err = '';
      const code = runReportCli(args, env, (s) => (out += s), (s) => (err += s));
      return { code, out, err };
    };
    const json = run(['--date', '2030-01-01', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ kind: 'Z', number: 1, sha256: (z as Extract<DayReport, { kind: 'Z' }>).sha256 });
    const text = run(['--date', '2030-01-01', '--locale', 'zh-CN']);
    expect(text.out).toContain('Z 报表 第 1 号');
    expect(run(['--date', '2030-01-01', '--format', 'csv']).out).toContain('TOTAL,CNY,,2,35.50');
    const open = run(['--date', '2030-01-02', '--format', 'json']);
    expect(JSON.parse(open.out)).toMatchObject({ kind: 'X', day: { date: '2030-01-02' }, totals: [] });
    expect(run(['--date', '2030-13-01']).code).toBe(1);
    expect(run(['--date', 'yesterday'])).toMatchObject({ code: 2, err: expect.stringContaining('--date must be YYYY-MM-DD') });
    expect(run(['--date', '2030-01-01'], { POS_DATA_DIR: tempDir() })).toMatchObject({ code: 1, err: expect.stringContaining('no journal') });
    expect(run(['--date', '2030-01-01', '--what', 'reconciliation']).out).toMatch(/^Reconciliation 2030-01-01: 0 matched/);
  });
});

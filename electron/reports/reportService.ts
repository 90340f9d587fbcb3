/**
 * End of day for the station and the back-office CLI: business days, X/Z reports, settlement
 * imports, reconciliation, printing and exports, over one journal. I/O (journal, clock, config,
 * printer, files) comes in; the report logic lives in the modules it wires together.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PosConfig } from '../config/configSchema';
import { reportJournal, type JournalSource } from '../journal/repos/reportReader';
import type { Clock } from '../../shared/domain/clock';
import type { TextDocument } from '../../shared/domain/receipt';
import type { BusinessDay, DayReport, ImportProgress, ImportResult, Reconciliation, DayShift } from '../../shared/domain/report';
import { assertNever, PosError } from '../../shared/errors/posError';
import { createDayBook, type DayBook } from './dayBook';
import { reconciliationCsv, reportCsv } from './output/reportCsv';
import type { ReportLocale } from './output/reportLabels';
import { findCjkFont, reportPdf, type PdfFont } from './output/reportPdf';
import { reportPrintDocument } from './output/reportPrintout';
import { importSettlementDay } from './settlement/importSettlement';
import { reconcileDay } from './settlement/reconcile';

/** Alipay's settlement day is the calendar day in Beijing (AMS.md §5, §8). */
export const ALIPAY_DAY_OFFSET_MINUTES = 480;

export interface ReportPrinter {
  printText(doc: { type: 'text'; text: TextDocument }, opts: { key: string; kind: 'report'; reference?: string }): { id: number };
  readonly columns: () => number;
}

export interface ReportServiceDeps {
  /** The journal; reports read it through a read-only handle and write only through named write methods. */
  readonly db: JournalSource;
  readonly clock: Clock;
  readonly config: () => PosConfig;
  readonly dataDir: string;
  readonly readOnly?: boolean;
  readonly printer?: () => ReportPrinter | null;
  readonly onImportProgress?: (p: ImportProgress) => void;
  /** Absent: looked up on this machine (findCjkFont). */
  readonly pdfFont?: PdfFont | null;
  /** The shifts overlapping a day (issue 14): printed on the X/Z beside the report, outside its hash. */
  readonly shifts?: (start: number, end: number) => readonly DayShift[];
}

export type ReportRef = { readonly kind: 'X'; readonly date?: string } | { readonly kind: 'Z'; readonly date: string };
export type ExportFormat = 'csv' | 'pdf';

export interface ReportService {
  readonly book: DayBook;
  day(date?: string): BusinessDay;
  report(ref: ReportRef): DayReport;
  importDay(date: string, jobId: string): Promise<ImportResult>;
  cancelImport(jobId: string): boolean;
  reconcile(date: string, includeMatched: boolean): Reconciliation;
  print(ref: ReportRef, locale: ReportLocale): { jobId: number };
  exportReport(ref: ReportRef, format: ExportFormat, locale: ReportLocale): Promise<{ file: string; bytes: number }>;
  exportReconciliation(date: string, locale: ReportLocale): Promise<{ file: string; bytes: number }>;
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const cfg = (): PosConfig['reports'] => deps.config().reports;
  const journal = reportJournal(deps.db, { readOnly: deps.readOnly ?? false });
  const book = createDayBook(
    journal,
    () => ({ cutoff: cfg().cutoff, timeZone: cfg().timeZone }),
    deps.clock,
    () => ({ terminalId: deps.config().store.terminalId, storeName: deps.config().store.name }),
    { readOnly: deps.readOnly ?? false },
  );
  const running = new Map<string, AbortController>();
  const inDataDir = (p: string): string => (path.isAbsolute(p) ? p : path.join(deps.dataDir, p));

  // The terminal's acquirer decides whose ids the reconciled rows carry (当面付: out_trade_no / trade_no).
  const withAcquirer = (rec: Reconciliation): Reconciliation => ({ ...rec, acquirer: deps.config().alipay.acquirer });

  function report(ref: ReportRef): DayReport {
    if (ref.kind === 'X') return book.xReport(ref.date);
    const z = book.zReport({ date: ref.date });
    if (!z) throw new PosError('NOT_FOUND', `${ref.date} has no Z report: the day is not closed`);
    return z;
  }

  async function writeExport(name: string, body: string | Buffer): Promise<{ file: string; bytes: number }> {
    const dir = path.join(deps.dataDir, 'exports');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, name);
    // Write then rename, so a back-office sync never picks up half a file.
    await fs.writeFile(`${file}.part`, body);
    await fs.rename(`${file}.part`, file);
    return { file, bytes: Buffer.byteLength(body) };
  }

  const refName = (r: DayReport): string => (r.kind === 'Z' ? `Z${String(r.number).padStart(4, '0')}_${r.day.date}` : `X_${r.day.date}_${r.generatedAt}`);

  return {
    book,
    day: (date) => book.day(date ?? book.currentDate()),
    report,
    async importDay(date, jobId) {
      if (running.has(jobId)) throw new PosError('CONFLICT', `import ${jobId} is already running`);
      const ac = new AbortController();
      running.set(jobId, ac);
      try {
        const c = deps.config();
        return await importSettlementDay(journal, inDataDir(cfg().settlementDropDir), {
          date,
          jobId,
          signal: ac.signal,
          now: () => deps.clock.now(),
          expect: { customerId: c.alipay.clientId ?? null, referenceMerchantId: c.store.referenceMerchantId, dayOffsetMinutes: ALIPAY_DAY_OFFSET_MINUTES },
          ...(deps.onImportProgress ? { onProgress: deps.onImportProgress } : {}),
        });
      } finally {
        running.delete(jobId);
      }
    },
    cancelImport(jobId) {
      const ac = running.get(jobId);
      ac?.abort();
      return ac !== undefined;
    },
    reconcile: (date, includeMatched) => withAcquirer(reconcileDay(journal.read, date, { now: deps.clock.now(), dayOffsetMinutes: ALIPAY_DAY_OFFSET_MINUTES, includeMatched })),
    print(ref, locale) {
      const printer = deps.printer?.();
      if (!printer) throw new PosError('DEVICE_UNAVAILABLE', 'no receipt printer is configured');
      const base = report(ref);
      const r = deps.shifts ? { ...base, shifts: deps.shifts(base.day.start, base.day.end) } : base;
      // A Z prints once as the original; any later print of the same Z is a duplicate.
      const key = r.kind === 'Z' ? `report:Z${r.number}:${locale}` : `report:X:${r.day.date}:${r.generatedAt}:${locale}`;
      const printedBefore = r.kind === 'Z' && journal.read.payments.zPrinted(r.number);
      const doc = reportPrintDocument(r, locale, printer.columns(), printedBefore ? 'duplicate' : 'original');
      const job = printer.printText({ type: 'text', text: doc }, { key: printedBefore ? `${key}:${deps.clock.now()}` : key, kind: 'report', reference: r.day.date });
      return { jobId: job.id };
    },
    async exportReport(ref, format, locale) {
      const r = report(ref);
      switch (format) {
        case 'csv':
          return writeExport(`${refName(r)}.csv`, reportCsv(r));
        case 'pdf': {
          const font = deps.pdfFont === undefined ? findCjkFont() : deps.pdfFont;
          return writeExport(`${refName(r)}_${locale}.pdf`, await reportPdf(r, locale, font));
        }
        default:
          return assertNever(format, 'export format');
      }
    },
    async exportReconciliation(date, locale) {
      const rec = withAcquirer(reconcileDay(journal.read, date, { now: deps.clock.now(), dayOffsetMinutes: ALIPAY_DAY_OFFSET_MINUTES, includeMatched: true }));
      return writeExport(`reconciliation_${date}_${rec.generatedAt}.csv`, reconciliationCsv(rec, cfg().timeZone, locale));
    },
  };
}

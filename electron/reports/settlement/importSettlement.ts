import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { reportJournal, type JournalSource } from '../../journal/repos/reportReader';
import type { FileImportOutcome, ImportProgress, ImportResult, SettlementFileKind, SettlementImport, UnrecognisedFile } from '../../../shared/domain/report';
import { PosError } from '../../../shared/errors/posError';
import type { SettlementFileInput } from '../../journal/repos/settlementRepo';
import { classifyFileName, parseSettlementFile, SettlementFileError, WrongSettlementFileError, type ParsedSettlementFile } from './parseSettlementFile';

export class ImportCancelledError extends PosError {
  constructor() {
    super('CANCELLED', 'the import was cancelled; nothing was imported');
  }
}

export class DuplicateImportError extends PosError {
  constructor(message: string, details: Record<string, unknown>) {
    super('SETTLEMENT_DUPLICATE', message, { details });
  }
}

export interface ImportExpectations {
  /** Our client id as Alipay's files name it (customerId); null in DEMO until the simulator's is known. */
  readonly customerId: string | null;
  readonly referenceMerchantId: string;
  /** Alipay's settlement day is the calendar day at this offset (Beijing: +480). */
  readonly dayOffsetMinutes: number;
}

export interface ImportOptions {
  readonly date: string; // YYYY-MM-DD
  readonly expect: ImportExpectations;
  readonly now: () => number;
  readonly jobId?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ImportProgress) => void;
}

interface Candidate {
  readonly file: string;
  readonly name: string;
  readonly kind: SettlementFileKind;
}

const compact = (date: string): string => date.replace(/-/g, '');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const dayAt = (t: number, offsetMinutes: number): string => new Date(t + offsetMinutes * 60_000).toISOString().slice(0, 10);

/**
 * The day's files in a drop folder as an SFTP sync leaves it: either Alipay's own layout
 * (…/<customerId>/<YYYYMMDD>/*.csv) or flat. A file whose name says another day inside the day's
 * folder is refused rather than guessed at.
 */
export async function findDayFiles(dir: string, date: string): Promise<{ candidates: Candidate[]; unrecognised: UnrecognisedFile[] }> {
  const day = compact(date);
  const out: Candidate[] = [];
  const unrecognised: UnrecognisedFile[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new PosError('NOT_FOUND', `the settlement folder ${dir} does not exist`);
      throw e;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (depth < 6) await walk(full, depth + 1);
        continue;
      }
      const c = classifyFileName(e.name);
      const inDayFolder = path.basename(d) === day;
      // Anything the sync left that is not an Alipay file (a ".part", a renamed or re-saved copy) is
      // reported: it may be the very file the day is missing. Other days' files in a flat folder are not.
      if (!c) {
        if (!e.name.startsWith('.') && (inDayFolder || depth === 0 || /\.csv/i.test(e.name))) unrecognised.push({ fileName: path.relative(dir, full), reason: 'unknownName' });
        continue;
      }
      if (c.day === null && !inDayFolder) {
        unrecognised.push({ fileName: path.relative(dir, full), reason: 'noDay' });
        continue;
      }
      if (c.day === day || (c.day === null && inDayFolder)) out.push({ file: full, name: e.name, kind: c.kind });
      else if (inDayFolder) throw new WrongSettlementFileError(e.name, `is in the folder for ${date} but its name says ${c.day}`, { expected: date, found: c.day });
    }
  };
  await walk(dir, 0);
  return { candidates: out, unrecognised };
}

interface Prepared {
  readonly c: Candidate;
  readonly sha: string;
  readonly parsed: ParsedSettlementFile;
  readonly customerId: string;
}

/**
 * Imports Alipay's files for one day, all or nothing: every file is read and checked first
 * (progress reported, cancellable between chunks), then everything is written in one transaction.
 * A file imported before (same bytes) is skipped and changes nothing; a different file carrying a
 * transaction already imported is refused, so nothing is ever counted twice.
 */
export async function importSettlementFiles(src: JournalSource, candidates: readonly Candidate[], opts: ImportOptions & { readonly duplicateIsError?: boolean }): Promise<ImportResult> {
  const journal = reportJournal(src);
  const reads = journal.read.settlement;
  const jobId = opts.jobId ?? `import-${opts.now()}`;
  const bytesTotal = (await Promise.all(candidates.map((c) => fs.stat(c.file)))).reduce((s, st) => s + st.size, 0);
  let progress: ImportProgress = { jobId, date: opts.date, phase: 'reading', fileName: null, filesDone: 0, filesTotal: candidates.length, rowsDone: 0, bytesDone: 0, bytesTotal, error: null };
  const report = (p: Partial<ImportProgress>): void => {
    progress = { ...progress, ...p };
    opts.onProgress?.(progress);
  };
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new ImportCancelledError();
  };
  try {
    const outcomes: FileImportOutcome[] = [];
    const prepared: Prepared[] = [];
    const seen = new Map<string, string>(); // kind|transactionId → file, across this batch
    let rowsBefore = 0;
    for (const c of candidates) {
      checkCancel();
      report({ phase: 'reading', fileName: c.name });
      const bytes = await fs.readFile(c.file);
      const sha = sha256(bytes);
      const known = reads.importBySha(sha);
      if (known) {
        if (opts.duplicateIsError) throw new DuplicateImportError(`${c.name} was already imported (import #${known.id}); nothing changed`, { fileName: c.name, importId: known.id });
        outcomes.push({ status: 'alreadyImported', fileName: c.name, importId: known.id });
        report({ filesDone: progress.filesDone + 1, bytesDone: progress.bytesDone + bytes.length });
        continue;
      }
      report({ phase: 'checking' });
      const parsed = await parseSettlementFile(c.name, c.kind, bytes, {
        onRows: async (n) => {
          report({ rowsDone: rowsBefore + n });
          // Yield so a cancel (or anything else the station must do) gets a turn during a long file.
          await new Promise<void>((r) => setImmediate(r));
          checkCancel();
        },
      });
      rowsBefore += parsed.rows.length;
      const customerId = checkBelongs(c, parsed, opts);
      if (parsed.kind !== 'settlementSummary') {
        for (const r of parsed.rows) {
          const key = `${parsed.kind}|${r.transactionId}`;
          const other = seen.get(key);
          if (other) throw new DuplicateImportError(`${c.name} line ${r.lineNo}: transaction ${r.transactionId} also appears in ${other}`, { fileName: c.name, line: r.lineNo, transactionId: r.transactionId });
          seen.set(key, c.name);
        }
      } else {
        const clash = parsed.rows.find((r) => reads.summaryImported(r.batchId, r.currency));
        if (clash) throw new DuplicateImportError(`${c.name}: settlement batch ${clash.batchId} ${clash.currency} was already imported from another file`, { fileName: c.name, batchId: clash.batchId });
      }
      prepared.push({ c, sha, parsed, customerId });
      report({ filesDone: progress.filesDone + 1, bytesDone: progress.bytesDone + bytes.length });
    }
    checkCancel();
    report({ phase: 'writing', fileName: null });
    let written: SettlementImport[];
    try {
      if (!journal.write) throw new PosError('INVALID_STATE', 'the journal is open read-only: import settlement files at the terminal');
      written = journal.write.settlement.writeImports(prepared.map((p): SettlementFileInput => ({ ...p.parsed, fileName: p.c.name, sha256: p.sha, customerId: p.customerId })), opts.date, opts.now);
    } catch (e) {
      // The primary key refused a transaction imported before from another file; the transaction
      // rolled back whole. Only now is it worth finding every overlapping id, to name them.
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
      for (const p of prepared) {
        if (p.parsed.kind === 'settlementSummary') continue;
        const overlap = reads.importedTransactionIds(p.parsed.kind, p.parsed.rows.map((r) => r.transactionId));
        if (overlap.length > 0) {
          throw new DuplicateImportError(`${p.c.name}: ${overlap.length} transaction(s) were already imported from another file (${overlap.slice(0, 3).join(', ')}${overlap.length > 3 ? ', …' : ''}); nothing was imported`, {
            fileName: p.c.name,
            transactionIds: overlap.slice(0, 20),
          });
        }
      }
      throw e;
    }
    outcomes.push(...written.map((imp): FileImportOutcome => ({ status: 'imported', fileName: imp.fileName, import: imp })));
    report({ phase: 'done' });
    const order = new Map(candidates.map((c, i) => [c.name, i]));
    return { date: opts.date, files: outcomes.sort((a, b) => (order.get(a.fileName) ?? 0) - (order.get(b.fileName) ?? 0)), unrecognised: [] };
  } catch (e) {
    const err = e instanceof PosError ? e : new PosError('STORAGE', (e as Error).message, { cause: e });
    report(err instanceof ImportCancelledError ? { phase: 'cancelled' } : { phase: 'failed', error: { code: err.code, message: err.message } });
    throw err;
  }
}

/** Refuses a file for another day or another merchant, naming the first row that shows it. */
function checkBelongs(c: Candidate, parsed: ParsedSettlementFile, opts: ImportOptions): string {
  const named = classifyFileName(c.name)?.day;
  if (named && named !== compact(opts.date)) throw new WrongSettlementFileError(c.name, `is for ${named}, not ${opts.date}`, { expected: opts.date, found: named });
  let customerId: string | null = null;
  for (const r of parsed.rows) {
    if (opts.expect.customerId !== null && r.customerId !== opts.expect.customerId) {
      throw new WrongSettlementFileError(c.name, `is for customer ${r.customerId}, this terminal is ${opts.expect.customerId}`, { expected: opts.expect.customerId, found: r.customerId });
    }
    if (customerId !== null && r.customerId !== customerId) throw new WrongSettlementFileError(c.name, `mixes customers ${customerId} and ${r.customerId}`, {});
    customerId = r.customerId;
    if ('referenceMerchantId' in r && r.referenceMerchantId !== null && r.referenceMerchantId !== opts.expect.referenceMerchantId) {
      throw new WrongSettlementFileError(c.name, `line ${r.lineNo} is for merchant ${r.referenceMerchantId}, this terminal's merchant is ${opts.expect.referenceMerchantId}`, {
        expected: opts.expect.referenceMerchantId,
        found: r.referenceMerchantId,
        line: r.lineNo,
      });
    }
    if ('paymentTime' in r && dayAt(r.paymentTime, opts.expect.dayOffsetMinutes) !== opts.date) {
      throw new WrongSettlementFileError(c.name, `line ${r.lineNo} is dated ${dayAt(r.paymentTime, opts.expect.dayOffsetMinutes)}, the file is for ${opts.date}`, { expected: opts.date, line: r.lineNo });
    }
  }
  return customerId ?? opts.expect.customerId ?? '';
}

/** Every file of the day in the drop folder; files imported before are skipped. */
export async function importSettlementDay(src: JournalSource, dir: string, opts: ImportOptions): Promise<ImportResult> {
  const { candidates, unrecognised } = await findDayFiles(dir, opts.date);
  if (candidates.length === 0) {
    if (unrecognised.length > 0) {
      throw new SettlementFileError(unrecognised.map((u) => u.fileName).join(', '), `no Alipay settlement file for ${opts.date} could be read: ${unrecognised.length} file(s) in ${dir} are not Alipay settlement files (names transactionItems_…, settlementItems_…, settlementSummary_…)`, { unrecognised });
    }
    throw new PosError('NOT_FOUND', `no Alipay settlement files for ${opts.date} in ${dir} yet`);
  }
  const result = await importSettlementFiles(src, candidates, opts);
  return { ...result, unrecognised };
}

/** One file chosen by hand: importing it a second time is an error, not a silent no-op. */
export async function importSettlementFile(src: JournalSource, file: string, opts: ImportOptions): Promise<ImportResult> {
  const name = path.basename(file);
  const c = classifyFileName(name);
  if (!c) throw new WrongSettlementFileError(name, 'is not an Alipay transactionItems, settlementItems or settlementSummary file');
  return importSettlementFiles(src, [{ file, name, kind: c.kind }], { ...opts, duplicateIsError: true });
}

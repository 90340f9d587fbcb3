/**
 * Alipay's reconciliation files (AMS.md §8): UTF-8 CSV, header row, last line `<END>`. Parsing is
 * strict because these files decide what the shop is paid: a file that is not exactly that is
 * refused whole, with the line and the reason, never partly taken.
 */
import type { SettlementRowInput } from '../../journal/repos/settlementRepo';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { isCurrencyCode } from '../../../shared/domain/currency';
import type { SettlementFileKind, TransactionType } from '../../../shared/domain/report';
import { PosError } from '../../../shared/errors/posError';

export class SettlementFileError extends PosError {
  constructor(fileName: string, message: string, details: Record<string, unknown> = {}) {
    super('SETTLEMENT_INVALID', `${fileName}: ${message}`, { details: { fileName, ...details } });
  }
}

export class WrongSettlementFileError extends PosError {
  constructor(fileName: string, message: string, details: Record<string, unknown> = {}) {
    super('SETTLEMENT_WRONG_FILE', `${fileName}: ${message}`, { details: { fileName, ...details } });
  }
}

const TRANSACTION_ITEMS = [
  'customerId', 'referenceMerchantId', 'referenceStoreId', 'transactionId', 'originalTransactionId', 'transactionRequestId', 'referenceTransactionId',
  'orderDescription', 'paymentMethodType', 'pspName', 'transactionType', 'paymentTime', 'productCode', 'transactionAmountValue', 'transactionCurrency',
] as const;
const SETTLEMENT_ITEMS = [
  'settlementBatchId', 'customerId', 'referenceMerchantId', 'transactionId', 'originalTransactionId', 'transactionRequestId', 'transactionType',
  'paymentTime', 'transactionAmountValue', 'transactionCurrency', 'settlementAmountValue', 'settlementCurrency', 'feeAmountValue', 'feeCurrency',
] as const;
/**
 * The current summary layout: one row per summaryType and a TOTAL; `count`, settlement and fee
 * amounts; no gross transactionAmountValue (removed from the summary in 2021). The acquirer / PSP
 * column's name varies between Alipay's pages, so it is not required.
 */
const SETTLEMENT_SUMMARY = [
  'settlementBatchId', 'customerId', 'summaryType', 'count', 'settlementAmountValue', 'settlementCurrency', 'feeAmountValue',
] as const;

export const REQUIRED_COLUMNS: Readonly<Record<SettlementFileKind, readonly string[]>> = {
  transactionItems: TRANSACTION_ITEMS,
  settlementItems: SETTLEMENT_ITEMS,
  settlementSummary: SETTLEMENT_SUMMARY,
};

/** What a file name says: its kind and, where the name carries it, the day (YYYYMMDD). */
export function classifyFileName(name: string): { kind: SettlementFileKind; day: string | null } | null {
  let m = /^transactionItems_(\d{8})_\d+\.csv$/i.exec(name);
  if (m) return { kind: 'transactionItems', day: m[1]! };
  // settlementItems_<pspName>_<currency>_<batchId>_<seq>.csv; pspName may itself hold '_' (ALIPAY_CN).
  m = /^settlementItems_.+_[A-Z]{3}_([^_]+)_\d+\.csv$/.exec(name);
  if (m) return { kind: 'settlementItems', day: /^(\d{8})/.exec(m[1]!)?.[1] ?? null };
  // settlementSummary_[<pspName|paymentMethodType|CONNECTWALLET>_]<settlementCurrency>_<batchId>_<seq>.csv: the
  // day only where the batch id starts with one (a weekly or monthly batch has none: the folder says it).
  m = /^settlementSummary_(?:.+_)?[A-Z]{3}_([^_]+)_\d+\.csv$/.exec(name);
  if (m) return { kind: 'settlementSummary', day: /^(\d{8})/.exec(m[1]!)?.[1] ?? null };
  return null;
}

const intString = z.string().regex(/^-?\d{1,15}$/, 'not a whole number of minor units');
const currency = z.string().refine(isCurrencyCode, 'not an ISO 4217 currency');
const nonEmpty = z.string().min(1, 'empty').max(128, 'too long');

const summaryRow = z.object({
  settlementBatchId: nonEmpty,
  customerId: nonEmpty,
  summaryType: z.string().regex(/^[A-Z][A-Z_]{1,31}$/, 'not a summary type such as PAYMENT or TOTAL'),
  count: z.string().regex(/^\d{1,9}$/, 'not a count'),
  settlementCurrency: currency,
  feeAmountValue: intString,
  settlementAmountValue: intString,
  taxFeeAmountValue: intString.or(z.literal('')).optional(),
});

/**
 * One transaction row as parsed: what the journal stores (SettlementRowInput; amountMinor is signed,
 * money to the shop positive, refunds and cancels negative whatever the file's sign) plus the ids the
 * import checks against this terminal before it stores anything.
 */
export interface SettlementRow extends SettlementRowInput {
  readonly customerId: string;
  readonly referenceMerchantId: string | null;
}

/** One batch and currency of a summary file: its TOTAL row, or the sum of its typed rows when it has none. */
export interface SummaryRow {
  readonly lineNo: number;
  readonly batchId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly count: number;
  /** Gross, derived: settlement + fee + tax (the summary no longer carries it). */
  readonly transactionMinor: number;
  readonly feeMinor: number;
  readonly settlementMinor: number;
}

export type ParsedSettlementFile =
  | { readonly kind: 'transactionItems' | 'settlementItems'; readonly rows: readonly SettlementRow[] }
  | { readonly kind: 'settlementSummary'; readonly rows: readonly SummaryRow[] };

/** Decodes as UTF-8 or explains why not: a GBK file (re-saved by a spreadsheet) is named as such. */
export function decodeSettlementBytes(fileName: string, bytes: Uint8Array): string {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const asGbk = iconv.decode(Buffer.from(body), 'gbk');
    const looksGbk = !asGbk.includes('\uFFFD') && /[\u4e00-\u9fff]/.test(asGbk);
    throw new SettlementFileError(
      fileName,
      looksGbk
        ? 'the file is GBK-encoded, not UTF-8 as Alipay delivers it (it was probably re-saved by a spreadsheet): import the original file'
        : 'the file is not valid UTF-8 text: import the original file as delivered',
      { encoding: looksGbk ? 'gbk' : 'unknown' },
    );
  }
}

/** Splits CSV text into records (RFC 4180: quoted fields may hold commas, quotes and newlines). */
export function* csvRecords(text: string): Generator<{ lineNo: number; cells: string[] }> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    for (;;) {
      if (text.charCodeAt(i) === 34 /* " */) {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error(`line ${startLine}: unterminated quoted field`);
          cell += text.slice(i, q);
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          if (text.charCodeAt(q + 1) === 34) {
            cell += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      // Unquoted run up to the next comma or line end.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      cell += text.slice(i, j);
      i = j;
      cells.push(cell);
      cell = '';
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    yield { lineNo: startLine, cells };
  }
}

export interface ParseOptions {
  /** Called every `every` rows so a long file can report progress and be cancelled. */
  readonly onRows?: (rows: number) => void | Promise<void>;
  readonly every?: number;
}

/**
 * Parses one file of a known kind. Every problem is an error naming the line: a short row, a
 * malformed amount, a missing `<END>` (an incomplete download), anything after `<END>`.
 */
export async function parseSettlementFile(fileName: string, kind: SettlementFileKind, bytes: Uint8Array, opts: ParseOptions = {}): Promise<ParsedSettlementFile> {
  const text = decodeSettlementBytes(fileName, bytes);
  const required = REQUIRED_COLUMNS[kind];
  let header: string[] | null = null;
  let columns: Map<string, number> | null = null;
  let ended = false;
  const rows: SettlementRow[] = [];
  const typed: TypedSummaryRow[] = [];
  const every = opts.every ?? 5_000;
  let count = 0;
  try {
    for (const { lineNo, cells } of csvRecords(text)) {
      if (cells.length === 1 && cells[0]!.trim() === '') continue; // blank line
      if (ended) throw new SettlementFileError(fileName, `line ${lineNo}: content after <END>`, { line: lineNo });
      if (cells.length === 1 && cells[0]!.trim() === '<END>') {
        ended = true;
        continue;
      }
      if (!header) {
        header = cells.map((c) => c.trim());
        const missing = required.filter((c) => !header!.includes(c));
        if (missing.length > 0) throw new SettlementFileError(fileName, `line ${lineNo}: not a ${kind} header (missing ${missing.join(', ')})`, { line: lineNo, missing });
        columns = new Map(header.map((h, i) => [h, i]));
        continue;
      }
      if (cells.length !== header.length) {
        throw new SettlementFileError(fileName, `line ${lineNo}: ${cells.length} fields, the header has ${header.length}`, { line: lineNo });
      }
      if (kind === 'settlementSummary') {
        const record: Record<string, string> = {};
        for (let k = 0; k < header.length; k++) record[header[k]!] = cells[k]!;
        typed.push(toSummary(fileName, lineNo, record));
      } else {
        rows.push(toRow({ fileName, lineNo, cells, col: columns! }));
      }
      count++;
      if (opts.onRows && count % every === 0) await opts.onRows(count);
    }
  } catch (e) {
    if (e instanceof PosError) throw e;
    throw new SettlementFileError(fileName, (e as Error).message);
  }
  if (!header) throw new SettlementFileError(fileName, 'the file is empty');
  if (!ended) throw new SettlementFileError(fileName, 'no <END> line: the file is incomplete (download interrupted?); fetch it again', { reason: 'noEnd' });
  await opts.onRows?.(count);
  return kind === 'settlementSummary' ? { kind, rows: collapseSummary(fileName, typed) } : { kind, rows };
}

function issueText(fileName: string, lineNo: number, err: z.ZodError): SettlementFileError {
  const first = err.issues[0];
  const column = first?.path.join('.') ?? '?';
  return new SettlementFileError(fileName, `line ${lineNo}, ${column}: ${first?.message ?? 'invalid'}`, { line: lineNo, column });
}

const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const INT_RE = /^-?\d{1,15}$/;
const TYPES: ReadonlySet<string> = new Set<TransactionType>(['PAYMENT', 'REFUND', 'CANCEL']);

/**
 * Item rows are checked by hand rather than by a zod object: a 100,000-row file must import in well
 * under a second, and per-row schema objects cost more than everything else together. The rules
 * are those of the summary schema (same messages); AMS datetimes must carry their offset, covered by the bad-input tests.
 */
interface RowCtx {
  readonly fileName: string;
  readonly lineNo: number;
  readonly cells: readonly string[];
  /** Column name → index, from the header (built once per file). */
  readonly col: ReadonlyMap<string, number>;
}

function cell(c: RowCtx, column: string): string | undefined {
  const i = c.col.get(column);
  return i === undefined ? undefined : c.cells[i];
}

// Module-level helpers, not closures per row: a row must cost microseconds.
function bad(c: RowCtx, column: string, message: string): SettlementFileError {
  return new SettlementFileError(c.fileName, `line ${c.lineNo}, ${column}: ${message}`, { line: c.lineNo, column });
}
function text(c: RowCtx, column: string, max = 128): string {
  const v = cell(c, column) ?? '';
  if (v.length > max) throw bad(c, column, 'too long');
  return v;
}
function required(c: RowCtx, column: string): string {
  const v = text(c, column);
  if (v === '') throw bad(c, column, 'empty');
  return v;
}
function int(c: RowCtx, column: string, optional: boolean): number | null {
  const v = cell(c, column);
  if (v === undefined && optional) return null;
  if (v === undefined || !INT_RE.test(v)) throw bad(c, column, 'not a whole number of minor units');
  return Number(v);
}
function cur(c: RowCtx, column: string, optional: boolean): string | null {
  const v = cell(c, column);
  if (v === undefined && optional) return null;
  if (!isCurrencyCode(v)) throw bad(c, column, 'not an ISO 4217 currency');
  return v;
}

function toRow(c: RowCtx): SettlementRow {
  const lineNo = c.lineNo;
  const type = cell(c, 'transactionType') ?? '';
  if (!TYPES.has(type)) throw bad(c, 'transactionType', 'not PAYMENT, REFUND or CANCEL');
  const time = cell(c, 'paymentTime') ?? '';
  if (!ISO_TIME_RE.test(time)) throw bad(c, 'paymentTime', 'not an ISO-8601 time with offset');
  const raw = int(c, 'transactionAmountValue', false)!;
  if (type === 'PAYMENT' && raw <= 0) throw bad(c, 'transactionAmountValue', 'a PAYMENT must be positive');
  const sign = type === 'PAYMENT' ? 1 : -1;
  const settlement = int(c, 'settlementAmountValue', true);
  const fee = int(c, 'feeAmountValue', true);
  return {
    lineNo,
    customerId: required(c, 'customerId'),
    referenceMerchantId: text(c, 'referenceMerchantId', 64) || null,
    referenceStoreId: text(c, 'referenceStoreId', 64) || null,
    transactionId: required(c, 'transactionId'),
    originalTransactionId: text(c, 'originalTransactionId') || null,
    transactionRequestId: required(c, 'transactionRequestId'),
    transactionType: type as TransactionType,
    paymentTime: Date.parse(time),
    amountMinor: sign * Math.abs(raw),
    currency: cur(c, 'transactionCurrency', false)!,
    settlementMinor: settlement === null ? null : sign * Math.abs(settlement),
    settlementCurrency: cur(c, 'settlementCurrency', true),
    feeMinor: fee === null ? null : sign * Math.abs(fee),
  };
}

interface TypedSummaryRow extends SummaryRow {
  readonly summaryType: string;
}

function toSummary(fileName: string, lineNo: number, record: Record<string, string>): TypedSummaryRow {
  const p = summaryRow.safeParse(record);
  if (!p.success) throw issueText(fileName, lineNo, p.error);
  const r = p.data;
  const fee = Number(r.feeAmountValue);
  const tax = r.taxFeeAmountValue ? Number(r.taxFeeAmountValue) : 0;
  const settlement = Number(r.settlementAmountValue);
  return {
    lineNo,
    batchId: r.settlementBatchId,
    customerId: r.customerId,
    currency: r.settlementCurrency,
    summaryType: r.summaryType,
    count: Number(r.count),
    transactionMinor: settlement + fee + tax,
    feeMinor: fee + tax,
    settlementMinor: settlement,
  };
}

/** Per batch and currency: the TOTAL row (exactly one), else the sum of the typed rows. */
function collapseSummary(fileName: string, rows: readonly TypedSummaryRow[]): SummaryRow[] {
  const groups = new Map<string, TypedSummaryRow[]>();
  for (const r of rows) groups.set(`${r.batchId}|${r.currency}`, [...(groups.get(`${r.batchId}|${r.currency}`) ?? []), r]);
  const out: SummaryRow[] = [];
  for (const g of groups.values()) {
    const totals = g.filter((r) => r.summaryType === 'TOTAL');
    if (totals.length > 1) throw new SettlementFileError(fileName, `line ${totals[1]!.lineNo}: a second TOTAL for batch ${totals[1]!.batchId} ${totals[1]!.currency}`, { line: totals[1]!.lineNo });
    const parts = g.filter((r) => r.summaryType !== 'TOTAL');
    const t = totals[0];
    if (t && parts.length > 0) {
      const sum = (f: (r: TypedSummaryRow) => number): number => parts.reduce((s, r) => s + f(r), 0);
      if (sum((r) => r.count) !== t.count || sum((r) => r.settlementMinor) !== t.settlementMinor || sum((r) => r.feeMinor) !== t.feeMinor) {
        throw new SettlementFileError(fileName, `line ${t.lineNo}: the TOTAL of batch ${t.batchId} ${t.currency} is not the sum of its rows`, { line: t.lineNo });
      }
    }
    const { summaryType: _t, ...total } = t ?? g.reduce((a, r) => ({ ...a, count: a.count + r.count, transactionMinor: a.transactionMinor + r.transactionMinor, feeMinor: a.feeMinor + r.feeMinor, settlementMinor: a.settlementMinor + r.settlementMinor }));
    out.push(total);
  }
  return out;
}

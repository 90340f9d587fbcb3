/**
 * Alipay's reconciliation files (AMS.md §8): UTF-8 CSV, header row, last line `<END>`. Parsing is
 * strict because these files decide what the shop is paid: a file that is not exactly that is
 * refused whole, with the line and the reason, never partly taken.
 */
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
const SETTLEMENT_SUMMARY = [
  'settlementBatchId', 'customerId', 'settlementCurrency', 'transactionCount', 'transactionAmountValue', 'feeAmountValue', 'settlementAmountValue', 'settlementTime',
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
  m = /^settlementSummary_.*_(\d{8})_\d+\.csv$/i.exec(name);
  if (m) return { kind: 'settlementSummary', day: m[1]! };
  return null;
}

const intString = z.string().regex(/^-?\d{1,15}$/, 'not a whole number of minor units');
const currency = z.string().refine(isCurrencyCode, 'not an ISO 4217 currency');
const isoTime = z.string().transform((s, ctx) => {
  // AMS datetimes carry their offset; one without is ambiguous and refused.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'not an ISO-8601 time with offset' });
    return z.NEVER;
  }
  return Date.parse(s);
});
const nonEmpty = z.string().min(1, 'empty').max(128, 'too long');

const itemRow = z.object({
  customerId: nonEmpty,
  referenceMerchantId: z.string().max(64).optional(),
  referenceStoreId: z.string().max(64).optional(),
  transactionId: nonEmpty,
  originalTransactionId: z.string().max(128),
  transactionRequestId: nonEmpty,
  transactionType: z.enum(['PAYMENT', 'REFUND', 'CANCEL']),
  paymentTime: isoTime,
  transactionAmountValue: intString,
  transactionCurrency: currency,
  settlementAmountValue: intString.optional(),
  settlementCurrency: currency.optional(),
  feeAmountValue: intString.optional(),
});

const summaryRow = z.object({
  settlementBatchId: nonEmpty,
  customerId: nonEmpty,
  settlementCurrency: currency,
  transactionCount: z.string().regex(/^\d{1,9}$/, 'not a count'),
  transactionAmountValue: intString,
  feeAmountValue: intString,
  settlementAmountValue: intString,
});

export interface SettlementRow {
  readonly lineNo: number;
  readonly customerId: string;
  readonly referenceMerchantId: string | null;
  readonly referenceStoreId: string | null;
  readonly transactionId: string;
  readonly originalTransactionId: string | null;
  readonly transactionRequestId: string;
  readonly transactionType: TransactionType;
  readonly paymentTime: number;
  /** Signed: money to the shop is positive; refunds and cancels are negative whatever the file's sign. */
  readonly amountMinor: number;
  readonly currency: string;
  readonly settlementMinor: number | null;
  readonly settlementCurrency: string | null;
  readonly feeMinor: number | null;
}

export interface SummaryRow {
  readonly batchId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly count: number;
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
  let ended = false;
  const rows: SettlementRow[] = [];
  const summary: SummaryRow[] = [];
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
        continue;
      }
      if (cells.length !== header.length) {
        throw new SettlementFileError(fileName, `line ${lineNo}: ${cells.length} fields, the header has ${header.length}`, { line: lineNo });
      }
      const record: Record<string, string> = {};
      for (let k = 0; k < header.length; k++) record[header[k]!] = cells[k]!;
      if (kind === 'settlementSummary') summary.push(toSummary(fileName, lineNo, record));
      else rows.push(toRow(fileName, lineNo, record));
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
  return kind === 'settlementSummary' ? { kind, rows: summary } : { kind, rows };
}

function issueText(fileName: string, lineNo: number, err: z.ZodError): SettlementFileError {
  const first = err.issues[0];
  const column = first?.path.join('.') ?? '?';
  return new SettlementFileError(fileName, `line ${lineNo}, ${column}: ${first?.message ?? 'invalid'}`, { line: lineNo, column });
}

function toRow(fileName: string, lineNo: number, record: Record<string, string>): SettlementRow {
  const p = itemRow.safeParse(record);
  if (!p.success) throw issueText(fileName, lineNo, p.error);
  const r = p.data;
  const raw = Number(r.transactionAmountValue);
  if (r.transactionType === 'PAYMENT' && raw <= 0) throw new SettlementFileError(fileName, `line ${lineNo}, transactionAmountValue: a PAYMENT must be positive`, { line: lineNo });
  const sign = r.transactionType === 'PAYMENT' ? 1 : -1;
  const signed = (v: string | undefined): number | null => (v === undefined ? null : sign * Math.abs(Number(v)));
  return {
    lineNo,
    customerId: r.customerId,
    referenceMerchantId: r.referenceMerchantId || null,
    referenceStoreId: r.referenceStoreId || null,
    transactionId: r.transactionId,
    originalTransactionId: r.originalTransactionId || null,
    transactionRequestId: r.transactionRequestId,
    transactionType: r.transactionType,
    paymentTime: r.paymentTime,
    amountMinor: sign * Math.abs(raw),
    currency: r.transactionCurrency,
    settlementMinor: signed(r.settlementAmountValue),
    settlementCurrency: r.settlementCurrency ?? null,
    feeMinor: signed(r.feeAmountValue),
  };
}

function toSummary(fileName: string, lineNo: number, record: Record<string, string>): SummaryRow {
  const p = summaryRow.safeParse(record);
  if (!p.success) throw issueText(fileName, lineNo, p.error);
  const r = p.data;
  return {
    batchId: r.settlementBatchId,
    customerId: r.customerId,
    currency: r.settlementCurrency,
    count: Number(r.transactionCount),
    transactionMinor: Number(r.transactionAmountValue),
    feeMinor: Number(r.feeAmountValue),
    settlementMinor: Number(r.settlementAmountValue),
  };
}

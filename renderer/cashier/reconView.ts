/**
 * Reconciliation panel helpers: progress of a running import, what an import result amounts to,
 * the reconciliation's items by list, signed amounts and which message explains an import error.
 * Pure, so the panel stays layout and the rules here are unit-tested.
 */
import { formatMajor, money } from '../../shared/domain/money';
import type { ImportProgress, ImportResult, ReconItem, ReconStatus } from '../../shared/domain/report';

/** Lists in the order a manager works through them: what needs action first, matched last. */
export const RECON_LISTS: readonly ReconStatus[] = ['mismatch', 'missingOurs', 'missingAlipay', 'matched'];

/** Rows drawn per list; a big day's full list is in the CSV export, not in the DOM. */
export const RECON_ROW_LIMIT = 200;

/**
 * 0–100, or null while nothing measurable is done yet. Bytes when the station knows the total (files
 * differ a lot in size), else files done. The station counts a file's bytes once the file is checked,
 * so a single long file would sit at 0 % for its whole run: that is shown as "working", not as stuck.
 */
export function progressPercent(p: ImportProgress): number | null {
  if (p.phase === 'done') return 100;
  const ratio = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  if (ratio <= 0) return null;
  return Math.max(0, Math.min(100, Math.round(ratio * 100)));
}

export function isImportRunning(p: ImportProgress | null): boolean {
  return p !== null && (p.phase === 'reading' || p.phase === 'checking' || p.phase === 'writing');
}

export interface ImportSummary {
  readonly imported: number;
  readonly alreadyImported: number;
  readonly rows: number;
  /** Every file was imported before: the import changed nothing, which the manager should be told. */
  readonly nothingChanged: boolean;
  /** Files in the drop folder the import could not use (named so the manager can fix the sync). */
  readonly unrecognised: readonly string[];
}

export function importSummary(r: ImportResult): ImportSummary {
  let imported = 0;
  let alreadyImported = 0;
  let rows = 0;
  for (const f of r.files) {
    if (f.status === 'imported') {
      imported += 1;
      rows += f.import.rows;
    } else alreadyImported += 1;
  }
  return { imported, alreadyImported, rows, nothingChanged: imported === 0, unrecognised: r.unrecognised.map((u) => u.fileName) };
}

/** The reconciliation's items split into its lists, each in the station's order. */
export function itemsByList(items: readonly ReconItem[]): Record<ReconStatus, ReconItem[]> {
  const out: Record<ReconStatus, ReconItem[]> = { mismatch: [], missingOurs: [], missingAlipay: [], matched: [] };
  for (const i of items) out[i.status].push(i);
  return out;
}

/**
 * "CNY 12.50" / "−CNY 2.50": Alipay's rows carry refunds and cancels as negative amounts, which the
 * Money type refuses, so the sign is put in front of the formatted absolute value.
 */
export function signedAmountText(minor: number, currency: string): string {
  const sign = minor < 0 ? '−' : '';
  try {
    return `${sign}${currency} ${formatMajor(money(Math.abs(minor), currency, { allowZero: true }))}`;
  } catch {
    return `${currency} ${minor}`;
  }
}

/** A job id the station accepts ([A-Za-z0-9_-]{1,64}), unique enough per click. */
export function newImportJobId(now: number, random: number): string {
  return `ui-${now.toString(36)}-${Math.floor(random * 36 ** 6).toString(36)}`;
}

/**
 * The recon.errors key that explains an import refusal in the cashier's language. A file that is
 * GBK or cut short gets its own message: the fix (take the original file, fetch it again) differs.
 */
export function importErrorKey(code: string, details?: Readonly<Record<string, unknown>>): string {
  switch (code) {
    case 'SETTLEMENT_INVALID':
      if (details?.encoding === 'gbk') return 'recon.errors.gbk';
      if (details?.encoding === 'unknown') return 'recon.errors.notUtf8';
      if (details?.reason === 'noEnd') return 'recon.errors.noEnd';
      if (Array.isArray(details?.unrecognised)) return 'unrecognisedFiles.none';
      return 'recon.errors.SETTLEMENT_INVALID';
    case 'SETTLEMENT_DUPLICATE':
    case 'SETTLEMENT_WRONG_FILE':
    case 'CANCELLED':
    case 'NOT_FOUND':
    case 'CONFLICT':
      return `recon.errors.${code}`;
    default:
      return 'recon.errors.generic';
  }
}

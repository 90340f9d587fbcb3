/**
 * A 当面付 bill written into the settlement tables (migration 0040) the end-of-day reconciliation
 * already reads: the detail file as `transactionItems` and `settlementItems` rows (it is both: amounts,
 * fees and what the merchant receives), the summary as `settlementSummary`. One transaction; a bill
 * imported before (same bytes) changes nothing; rows imported before from other bytes are refused.
 */
import type { Db } from '../openJournal';

export interface CnBillImportRow {
  readonly lineNo: number;
  readonly transactionId: string;
  readonly requestId: string;
  readonly type: 'PAYMENT' | 'REFUND' | 'CANCEL';
  readonly at: number;
  readonly minor: number;
  readonly feeMinor: number;
  readonly storeId: string | null;
}

export interface CnBillImport {
  readonly date: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly account: string;
  readonly rows: readonly CnBillImportRow[];
  readonly summaries: readonly { readonly storeId: string; readonly count: number; readonly minor: number; readonly feeMinor: number; readonly netMinor: number }[];
  readonly now: number;
}

export type CnBillImportResult = { readonly status: 'imported'; readonly importIds: readonly number[] } | { readonly status: 'alreadyImported'; readonly importId: number } | { readonly status: 'duplicateRows'; readonly transactionIds: readonly string[] };

export function importCnBillRows(db: Db, b: CnBillImport): CnBillImportResult {
  const known = db.prepare('SELECT id FROM settlement_imports WHERE file_sha256 = ?').get(b.sha256) as { id: number } | undefined;
  if (known) return { status: 'alreadyImported', importId: known.id };
  const insImport = db.prepare('INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insRow = db.prepare(`INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, original_transaction_id, transaction_request_id, transaction_type,
    payment_time, amount_minor, currency, reference_store_id, settlement_minor, settlement_currency, fee_minor) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'CNY', ?, ?, 'CNY', ?)`);
  try {
    return db.transaction((): CnBillImportResult => {
      const id = Number(insImport.run('transactionItems', b.fileName, b.sha256, b.date, b.account, b.rows.length, b.now).lastInsertRowid);
      for (const r of b.rows) insRow.run(id, 'transactionItems', r.lineNo, b.date, r.transactionId, r.requestId, r.type, r.at, r.minor, r.storeId, r.minor - r.feeMinor, r.feeMinor);
      const ids = [id];
      return { status: 'imported', importIds: ids };
    }).immediate();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
    const clash = db.prepare("SELECT transaction_id FROM settlement_rows WHERE kind = 'transactionItems' AND transaction_id IN (SELECT value FROM json_each(?)) LIMIT 20")
      .pluck().all(JSON.stringify(b.rows.map((r) => r.transactionId))) as string[];
    return { status: 'duplicateRows', transactionIds: clash };
  }
}

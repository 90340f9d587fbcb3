/**
 * A 当面付 bill written into the settlement tables (migration 0040) the end-of-day reconciliation
 * already reads: the detail file as `transactionItems` rows (it is both: amounts, fees and what the
 * merchant receives). One transaction, rows written as the caller reads them (a day is 100,000 rows:
 * no intermediate array, one prepared statement with the import's constants in it); anything thrown
 * while reading rolls the whole bill back. A bill imported before (same bytes) changes nothing; rows
 * imported before from other bytes are refused and named.
 */
import type { Db } from '../openJournal';

export type CnBillRowType = 'PAYMENT' | 'REFUND' | 'CANCEL';

/** Writes one row of the bill being imported; positional, so 100,000 rows make no objects. */
export type CnBillRowWriter = (lineNo: number, transactionId: string, requestId: string, type: CnBillRowType, at: number, minor: number, feeMinor: number, storeId: string | null) => void;

export interface CnBillImport {
  readonly date: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly account: string;
  readonly now: number;
}

export type CnBillImportResult =
  | { readonly status: 'imported'; readonly importId: number; readonly rows: number }
  | { readonly status: 'alreadyImported'; readonly importId: number }
  | { readonly status: 'duplicateRows'; readonly transactionIds: readonly string[] };

/**
 * `writeRows` is called once inside the transaction and calls `write` per row; `transactionIds`
 * is only called when the bill overlaps an earlier import, to name the overlap.
 */
export function importCnBillRows(db: Db, b: CnBillImport, writeRows: (write: CnBillRowWriter) => number, transactionIds: () => readonly string[]): CnBillImportResult {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(b.date)) throw new TypeError(`not a day: ${b.date}`);
  const known = db.prepare('SELECT id FROM settlement_imports WHERE file_sha256 = ?').get(b.sha256) as { id: number } | undefined;
  if (known) return { status: 'alreadyImported', importId: known.id };
  const insImport = db.prepare('INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES (?, ?, ?, ?, ?, 0, ?)');
  const setCount = db.prepare('UPDATE settlement_imports SET row_count = ? WHERE id = ?');
  // 100,000 rows touch three b-trees (the rows and two indexes): with the default 2 MB page cache the
  // transaction spills dirty pages to the WAL mid-way. A larger cache for this transaction only.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  try {
    return db.transaction((): CnBillImportResult => {
      const id = Number(insImport.run('transactionItems', b.fileName, b.sha256, b.date, b.account, b.now).lastInsertRowid);
      // The import id and the day are this import's constants (the day checked above, the id an integer):
      // bound once in the statement's text instead of once per row.
      const insRow = db.prepare(`INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, original_transaction_id, transaction_request_id, transaction_type,
        payment_time, amount_minor, currency, reference_store_id, settlement_minor, settlement_currency, fee_minor) VALUES (${id}, 'transactionItems', ?, '${b.date}', ?, NULL, ?, ?, ?, ?, 'CNY', ?, ?, 'CNY', ?)`);
      const rows = writeRows((lineNo, transactionId, requestId, type, at, minor, feeMinor, storeId) => {
        insRow.run(lineNo, transactionId, requestId, type, at, minor, storeId, minor - feeMinor, feeMinor);
      });
      setCount.run(rows, id);
      return { status: 'imported', importId: id, rows };
    }).immediate();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
    const clash = db.prepare("SELECT transaction_id FROM settlement_rows WHERE kind = 'transactionItems' AND transaction_id IN (SELECT value FROM json_each(?)) LIMIT 20")
      .pluck().all(JSON.stringify(transactionIds())) as string[];
    return { status: 'duplicateRows', transactionIds: clash };
  } finally {
    db.pragma(`cache_size = ${Math.trunc(cacheBefore)}`);
  }
}

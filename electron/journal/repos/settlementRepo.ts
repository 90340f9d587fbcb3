/**
 * Alipay's settlement files as imported (settlement_imports, settlement_rows, settlement_summaries,
 * migration 0040) and the reads reconciliation makes of them beside payment_attempts and refunds.
 * The 当面付 bill import writes the same tables through cnBillRepo.
 */
import type { Db } from '../openJournal';
import type { SettlementFileKind, SettlementImport, TransactionType } from '../../../shared/domain/report';
import { lazyStatement, readStatement } from './readStatement';

/** One transaction row of a transactionItems or settlementItems file, as written. */
export interface SettlementRowInput {
  readonly lineNo: number;
  readonly transactionId: string;
  readonly originalTransactionId: string | null;
  readonly transactionRequestId: string;
  readonly transactionType: TransactionType;
  readonly paymentTime: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly referenceStoreId: string | null;
  readonly settlementMinor: number | null;
  readonly settlementCurrency: string | null;
  readonly feeMinor: number | null;
}

/** One batch × currency line of a settlementSummary file. */
export interface SummaryRowInput {
  readonly batchId: string;
  readonly currency: string;
  readonly count: number;
  readonly transactionMinor: number;
  readonly feeMinor: number;
  readonly settlementMinor: number;
}

export type SettlementFileInput = { readonly fileName: string; readonly sha256: string; readonly customerId: string } & (
  | { readonly kind: 'transactionItems' | 'settlementItems'; readonly rows: readonly SettlementRowInput[] }
  | { readonly kind: 'settlementSummary'; readonly rows: readonly SummaryRowInput[] }
);

/** An attempt as reconciliation needs it; flags and reversal_id only for the statuses that use them. */
export interface ReconAttemptRow {
  readonly id: string;
  readonly status: string;
  readonly payment_id: string | null;
  readonly amount_minor: number;
  readonly currency: string;
  readonly created_at: number;
  readonly updated_at: number;
  readonly paid_at: number | null;
  readonly flags: string | null;
  readonly reversal_id: string | null;
}

export interface ReconRefundRow {
  readonly id: string;
  readonly status: string;
  readonly refund_id: string | null;
  readonly amount_minor: number;
  readonly currency: string;
  readonly updated_at: number;
}

/** A transaction-items row of Alipay's file. */
export interface AlipayRow {
  readonly type: TransactionType;
  readonly requestId: string;
  readonly transactionId: string;
  readonly minor: number;
  readonly currency: string;
  readonly at: number;
  readonly settlementDate: string;
}

/** The Alipay day being reconciled: [start, end); attempts from `from` on; plain matches created before `innerEnd`. */
export interface ReconWindow {
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly innerEnd: number;
  readonly from: number;
}

export interface SettlementCheckRows {
  readonly items: ReadonlyArray<{ currency: string; n: number; amount: number }>;
  readonly settled: ReadonlyArray<{ currency: string; n: number; amount: number; fee: number; net: number }>;
  readonly summary: ReadonlyArray<{ currency: string; n: number; amount: number; fee: number; net: number }>;
  readonly haveSettlement: boolean;
}

export interface SettlementReads {
  importBySha(sha256: string): { readonly id: number } | undefined;
  summaryImported(batchId: string, currency: string): boolean;
  /** Which of `ids` are already imported as `kind` rows. */
  importedTransactionIds(kind: SettlementFileKind, ids: readonly string[]): string[];
  listImports(date: string): SettlementImport[];
  checkRows(date: string): SettlementCheckRows;
  /**
   * Paid, reversed and cancelled attempts created in [from, end); with `skipPlain`, without those
   * settled by a plain match in SQL (counted by plainMatches instead).
   */
  reconAttempts(w: ReconWindow, skipPlain: boolean): ReconAttemptRow[];
  succeededRefunds(start: number, end: number): ReconRefundRow[];
  /** The day's transaction-items rows; with `skipPlain`, without the plain matches. */
  alipayRows(w: ReconWindow, skipPlain: boolean): AlipayRow[];
  plainMatches(w: ReconWindow): Array<{ currency: string; n: number; minor: number }>;
  attemptsByIds(ids: readonly string[]): ReconAttemptRow[];
  refundsByIds(ids: readonly string[]): ReconRefundRow[];
  /** The same request ids booked in another day's imported transaction items. */
  bookedElsewhere(date: string, requestIds: readonly string[]): Array<{ type: TransactionType; requestId: string; date: string }>;
}

export interface SettlementWrites {
  /** All the files of one import in one IMMEDIATE transaction: all or nothing. */
  writeImports(files: readonly SettlementFileInput[], date: string, now: () => number): SettlementImport[];
}

// Flags and the reversal's refund id only matter for cancelled and reversed attempts: skip the JSON for the rest.
const ATTEMPT_COLUMNS = `a.id AS id, status, payment_id, amount_minor, currency, created_at, updated_at,
  json_extract(state_json, '$.paidAt') AS paid_at,
  CASE WHEN status IN ('cancelled','reversed') THEN json_extract(state_json, '$.flags') END AS flags,
  CASE WHEN status = 'reversed' THEN json_extract(state_json, '$.refundRequestId') END AS reversal_id`;

/**
 * A plain match, decidable in SQL: a succeeded attempt created well inside the day (so it was paid
 * inside it too) and Alipay's PAYMENT row for it with the same paymentId (or none known yet), amount
 * and currency. Everything else goes through reconcile() one by one.
 */
const PLAIN_MATCH = `a.status = 'succeeded' AND a.created_at >= @start AND a.created_at < @innerEnd
  AND s.transaction_type = 'PAYMENT' AND a.amount_minor = s.amount_minor AND a.currency = s.currency
  AND (a.payment_id IS NULL OR a.payment_id = s.transaction_id)`;

const reads = new WeakMap<Db, SettlementReads>();
const writes = new WeakMap<Db, SettlementWrites>();

export function settlementReads(db: Db): SettlementReads {
  const hit = reads.get(db);
  if (hit) return hit;
  const q = (sql: string) => readStatement(db, sql);
  const bySha = q('SELECT id FROM settlement_imports WHERE file_sha256 = ?');
  const summary = q('SELECT 1 FROM settlement_summaries WHERE batch_id = ? AND currency = ?');
  const imported = q('SELECT transaction_id FROM settlement_rows WHERE kind = ? AND transaction_id IN (SELECT value FROM json_each(?))');
  const list = q('SELECT id, kind, file_name AS fileName, settlement_date AS settlementDate, row_count AS rows, imported_at AS importedAt FROM settlement_imports WHERE settlement_date = ? ORDER BY id');
  const checkItems = q(`SELECT currency, count(*) AS n, sum(amount_minor) AS amount FROM settlement_rows WHERE settlement_date = ? AND kind = 'transactionItems' GROUP BY currency`);
  const checkSettled = q(`SELECT currency, count(*) AS n, sum(amount_minor) AS amount, sum(fee_minor) AS fee, sum(settlement_minor) AS net FROM settlement_rows WHERE settlement_date = ? AND kind = 'settlementItems' GROUP BY currency`);
  const checkSummary = q(`SELECT s.currency, sum(s.transaction_count) AS n, sum(s.transaction_minor) AS amount, sum(s.fee_minor) AS fee, sum(s.settlement_minor) AS net
    FROM settlement_summaries s JOIN settlement_imports i ON i.id = s.import_id WHERE i.settlement_date = ? GROUP BY s.currency`);
  const haveSettlement = q("SELECT count(*) AS n FROM settlement_imports WHERE settlement_date = ? AND kind IN ('settlementItems','settlementSummary')");
  const attempts = (skipPlain: boolean) => q(`SELECT ${ATTEMPT_COLUMNS} FROM payment_attempts a WHERE created_at >= @from AND created_at < @end AND status IN ('succeeded','reversed','cancelled')
    ${skipPlain ? `AND NOT EXISTS (SELECT 1 FROM settlement_rows s WHERE s.transaction_request_id = a.id AND s.settlement_date = @date AND s.kind = 'transactionItems' AND ${PLAIN_MATCH})` : ''}`);
  const attemptsAll = attempts(false);
  const attemptsUnmatched = attempts(true);
  const refunds = q("SELECT id, status, refund_id, amount_minor, currency, updated_at FROM refunds WHERE status = 'succeeded' AND updated_at >= ? AND updated_at < ?");
  const alipay = (skipPlain: boolean) => q(`SELECT transaction_type AS type, transaction_request_id AS requestId, transaction_id AS transactionId, amount_minor AS minor, currency, payment_time AS at, settlement_date AS settlementDate
    FROM settlement_rows s WHERE settlement_date = @date AND kind = 'transactionItems'
    ${skipPlain ? `AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.id = s.transaction_request_id AND ${PLAIN_MATCH})` : ''}`);
  const alipayAll = alipay(false);
  const alipayUnmatched = alipay(true);
  const preMatched = q(`SELECT s.currency, count(*) AS n, sum(s.amount_minor) AS minor FROM settlement_rows s JOIN payment_attempts a ON a.id = s.transaction_request_id
        WHERE s.settlement_date = @date AND s.kind = 'transactionItems' AND ${PLAIN_MATCH} GROUP BY s.currency`);
  const attemptsIn = q(`SELECT ${ATTEMPT_COLUMNS} FROM payment_attempts a WHERE a.id IN (SELECT value FROM json_each(?))`);
  const refundsIn = q('SELECT id, status, refund_id, amount_minor, currency, updated_at FROM refunds WHERE id IN (SELECT value FROM json_each(?))');
  const elsewhere = q(`SELECT transaction_type AS type, transaction_request_id AS requestId, settlement_date AS date FROM settlement_rows
      WHERE kind = 'transactionItems' AND settlement_date <> ? AND transaction_request_id IN (SELECT value FROM json_each(?))`);

  const r: SettlementReads = {
    importBySha: (sha) => bySha().get(sha) as { id: number } | undefined,
    summaryImported: (batchId, currency) => summary().get(batchId, currency) !== undefined,
    importedTransactionIds(kind, ids) {
      const found: string[] = [];
      for (let i = 0; i < ids.length; i += 20_000) {
        for (const row of imported().all(kind, JSON.stringify(ids.slice(i, i + 20_000))) as Array<{ transaction_id: string }>) found.push(row.transaction_id);
      }
      return found;
    },
    listImports: (date) => list().all(date) as SettlementImport[],
    checkRows: (date) => ({
      items: checkItems().all(date) as SettlementCheckRows['items'],
      settled: checkSettled().all(date) as SettlementCheckRows['settled'],
      summary: checkSummary().all(date) as SettlementCheckRows['summary'],
      haveSettlement: (haveSettlement().get(date) as { n: number }).n > 0,
    }),
    reconAttempts: (w, skipPlain) => (skipPlain ? attemptsUnmatched : attemptsAll)().all(w) as ReconAttemptRow[],
    succeededRefunds: (start, end) => refunds().all(start, end) as ReconRefundRow[],
    alipayRows: (w, skipPlain) => (skipPlain ? alipayUnmatched : alipayAll)().all(w) as AlipayRow[],
    plainMatches: (w) => preMatched().all(w) as Array<{ currency: string; n: number; minor: number }>,
    attemptsByIds: (ids) => attemptsIn().all(JSON.stringify(ids)) as ReconAttemptRow[],
    refundsByIds: (ids) => refundsIn().all(JSON.stringify(ids)) as ReconRefundRow[],
    bookedElsewhere: (date, ids) => elsewhere().all(date, JSON.stringify(ids)) as Array<{ type: TransactionType; requestId: string; date: string }>,
  };
  reads.set(db, r);
  return r;
}

export function settlementWrites(db: Db): SettlementWrites {
  const hit = writes.get(db);
  if (hit) return hit;
  const insImport = lazyStatement(db, 'INSERT INTO settlement_imports (kind, file_name, file_sha256, settlement_date, customer_id, row_count, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insRow = lazyStatement(db, `INSERT INTO settlement_rows (import_id, kind, line_no, settlement_date, transaction_id, original_transaction_id, transaction_request_id, transaction_type,
    payment_time, amount_minor, currency, reference_store_id, settlement_minor, settlement_currency, fee_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insSummary = lazyStatement(db, 'INSERT INTO settlement_summaries (import_id, batch_id, currency, transaction_count, transaction_minor, fee_minor, settlement_minor) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const w: SettlementWrites = {
    writeImports: (files, date, now) =>
      db.transaction(() => {
        const at = now();
        return files.map((f): SettlementImport => {
          const id = Number(insImport().run(f.kind, f.fileName, f.sha256, date, f.customerId, f.rows.length, at).lastInsertRowid);
          if (f.kind === 'settlementSummary') {
            const ins = insSummary();
            for (const r of f.rows) ins.run(id, r.batchId, r.currency, r.count, r.transactionMinor, r.feeMinor, r.settlementMinor);
          } else {
            const ins = insRow();
            for (const r of f.rows) {
              ins.run(id, f.kind, r.lineNo, date, r.transactionId, r.originalTransactionId, r.transactionRequestId, r.transactionType, r.paymentTime, r.amountMinor, r.currency, r.referenceStoreId, r.settlementMinor, r.settlementCurrency, r.feeMinor);
            }
          }
          return { id, kind: f.kind, fileName: f.fileName, settlementDate: date, rows: f.rows.length, importedAt: at };
        });
      }).immediate(),
  };
  writes.set(db, w);
  return w;
}

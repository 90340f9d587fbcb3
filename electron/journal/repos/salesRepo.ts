/**
 * sales, with the cash parts beside them (sale_tenders, cash_refunds: 0140-shifts) that decide
 * whether a sale is covered, and the history search (indexes: migration 0050). Statements only: what
 * a status means is payments/store/paymentStore.ts.
 */
import type { Db } from '../openJournal';
import type { SaleStatus } from '../../../shared/domain/payment';
import type { SaleId } from '../../../shared/domain/ids';

export interface SaleRow {
  id: SaleId; created_at: number; updated_at: number; status: SaleStatus; amount_minor: number; currency: string; description: string | null;
}

export interface CashTenderRow {
  id: string; applied_minor: number; tendered_minor: number; change_minor: number; rounding_minor: number; currency: string; created_at: number;
}

export interface CashRefundRow { id: string; amount_minor: number; currency: string; reason: string | null; created_at: number }

export interface NewSale {
  readonly id: SaleId; readonly at: number; readonly amountMinor: number; readonly currency: string; readonly description: string | null; readonly cashierId: string;
}

export interface SaleSearchFilter {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly statuses?: readonly SaleStatus[] | undefined;
  readonly minAmountMinor?: number | undefined;
  readonly maxAmountMinor?: number | undefined;
  readonly codeTail?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface SaleIdPage {
  readonly ids: readonly SaleId[];
  readonly nextCursor: string | null;
}

/** What history, reports and snapshots may do with sales: read. */
export interface SalesReads {
  get(id: SaleId): SaleRow | undefined;
  recentIds(limit: number): SaleId[];
  search(filter: SaleSearchFilter): SaleIdPage;
  cashTenders(saleId: SaleId): CashTenderRow[];
  /** Cash applied to the sale, net of rounding. */
  cashTakenMinor(saleId: SaleId): number;
  cashRefunds(saleId: SaleId): CashRefundRow[];
  cashRefundedMinor(saleId: SaleId): number;
}

export interface SalesRepo extends SalesReads {
  insert(s: NewSale): void;
  setStatus(id: SaleId, status: SaleStatus, at: number): void;
  setAmount(id: SaleId, amountMinor: number, currency: string, at: number): void;
}

export function parseCursor(cursor: string): { createdAt: number; id: string } {
  const i = cursor.indexOf(':');
  return { createdAt: Number(cursor.slice(0, i)), id: cursor.slice(i + 1) };
}

/**
 * The one statement for a history filter (DESIGN §5.4): filters combine with AND; newest first,
 * paged by a (created_at, id) cursor so a page costs the same at the end of a year as on the first
 * day. Values are always bound, never spliced into the SQL.
 */
export function saleSearchSql(f: SaleSearchFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.from !== undefined) {
    where.push('s.created_at >= ?');
    params.push(f.from);
  }
  if (f.to !== undefined) {
    where.push('s.created_at < ?');
    params.push(f.to);
  }
  if (f.statuses !== undefined && f.statuses.length > 0) {
    where.push(`s.status IN (${f.statuses.map(() => '?').join(',')})`);
    params.push(...f.statuses);
  }
  if (f.minAmountMinor !== undefined) {
    where.push('s.amount_minor >= ?');
    params.push(f.minAmountMinor);
  }
  if (f.maxAmountMinor !== undefined) {
    where.push('s.amount_minor <= ?');
    params.push(f.maxAmountMinor);
  }
  if (f.codeTail !== undefined) {
    where.push('s.id IN (SELECT a.sale_id FROM payment_attempts a WHERE a.code_tail = ?)');
    params.push(f.codeTail);
  }
  if (f.cursor !== undefined) {
    const c = parseCursor(f.cursor);
    where.push('(s.created_at < ? OR (s.created_at = ? AND s.id < ?))');
    params.push(c.createdAt, c.createdAt, c.id);
  }
  const sql = `SELECT s.id, s.created_at FROM sales s${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY s.created_at DESC, s.id DESC LIMIT ?`;
  // One extra row says whether there is a next page without a COUNT over the whole table.
  params.push(f.limit + 1);
  return { sql, params };
}

export function searchSaleIds(db: Db, f: SaleSearchFilter): SaleIdPage {
  const { sql, params } = saleSearchSql(f);
  const rows = db.prepare(sql).all(...params) as Array<{ id: string; created_at: number }>;
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { ids: page.map((r) => r.id), nextCursor: rows.length > f.limit && last ? `${last.created_at}:${last.id}` : null };
}

export function createSalesRepo(db: Db): SalesRepo {
  const stmt = {
    insert: db.prepare('INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, description, cashier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    get: db.prepare('SELECT id, created_at, updated_at, status, amount_minor, currency, description FROM sales WHERE id = ?'),
    setStatus: db.prepare('UPDATE sales SET status = ?, updated_at = ? WHERE id = ?'),
    setAmount: db.prepare('UPDATE sales SET amount_minor = ?, currency = ?, updated_at = ? WHERE id = ?'),
    recent: db.prepare('SELECT id FROM sales ORDER BY created_at DESC, id DESC LIMIT ?').pluck(),
    cashTenders: db.prepare('SELECT id, applied_minor, tendered_minor, change_minor, rounding_minor, currency, created_at FROM sale_tenders WHERE sale_id = ? ORDER BY created_at, id'),
    cashTaken: db.prepare('SELECT coalesce(sum(applied_minor - rounding_minor), 0) FROM sale_tenders WHERE sale_id = ?').pluck(),
    cashRefunds: db.prepare('SELECT id, amount_minor, currency, reason, created_at FROM cash_refunds WHERE sale_id = ? ORDER BY created_at, id'),
    cashRefunded: db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM cash_refunds WHERE sale_id = ?').pluck(),
  };
  return {
    insert: (s) => void stmt.insert.run(s.id, s.at, s.at, 'open', s.amountMinor, s.currency, s.description, s.cashierId),
    get: (id) => stmt.get.get(id) as SaleRow | undefined,
    setStatus: (id, status, at) => void stmt.setStatus.run(status, at, id),
    setAmount: (id, amountMinor, currency, at) => void stmt.setAmount.run(amountMinor, currency, at, id),
    recentIds: (limit) => stmt.recent.all(limit) as SaleId[],
    search: (f) => searchSaleIds(db, f),
    cashTenders: (saleId) => stmt.cashTenders.all(saleId) as CashTenderRow[],
    cashTakenMinor: (saleId) => stmt.cashTaken.get(saleId) as number,
    cashRefunds: (saleId) => stmt.cashRefunds.all(saleId) as CashRefundRow[],
    cashRefundedMinor: (saleId) => stmt.cashRefunded.get(saleId) as number,
  };
}

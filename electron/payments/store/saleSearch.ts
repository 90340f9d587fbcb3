/**
 * History search over the journal (DESIGN.md §5.4: refunds start from history). Filters combine with
 * AND; results are newest first and paged by a (created_at, id) cursor, so a page costs the same at
 * the end of a year as on the first day. Indexes used (migration 0050): sales(created_at, id) for the
 * date range and the order, sales(status, created_at) when only some statuses are wanted, and
 * payment_attempts(code_tail) so a code-tail lookup goes straight to its few attempts.
 */
import type { Db } from '../../journal/openJournal';
import type { SaleStatus } from '../../../shared/domain/payment';

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
  readonly ids: readonly string[];
  readonly nextCursor: string | null;
}

export function parseCursor(cursor: string): { createdAt: number; id: string } {
  const i = cursor.indexOf(':');
  return { createdAt: Number(cursor.slice(0, i)), id: cursor.slice(i + 1) };
}

/** Builds the one statement for a filter; values are always bound, never spliced into the SQL. */
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

/**
 * Shifts, cash movements, cash tenders and cash refunds on SQLite (0140-shifts). Statements only:
 * the rules are shared/domain/shift.ts and tender.ts, the wiring is station/shiftService.ts.
 */
import type { Db } from '../openJournal';
import type { CashMovementKind, ShiftReportRows } from '../../../shared/domain/shift';

export interface ShiftRow {
  id: string; terminal_id: string; cashier_id: string; status: 'open' | 'closed'; currency: string; opened_at: number; float_minor: number;
  float_json: string | null; closed_at: number | null; closed_by: string | null; expected_minor: number | null; counted_minor: number | null;
  counted_json: string | null; variance_minor: number | null; approved_by: string | null; handed_from: string | null; auto_opened: number;
}

export interface NewMovement {
  readonly shiftId: string; readonly at: number; readonly kind: CashMovementKind; readonly amountMinor: number; readonly currency: string;
  readonly reason: string | null; readonly actor: string; readonly saleId?: string | null; readonly tenderId?: string | null;
}

export type ShiftRepo = ReturnType<typeof createShiftRepo>;

export function createShiftRepo(db: Db) {
  const stmt = {
    open: db.prepare("SELECT * FROM shifts WHERE terminal_id = ? AND status = 'open'"),
    get: db.prepare('SELECT * FROM shifts WHERE id = ?'),
    insert: db.prepare(`INSERT INTO shifts (id, terminal_id, cashier_id, status, currency, opened_at, float_minor, float_json, handed_from, auto_opened)
      VALUES (@id, @terminal_id, @cashier_id, 'open', @currency, @opened_at, @float_minor, @float_json, @handed_from, @auto_opened)`),
    close: db.prepare(`UPDATE shifts SET status = 'closed', closed_at = @closed_at, closed_by = @closed_by, expected_minor = @expected_minor,
      counted_minor = @counted_minor, counted_json = @counted_json, variance_minor = @variance_minor, approved_by = @approved_by WHERE id = @id AND status = 'open'`),
    movement: db.prepare(`INSERT INTO cash_movements (shift_id, at, kind, amount_minor, currency, reason, actor, sale_id, tender_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    expected: db.prepare(`SELECT coalesce(sum(CASE WHEN kind IN ('float','paidIn','cashSale') THEN amount_minor WHEN kind IN ('paidOut','cashRefund') THEN -amount_minor ELSE 0 END), 0) AS n
      FROM cash_movements WHERE shift_id = ?`),
    movementTotals: db.prepare('SELECT kind, count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM cash_movements WHERE shift_id = ? GROUP BY kind'),
    insertTender: db.prepare(`INSERT INTO sale_tenders (id, sale_id, shift_id, kind, applied_minor, tendered_minor, change_minor, rounding_minor, currency, created_at, actor)
      VALUES (?, ?, ?, 'cash', ?, ?, ?, ?, ?, ?, ?)`),
    insertCashRefund: db.prepare('INSERT INTO cash_refunds (id, sale_id, shift_id, amount_minor, currency, reason, actor, approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    // The shift's Alipay parts (stamped with shift_id when recorded, 0200-shift-scope) that took money
    // at some point (succeeded, or voided afterwards), by scenario.
    alipay: db.prepare(`SELECT scenario, count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM payment_attempts
      WHERE shift_id = ? AND (status = 'succeeded' OR (status IN ('cancelled','reversed') AND json_extract(state_json, '$.reason') = 'void'))
      GROUP BY scenario`),
    voids: db.prepare(`SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM payment_attempts
      WHERE shift_id = ? AND status IN ('cancelled','reversed') AND json_extract(state_json, '$.reason') = 'void'`),
    alipayRefunds: db.prepare(`SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS minor FROM refunds
      WHERE shift_id = ? AND status = 'succeeded'`),
    splitSales: db.prepare(`SELECT count(*) AS n FROM (
        SELECT sale_id FROM (
          SELECT sale_id FROM payment_attempts WHERE shift_id = ? AND status = 'succeeded'
          UNION ALL SELECT sale_id FROM sale_tenders WHERE shift_id = ?)
        GROUP BY sale_id HAVING count(*) > 1)`),
    ofDay: db.prepare('SELECT * FROM shifts WHERE terminal_id = ? AND opened_at < ? AND (closed_at IS NULL OR closed_at >= ?) ORDER BY opened_at'),
    recent: db.prepare('SELECT * FROM shifts WHERE terminal_id = ? ORDER BY opened_at DESC LIMIT ?'),
  };

  return {
    openShift: (terminalId: string) => stmt.open.get(terminalId) as ShiftRow | undefined,
    get: (id: string) => stmt.get.get(id) as ShiftRow | undefined,
    insert: (r: Pick<ShiftRow, 'id' | 'terminal_id' | 'cashier_id' | 'currency' | 'opened_at' | 'float_minor' | 'float_json' | 'handed_from' | 'auto_opened'>) => void stmt.insert.run(r),
    close: (r: Pick<ShiftRow, 'id' | 'closed_at' | 'closed_by' | 'expected_minor' | 'counted_minor' | 'counted_json' | 'variance_minor' | 'approved_by'>) => stmt.close.run(r).changes === 1,
    addMovement: (m: NewMovement) => void stmt.movement.run(m.shiftId, m.at, m.kind, m.amountMinor, m.currency, m.reason, m.actor, m.saleId ?? null, m.tenderId ?? null),
    expectedMinor: (shiftId: string) => (stmt.expected.get(shiftId) as { n: number }).n,
    insertCashTender: (t: { id: string; saleId: string; shiftId: string; appliedMinor: number; tenderedMinor: number; changeMinor: number; roundingMinor: number; currency: string; at: number; actor: string }) =>
      void stmt.insertTender.run(t.id, t.saleId, t.shiftId, t.appliedMinor, t.tenderedMinor, t.changeMinor, t.roundingMinor, t.currency, t.at, t.actor),
    insertCashRefund: (r: { id: string; saleId: string; shiftId: string; amountMinor: number; currency: string; reason: string | null; actor: string; approvedBy: string | null; at: number }) =>
      void stmt.insertCashRefund.run(r.id, r.saleId, r.shiftId, r.amountMinor, r.currency, r.reason, r.actor, r.approvedBy, r.at),
    /** The grouped figures of one shift, by its id: a handful of indexed aggregates, whatever the day's volume. */
    reportRows(shiftId: string): ShiftReportRows {
      const one = (s: typeof stmt.voids): { n: number; minor: number } => s.get(shiftId) as { n: number; minor: number };
      return {
        movements: stmt.movementTotals.all(shiftId) as ShiftReportRows['movements'],
        alipay: stmt.alipay.all(shiftId) as ShiftReportRows['alipay'],
        alipayRefunds: one(stmt.alipayRefunds),
        voids: one(stmt.voids),
        splitSales: (stmt.splitSales.get(shiftId, shiftId) as { n: number }).n,
      };
    },
    /** Shifts that overlap [start, end) of a business day. */
    ofDay: (terminalId: string, start: number, end: number) => stmt.ofDay.all(terminalId, end, start) as ShiftRow[],
    recent: (terminalId: string, limit: number) => stmt.recent.all(terminalId, limit) as ShiftRow[],
  };
}

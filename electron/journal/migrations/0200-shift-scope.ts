import type { Migration } from './migration';

/**
 * The 交班单 is scoped by its shift, not by a time window (issue 14): every Alipay attempt and every
 * Alipay refund carries the shift that was open at this terminal when it was recorded. A window
 * mis-counts whatever lands on the edge of a hand-over (closed and next opened in the same
 * millisecond) and anything recorded while no shift was open. Triggers stamp the column, so the
 * payment engine's statements stay as they are; back-fill uses the window the report used before,
 * so an upgraded journal's old reports read the same.
 */
export const m0200ShiftScope: Migration = {
  version: 200,
  name: 'shift-scope',
  up(db) {
    db.exec(`
      ALTER TABLE payment_attempts ADD COLUMN shift_id TEXT REFERENCES shifts(id);
      ALTER TABLE refunds ADD COLUMN shift_id TEXT REFERENCES shifts(id);

      UPDATE payment_attempts SET shift_id = (
        SELECT s.id FROM shifts s WHERE s.opened_at <= payment_attempts.created_at AND (s.closed_at IS NULL OR s.closed_at >= payment_attempts.created_at)
        ORDER BY s.opened_at DESC LIMIT 1);
      UPDATE refunds SET shift_id = (
        SELECT s.id FROM shifts s WHERE s.opened_at <= refunds.created_at AND (s.closed_at IS NULL OR s.closed_at >= refunds.created_at)
        ORDER BY s.opened_at DESC LIMIT 1);

      CREATE INDEX payment_attempts_shift ON payment_attempts(shift_id, status);
      CREATE INDEX refunds_shift ON refunds(shift_id, status);

      -- At most one shift is open per terminal, and a journal belongs to one terminal.
      CREATE TRIGGER payment_attempts_stamp_shift AFTER INSERT ON payment_attempts WHEN NEW.shift_id IS NULL
      BEGIN
        UPDATE payment_attempts SET shift_id = (SELECT id FROM shifts WHERE status = 'open' ORDER BY opened_at DESC LIMIT 1) WHERE rowid = NEW.rowid;
      END;
      CREATE TRIGGER refunds_stamp_shift AFTER INSERT ON refunds WHEN NEW.shift_id IS NULL
      BEGIN
        UPDATE refunds SET shift_id = (SELECT id FROM shifts WHERE status = 'open' ORDER BY opened_at DESC LIMIT 1) WHERE rowid = NEW.rowid;
      END;
    `);
  },
};

import type { Migration } from './migration';

/**
 * Shifts and cash (issue 14). A shift is one cashier's stretch at one terminal's drawer: at most one
 * open per terminal (a partial unique index, so even a race cannot open two). Every movement of
 * cash — the float, paid-in, paid-out, a no-sale open, a cash tender's net amount, a cash refund —
 * is one row of cash_movements, so the expected drawer is a sum. A cash tender of a sale is a row of
 * sale_tenders (the Alipay tenders are the sale's succeeded attempts); tenders are a layer above
 * the payment engine's attempts and never change them.
 */
export const m0140Shifts: Migration = {
  version: 140,
  name: 'shifts',
  up(db) {
    db.exec(`
      CREATE TABLE shifts (
        id              TEXT PRIMARY KEY,
        terminal_id     TEXT NOT NULL,
        cashier_id      TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('open','closed')),
        currency        TEXT NOT NULL CHECK (length(currency) = 3),
        opened_at       INTEGER NOT NULL,
        float_minor     INTEGER NOT NULL CHECK (float_minor >= 0),
        float_json      TEXT,                           -- pieces per denomination, when counted so
        closed_at       INTEGER,
        closed_by       TEXT,
        expected_minor  INTEGER,
        counted_minor   INTEGER CHECK (counted_minor IS NULL OR counted_minor >= 0),
        counted_json    TEXT,
        variance_minor  INTEGER,
        approved_by     TEXT,
        handed_from     TEXT REFERENCES shifts(id),
        auto_opened     INTEGER NOT NULL DEFAULT 0 CHECK (auto_opened IN (0,1)),
        CHECK ((status = 'open') = (closed_at IS NULL))
      );
      CREATE UNIQUE INDEX shifts_one_open ON shifts(terminal_id) WHERE status = 'open';
      CREATE INDEX shifts_opened ON shifts(opened_at);

      CREATE TABLE cash_movements (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        shift_id        TEXT NOT NULL REFERENCES shifts(id),
        at              INTEGER NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('float','paidIn','paidOut','noSale','cashSale','cashRefund')),
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency        TEXT NOT NULL CHECK (length(currency) = 3),
        reason          TEXT,
        actor           TEXT NOT NULL,
        sale_id         TEXT REFERENCES sales(id),
        tender_id       TEXT
      );
      CREATE INDEX cash_movements_shift ON cash_movements(shift_id, kind);
      CREATE INDEX cash_movements_sale ON cash_movements(sale_id);

      CREATE TABLE sale_tenders (
        id              TEXT PRIMARY KEY,
        sale_id         TEXT NOT NULL REFERENCES sales(id),
        shift_id        TEXT NOT NULL REFERENCES shifts(id),
        kind            TEXT NOT NULL CHECK (kind IN ('cash')),
        applied_minor   INTEGER NOT NULL CHECK (applied_minor > 0),
        tendered_minor  INTEGER NOT NULL CHECK (tendered_minor >= applied_minor),
        change_minor    INTEGER NOT NULL CHECK (change_minor >= 0),
        rounding_minor  INTEGER NOT NULL DEFAULT 0,
        currency        TEXT NOT NULL CHECK (length(currency) = 3),
        created_at      INTEGER NOT NULL,
        actor           TEXT NOT NULL
      );
      CREATE INDEX sale_tenders_sale ON sale_tenders(sale_id);

      CREATE TABLE cash_refunds (
        id              TEXT PRIMARY KEY,
        sale_id         TEXT NOT NULL REFERENCES sales(id),
        shift_id        TEXT NOT NULL REFERENCES shifts(id),
        amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
        currency        TEXT NOT NULL CHECK (length(currency) = 3),
        reason          TEXT,
        actor           TEXT NOT NULL,
        approved_by     TEXT,
        created_at      INTEGER NOT NULL
      );
      CREATE INDEX cash_refunds_sale ON cash_refunds(sale_id);
      CREATE INDEX refunds_created ON refunds(created_at);
    `);
  },
};

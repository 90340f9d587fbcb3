import type { Migration } from './migration';

/**
 * A closed Z report could still be replaced (found by the migration tests, issue 13): 0040's triggers
 * refuse UPDATE and DELETE, but `INSERT OR REPLACE` (or `REPLACE INTO`) with a used number or day
 * removes the old row by conflict resolution, and SQLite fires no DELETE trigger for that unless
 * recursive_triggers is on — the report silently changed, or the day moved to a new number. The
 * check is made before the insert, so no conflict resolution is ever reached; a plain INSERT of a
 * used number or day was already refused (UNIQUE) and still is, now with the immutability message.
 */
export const m0240ZReportsNoReplace: Migration = {
  version: 240,
  name: 'z-reports-no-replace',
  up(db) {
    db.exec(`
      CREATE TRIGGER z_reports_immutable_replace BEFORE INSERT ON z_reports
      WHEN EXISTS (SELECT 1 FROM z_reports WHERE number = NEW.number OR business_date = NEW.business_date)
      BEGIN
        SELECT RAISE(ABORT, 'a closed Z report is immutable');
      END;
    `);
  },
};

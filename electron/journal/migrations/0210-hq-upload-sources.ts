import type { Migration } from './migration';

/**
 * Which upload sources (hqUploadRepo) already sent the rows that were in the journal before their
 * trigger existed. A terminal linked before this migration backfilled its first five sources at
 * enrolment, so they are marked done; the sources added later (shifts, cash, reconciliation) are not,
 * and send their earlier rows once on the next start.
 */
export const m0210HqUploadSources: Migration = {
  version: 210,
  name: 'hq-upload-sources',
  up(db) {
    db.exec(`
      CREATE TABLE hq_upload_backfilled (
        source  TEXT PRIMARY KEY,
        at      INTEGER NOT NULL
      );
      INSERT INTO hq_upload_backfilled (source, at)
        SELECT s.source, l.enrolled_at FROM hq_link l,
          (SELECT 'sale:sales' AS source UNION ALL SELECT 'attempt:payment_attempts' UNION ALL SELECT 'refund:refunds'
           UNION ALL SELECT 'zReport:z_reports' UNION ALL SELECT 'audit:audit_log') s;
    `);
  },
};

import type { Migration } from './migration';

/**
 * Write-only printers (issue 14 item 5): a job handed in full to a printer that answers no status is
 * `sent` — never `printed` (nobody saw it come out) and never dropped. SQLite cannot change a CHECK
 * constraint in place, so the table is rebuilt with the same rows and indexes.
 */
export const m0150PrintSentUnconfirmed: Migration = {
  version: 150,
  name: 'print-sent-unconfirmed',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs_0150 (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        kind             TEXT NOT NULL CHECK (kind IN ('receipt','reprint','test','report')),
        idempotency_key  TEXT NOT NULL UNIQUE,
        reference        TEXT,
        document_json    TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('queued','printing','printed','sent','failed')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        possibly_printed INTEGER NOT NULL DEFAULT 0 CHECK (possibly_printed IN (0,1)),
        last_error       TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        printed_at       INTEGER
      );
      INSERT INTO print_jobs_0150 (id, kind, idempotency_key, reference, document_json, status, attempts, possibly_printed, last_error, created_at, updated_at, printed_at)
        SELECT id, kind, idempotency_key, reference, document_json, status, attempts, possibly_printed, last_error, created_at, updated_at, printed_at FROM print_jobs;
      DROP TABLE print_jobs;
      ALTER TABLE print_jobs_0150 RENAME TO print_jobs;
      CREATE INDEX print_jobs_status ON print_jobs(status, id);
      CREATE INDEX print_jobs_reference ON print_jobs(reference);
    `);
  },
};

import type { Migration } from './migration';

/**
 * The durable print queue (DESIGN.md §6–7). A job stores the document, not printer bytes, so a
 * job queued on one printer prints correctly on its replacement with another paper width.
 * `possibly_printed` marks a job whose bytes may have reached the printer before an interruption
 * (crash, unplug): it is printed again, marked DUPLICATE, rather than risk no receipt at all.
 */
export const m0030PrintJobs: Migration = {
  version: 30,
  name: 'print-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        kind             TEXT NOT NULL CHECK (kind IN ('receipt','reprint','test','report')),
        idempotency_key  TEXT NOT NULL UNIQUE,
        reference        TEXT,                      -- paymentRequestId / sale id, for reprint lookups
        document_json    TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('queued','printing','printed','failed')),
        attempts         INTEGER NOT NULL DEFAULT 0,
        possibly_printed INTEGER NOT NULL DEFAULT 0 CHECK (possibly_printed IN (0,1)),
        last_error       TEXT,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        printed_at       INTEGER
      );
      CREATE INDEX print_jobs_status ON print_jobs(status, id);
      CREATE INDEX print_jobs_reference ON print_jobs(reference);
    `);
  },
};

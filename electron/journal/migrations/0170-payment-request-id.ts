import type { Migration } from './migration';

/**
 * One name per thing (issue 13): the column that holds a payment attempt's paymentRequestId was
 * `attempt_id` in four tables while the code and the contract say paymentRequestId. SQLite renames a
 * column in place and rewrites the indexes that use it; no row is copied, so the hash chain (which
 * hashes the value, not the column's name) is untouched.
 */
export const m0170PaymentRequestId: Migration = {
  version: 170,
  name: 'payment-request-id',
  up(db) {
    for (const table of ['payment_events', 'refunds', 'payment_notifications', 'entry_submissions']) {
      db.exec(`ALTER TABLE ${table} RENAME COLUMN attempt_id TO payment_request_id`);
    }
  },
};

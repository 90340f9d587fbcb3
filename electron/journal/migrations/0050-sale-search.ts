import type { Migration } from './migration';

/**
 * Indexes for the history search (electron/payments/store/saleSearch.ts): newest-first paging with a
 * (created_at, id) cursor, a status filter that does not scan other statuses, and a lookup by the
 * last 4 digits of the customer's code.
 */
export const m0050SaleSearch: Migration = {
  version: 50,
  name: 'sale-search',
  up(db) {
    db.exec(`
      CREATE INDEX sales_created_id ON sales(created_at, id);
      CREATE INDEX sales_status_created ON sales(status, created_at);
      CREATE INDEX payment_attempts_code_tail ON payment_attempts(code_tail);
    `);
  },
};

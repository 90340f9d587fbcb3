import type { Migration } from './migration';

/**
 * Which acquirer took each attempt (alipay.acquirer): receipts, history and reports name it and read
 * its ids the right way (AMS paymentId / paymentRequestId, 当面付 trade_no / out_trade_no). Rows
 * from before are AMS, the only acquirer there was.
 */
export const m0100Acquirer: Migration = {
  version: 100,
  name: 'acquirer',
  up(db) {
    db.exec("ALTER TABLE payment_attempts ADD COLUMN acquirer TEXT NOT NULL DEFAULT 'ams' CHECK (acquirer IN ('ams','alipay-cn'))");
  },
};

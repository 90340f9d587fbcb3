/** payment_attempts.acquirer (migration 0100): set once, in the write-ahead transaction; read for snapshots. */
import type { Db } from '../openJournal';

export type AttemptAcquirer = 'ams' | 'alipay-cn';

export function createAttemptAcquirerRepo(db: Db) {
  const set = db.prepare('UPDATE payment_attempts SET acquirer = ? WHERE id = ?');
  const get = db.prepare('SELECT acquirer FROM payment_attempts WHERE id = ?').pluck();
  return {
    set: (paymentRequestId: string, acquirer: AttemptAcquirer): void => void set.run(acquirer, paymentRequestId),
    get: (paymentRequestId: string): AttemptAcquirer => (get.get(paymentRequestId) as AttemptAcquirer | undefined) ?? 'ams',
  };
}

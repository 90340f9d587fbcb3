/** payment_attempts.acquirer (migration 0100): set once, in the write-ahead transaction; read for snapshots. */
import type { Db } from '../openJournal';

export type AttemptAcquirer = 'ams' | 'alipay-cn';

export function createAttemptAcquirerRepo(db: Db) {
  const set = db.prepare('UPDATE payment_attempts SET acquirer = ? WHERE id = ?');
  const get = db.prepare('SELECT acquirer FROM payment_attempts WHERE id = ?').pluck();
  return {
    set: (attemptId: string, acquirer: AttemptAcquirer): void => void set.run(acquirer, attemptId),
    get: (attemptId: string): AttemptAcquirer => (get.get(attemptId) as AttemptAcquirer | undefined) ?? 'ams',
  };
}

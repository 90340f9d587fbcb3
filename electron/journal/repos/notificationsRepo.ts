/** payment_notifications: every notification handled, by its dedupe key (a resend changes nothing). */
import type { Db } from '../openJournal';
import type { PaymentRequestId } from '../../../shared/domain/ids';

export interface NotificationsReads {
  seen(dedupeKey: string): boolean;
}

export interface NotificationsRepo extends NotificationsReads {
  /** True when this notification is new. */
  record(dedupeKey: string, paymentRequestId: PaymentRequestId | null, bodySha256: string, outcome: string, at: number): boolean;
}

export function createNotificationsRepo(db: Db): NotificationsRepo {
  const seen = db.prepare('SELECT 1 FROM payment_notifications WHERE dedupe_key = ?');
  const insert = db.prepare('INSERT INTO payment_notifications (dedupe_key, payment_request_id, body_sha256, received_at, outcome) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING');
  return {
    seen: (key) => seen.get(key) !== undefined,
    record: (key, paymentRequestId, bodySha256, outcome, at) => insert.run(key, paymentRequestId, bodySha256, at, outcome).changes > 0,
  };
}

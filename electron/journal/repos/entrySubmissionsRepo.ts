/**
 * entry_submissions (migration 0060): the entry-code forms wallets submitted, one order each; and the
 * station's form-signing secret, kept in settings so tokens survive a restart. Statements only.
 */
import type { Db } from '../openJournal';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';

export interface EntrySubmissionRow {
  id: string; ref: string; sale_id: SaleId; payment_request_id: PaymentRequestId; amount_minor: number; currency: string; locale: string; user_agent: string; retries: number; created_at: number;
}

export type NewEntrySubmission = Omit<EntrySubmissionRow, 'retries'>;

export interface EntrySubmissionsReads {
  byId(id: string): EntrySubmissionRow | undefined;
  byRef(ref: string): EntrySubmissionRow | undefined;
  byAttempt(paymentRequestId: PaymentRequestId): EntrySubmissionRow | undefined;
  /** The stored form secret (base64url), if made. */
  formSecret(): string | null;
}

export interface EntrySubmissionsRepo extends EntrySubmissionsReads {
  insert(row: NewEntrySubmission): void;
  /** A fresh paymentRequestId for the same form (Alipay asked for one). */
  moveAttempt(id: string, paymentRequestId: PaymentRequestId, at: number): void;
  /** Keeps the first secret written: two stations racing on one journal agree on one key. */
  putFormSecretOnce(secret: string, at: number): void;
}

const SECRET_KEY = 'entry.formSecret';

export function createEntrySubmissionsRepo(db: Db): EntrySubmissionsRepo {
  const stmt = {
    getSecret: db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck(),
    putSecret: db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING'),
    byId: db.prepare('SELECT * FROM entry_submissions WHERE id = ?'),
    byRef: db.prepare('SELECT * FROM entry_submissions WHERE ref = ?'),
    byAttempt: db.prepare('SELECT * FROM entry_submissions WHERE payment_request_id = ?'),
    insert: db.prepare(`INSERT INTO entry_submissions (id, ref, sale_id, payment_request_id, amount_minor, currency, locale, user_agent, retries, created_at, updated_at)
      VALUES (@id, @ref, @sale_id, @payment_request_id, @amount_minor, @currency, @locale, @user_agent, 0, @created_at, @created_at)`),
    moveAttempt: db.prepare('UPDATE entry_submissions SET payment_request_id = ?, retries = retries + 1, updated_at = ? WHERE id = ?'),
  };
  return {
    formSecret: () => {
      const json = stmt.getSecret.get(SECRET_KEY) as string | undefined;
      return json === undefined ? null : (JSON.parse(json) as string);
    },
    putFormSecretOnce: (secret, at) => void stmt.putSecret.run(SECRET_KEY, JSON.stringify(secret), at),
    byId: (id) => stmt.byId.get(id) as EntrySubmissionRow | undefined,
    byRef: (ref) => stmt.byRef.get(ref) as EntrySubmissionRow | undefined,
    byAttempt: (paymentRequestId) => stmt.byAttempt.get(paymentRequestId) as EntrySubmissionRow | undefined,
    insert: (row) => void stmt.insert.run(row),
    moveAttempt: (id, paymentRequestId, at) => void stmt.moveAttempt.run(paymentRequestId, at, id),
  };
}

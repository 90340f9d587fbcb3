/**
 * Entry-code rows in the journal: the submitted forms (entry_submissions, migration 0060), the
 * station's form-signing secret (settings), and the feed read from payment_attempts.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../journal/openJournal';
import type { Locale } from '../../../shared/domain/station';
import { money, type Money } from '../../../shared/domain/money';

export interface EntrySubmission {
  readonly id: string; // the form token's nonce
  readonly ref: string;
  readonly saleId: string;
  readonly paymentRequestId: string;
  readonly amount: Money;
  readonly locale: Locale;
  readonly userAgent: string;
  readonly retries: number;
  readonly createdAt: number;
}

interface SubmissionRow {
  id: string; ref: string; sale_id: string; payment_request_id: string; amount_minor: number; currency: string; locale: Locale; user_agent: string; retries: number; created_at: number;
}

export interface FeedRow {
  readonly paymentRequestId: string;
  readonly saleId: string;
  readonly customer: string | null;
}

const SECRET_KEY = 'entry.formSecret';

export type EntryStore = ReturnType<typeof createEntryStore>;

export function createEntryStore(db: Db) {
  const stmt = {
    getSecret: db.prepare('SELECT value_json FROM settings WHERE key = ?'),
    putSecret: db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING'),
    byId: db.prepare('SELECT * FROM entry_submissions WHERE id = ?'),
    byRef: db.prepare('SELECT * FROM entry_submissions WHERE ref = ?'),
    byAttempt: db.prepare('SELECT * FROM entry_submissions WHERE payment_request_id = ?'),
    insert: db.prepare(`INSERT INTO entry_submissions (id, ref, sale_id, payment_request_id, amount_minor, currency, locale, user_agent, retries, created_at, updated_at)
      VALUES (@id, @ref, @sale_id, @payment_request_id, @amount_minor, @currency, @locale, @user_agent, 0, @created_at, @created_at)`),
    moveAttempt: db.prepare('UPDATE entry_submissions SET payment_request_id = ?, retries = retries + 1, updated_at = ? WHERE id = ?'),
    feed: db.prepare(`SELECT id AS paymentRequestId, sale_id AS saleId, customer_id_masked AS customer FROM payment_attempts
      WHERE scenario = 'EntryCode' AND status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT ?`),
    setCustomer: db.prepare('UPDATE payment_attempts SET customer_id_masked = ? WHERE id = ?'),
    customer: db.prepare('SELECT customer_id_masked AS customer FROM payment_attempts WHERE id = ?'),
    openCount: db.prepare(`SELECT count(*) AS n FROM payment_attempts WHERE scenario = 'EntryCode' AND status IN ('created','awaitingCustomer','unknown')`),
  };

  const toSubmission = (r: SubmissionRow | undefined): EntrySubmission | null =>
    r ? { id: r.id, ref: r.ref, saleId: r.sale_id, paymentRequestId: r.payment_request_id, amount: money(r.amount_minor, r.currency), locale: r.locale, userAgent: r.user_agent, retries: r.retries, createdAt: r.created_at } : null;

  return {
    /** The per-station HMAC key for form tokens: made once, kept in the journal so tokens survive a restart. */
    formSecret(now: number): Buffer {
      const row = stmt.getSecret.get(SECRET_KEY) as { value_json: string } | undefined;
      if (row) return Buffer.from(JSON.parse(row.value_json) as string, 'base64url');
      stmt.putSecret.run(SECRET_KEY, JSON.stringify(randomBytes(32).toString('base64url')), now);
      return this.formSecret(now);
    },
    byId: (id: string) => toSubmission(stmt.byId.get(id) as SubmissionRow | undefined),
    byRef: (ref: string) => toSubmission(stmt.byRef.get(ref) as SubmissionRow | undefined),
    byAttempt: (paymentRequestId: string) => toSubmission(stmt.byAttempt.get(paymentRequestId) as SubmissionRow | undefined),
    insert(s: Omit<EntrySubmission, 'retries'>): void {
      stmt.insert.run({ id: s.id, ref: s.ref, sale_id: s.saleId, payment_request_id: s.paymentRequestId, amount_minor: s.amount.minor, currency: s.amount.currency, locale: s.locale, user_agent: s.userAgent, created_at: s.createdAt });
    },
    moveAttempt: (id: string, paymentRequestId: string, now: number) => void stmt.moveAttempt.run(paymentRequestId, now, id),
    feed: (limit: number) => stmt.feed.all(limit) as FeedRow[],
    setCustomer: (paymentRequestId: string, masked: string) => void stmt.setCustomer.run(masked, paymentRequestId),
    customer: (paymentRequestId: string) => (stmt.customer.get(paymentRequestId) as { customer: string | null } | undefined)?.customer ?? null,
    /** Entry-code orders still waiting for a customer: bounded so a flood of forms cannot pile up orders. */
    openCount: () => (stmt.openCount.get() as { n: number }).n,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}

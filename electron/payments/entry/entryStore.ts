/**
 * Entry-code journal access for the entry service: the submitted forms, the station's form-signing
 * secret and the feed, on the journal repos (journal/repos: entrySubmissionsRepo, attemptsRepo).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../journal/openJournal';
import { createAttemptsRepo, type EntryFeedRow } from '../../journal/repos/attemptsRepo';
import { createEntrySubmissionsRepo, type EntrySubmissionRow } from '../../journal/repos/entrySubmissionsRepo';
import type { Locale } from '../../../shared/domain/station';
import { money, type Money } from '../../../shared/domain/money';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';

export interface EntrySubmission {
  readonly id: string; // the form token's nonce
  readonly ref: string;
  readonly saleId: SaleId;
  readonly paymentRequestId: PaymentRequestId;
  readonly amount: Money;
  readonly locale: Locale;
  readonly userAgent: string;
  readonly retries: number;
  readonly createdAt: number;
}

export type FeedRow = EntryFeedRow;

export type EntryStore = ReturnType<typeof createEntryStore>;

export function createEntryStore(db: Db) {
  const submissions = createEntrySubmissionsRepo(db);
  const attempts = createAttemptsRepo(db);

  const toSubmission = (r: EntrySubmissionRow | undefined): EntrySubmission | null =>
    r ? { id: r.id, ref: r.ref, saleId: r.sale_id, paymentRequestId: r.payment_request_id, amount: money(r.amount_minor, r.currency), locale: r.locale as Locale, userAgent: r.user_agent, retries: r.retries, createdAt: r.created_at } : null;

  return {
    /** The per-station HMAC key for form tokens: made once, kept in the journal so tokens survive a restart. */
    formSecret(now: number): Buffer {
      const stored = submissions.formSecret();
      if (stored !== null) return Buffer.from(stored, 'base64url');
      submissions.putFormSecretOnce(randomBytes(32).toString('base64url'), now);
      return this.formSecret(now);
    },
    byId: (id: string) => toSubmission(submissions.byId(id)),
    byRef: (ref: string) => toSubmission(submissions.byRef(ref)),
    byAttempt: (paymentRequestId: PaymentRequestId) => toSubmission(submissions.byAttempt(paymentRequestId)),
    insert(s: Omit<EntrySubmission, 'retries'>): void {
      submissions.insert({ id: s.id, ref: s.ref, sale_id: s.saleId, payment_request_id: s.paymentRequestId, amount_minor: s.amount.minor, currency: s.amount.currency, locale: s.locale, user_agent: s.userAgent, created_at: s.createdAt });
    },
    moveAttempt: (id: string, paymentRequestId: PaymentRequestId, now: number) => submissions.moveAttempt(id, paymentRequestId, now),
    feed: (limit: number): FeedRow[] => attempts.entryFeed(limit),
    setCustomer: (paymentRequestId: PaymentRequestId, masked: string) => attempts.setCustomer(paymentRequestId, masked),
    customer: (paymentRequestId: PaymentRequestId) => attempts.customerOf(paymentRequestId),
    /** Entry-code orders still waiting for a customer: bounded so a flood of forms cannot pile up orders. */
    openCount: () => attempts.openEntryCount(),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}

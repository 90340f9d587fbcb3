/**
 * payment_attempts (the current state of each attempt, state_json as the engine left it) and the
 * reads of its append-only payment_events. Appending an event is journal/hashChain (one chain for
 * the whole journal). Statements only: parsing state_json is payments/store/attemptStateSchema.ts.
 */
import type { Db } from '../openJournal';
import { FINAL_ATTEMPT_STATUSES } from '../../../shared/domain/payment';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';

export interface AttemptRow { id: PaymentRequestId; sale_id: SaleId; status: string; state_json: string }

export interface NewAttemptRow {
  readonly id: PaymentRequestId; readonly sale_id: SaleId; readonly scenario: string; readonly status: string; readonly amount_minor: number; readonly currency: string;
  readonly payment_id: string | null; readonly code_hash: string | null; readonly code_tail: string | null; readonly expires_at: number;
  readonly created_at: number; readonly updated_at: number; readonly result_code: string | null; readonly state_json: string; readonly customer_id_masked: string | null;
}

export interface AttemptUpdate {
  readonly id: PaymentRequestId; readonly status: string; readonly payment_id: string | null; readonly updated_at: number; readonly result_code: string | null;
  readonly state_json: string; readonly customer_id_masked: string | null;
}

export interface PaymentEventReadRow { seq: number; at: number; type: string; status: string; data_json: string }

export interface EntryFeedRow {
  readonly paymentRequestId: PaymentRequestId;
  readonly saleId: SaleId;
  readonly customer: string | null;
}

export interface AttemptsReads {
  get(id: PaymentRequestId): AttemptRow | undefined;
  /** Newest first. */
  ofSale(saleId: SaleId): AttemptRow[];
  /** Every attempt not in a final state, oldest first (recovery order). */
  unresolved(): AttemptRow[];
  /** Was this customer code presented since `since`? (one-time credential: a replay is refused) */
  codeSeenSince(codeHash: string, since: number): boolean;
  /** payment_events of one attempt in chain order. */
  events(paymentRequestId: PaymentRequestId): PaymentEventReadRow[];
  /** Paid entry-code attempts, newest first (the cashier's feed). */
  entryFeed(limit: number): EntryFeedRow[];
  /** Entry-code orders still waiting for a customer. */
  openEntryCount(): number;
  customerOf(id: PaymentRequestId): string | null;
}

export interface AttemptsRepo extends AttemptsReads {
  insert(row: NewAttemptRow): void;
  update(row: AttemptUpdate): void;
  setCustomer(id: PaymentRequestId, masked: string): void;
}

const FINAL_SQL = FINAL_ATTEMPT_STATUSES.map((s) => `'${s}'`).join(',');
const COLUMNS = 'id, sale_id, status, state_json';

export function createAttemptsRepo(db: Db): AttemptsRepo {
  const stmt = {
    insert: db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, code_hash, code_tail, expires_at, created_at, updated_at, result_code, state_json, customer_id_masked)
      VALUES (@id, @sale_id, @scenario, @status, @amount_minor, @currency, @payment_id, @code_hash, @code_tail, @expires_at, @created_at, @updated_at, @result_code, @state_json, @customer_id_masked)`),
    // coalesce: a masked id found later by another path (the entry-code feed's inquiry) is not wiped by a state without one.
    update: db.prepare(`UPDATE payment_attempts SET status = @status, payment_id = @payment_id, updated_at = @updated_at, result_code = @result_code, state_json = @state_json,
      customer_id_masked = coalesce(@customer_id_masked, customer_id_masked) WHERE id = @id`),
    get: db.prepare(`SELECT ${COLUMNS} FROM payment_attempts WHERE id = ?`),
    ofSale: db.prepare(`SELECT ${COLUMNS} FROM payment_attempts WHERE sale_id = ? ORDER BY created_at DESC, id DESC`),
    unresolved: db.prepare(`SELECT ${COLUMNS} FROM payment_attempts WHERE status NOT IN (${FINAL_SQL}) ORDER BY created_at`),
    codeSeen: db.prepare('SELECT id FROM payment_attempts WHERE code_hash = ? AND created_at >= ? LIMIT 1'),
    events: db.prepare('SELECT seq, at, type, status, data_json FROM payment_events WHERE payment_request_id = ? ORDER BY seq'),
    entryFeed: db.prepare(`SELECT id AS paymentRequestId, sale_id AS saleId, customer_id_masked AS customer FROM payment_attempts
      WHERE scenario = 'EntryCode' AND status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT ?`),
    openEntry: db.prepare(`SELECT count(*) FROM payment_attempts WHERE scenario = 'EntryCode' AND status IN ('created','awaitingCustomer','unknown')`).pluck(),
    setCustomer: db.prepare('UPDATE payment_attempts SET customer_id_masked = ? WHERE id = ?'),
    customer: db.prepare('SELECT customer_id_masked FROM payment_attempts WHERE id = ?').pluck(),
  };
  return {
    insert: (row) => void stmt.insert.run(row),
    update: (row) => void stmt.update.run(row),
    get: (id) => stmt.get.get(id) as AttemptRow | undefined,
    ofSale: (saleId) => stmt.ofSale.all(saleId) as AttemptRow[],
    unresolved: () => stmt.unresolved.all() as AttemptRow[],
    codeSeenSince: (codeHash, since) => stmt.codeSeen.get(codeHash, since) !== undefined,
    events: (paymentRequestId) => stmt.events.all(paymentRequestId) as PaymentEventReadRow[],
    entryFeed: (limit) => stmt.entryFeed.all(limit) as EntryFeedRow[],
    openEntryCount: () => stmt.openEntry.get() as number,
    setCustomer: (id, masked) => void stmt.setCustomer.run(masked, id),
    customerOf: (id) => (stmt.customer.get(id) as string | null | undefined) ?? null,
  };
}

/**
 * refunds (DESIGN §5.4), each read with the state of its queue job (outbox key `refund:<id>`), so
 * a refund whose job died shows as dead rather than pending forever. Statements only.
 */
import type { Db } from '../openJournal';
import type { QueueJobStatus } from '../../../shared/domain/payment';
import type { PaymentRequestId, RefundRequestId, SaleId } from '../../../shared/domain/ids';

export interface RefundRow {
  id: RefundRequestId; payment_request_id: PaymentRequestId; sale_id: SaleId; amount_minor: number; currency: string; status: 'pending' | 'succeeded' | 'failed';
  reason: string | null; refund_id: string | null; result_code: string | null; actor: string; created_at: number; updated_at: number;
  job_status: QueueJobStatus | null; job_error: string | null;
}

export interface NewRefund {
  readonly id: RefundRequestId; readonly paymentRequestId: PaymentRequestId; readonly saleId: SaleId; readonly amountMinor: number; readonly currency: string;
  readonly reason: string | null; readonly actor: string; readonly at: number;
}

export interface RefundsReads {
  get(id: RefundRequestId): RefundRow | undefined;
  ofSale(saleId: SaleId): RefundRow[];
  /** Pending and succeeded refunds of one attempt: what is no longer refundable. */
  committedMinor(paymentRequestId: PaymentRequestId): number;
  /** Refunds of a sale that took money back. */
  succeededMinorOfSale(saleId: SaleId): number;
}

export interface RefundsRepo extends RefundsReads {
  insert(r: NewRefund): void;
  finish(id: RefundRequestId, status: 'succeeded' | 'failed', refundId: string | null, resultCode: string | null, at: number): void;
}

const WITH_JOB = `SELECT r.*, o.status AS job_status, o.last_error AS job_error FROM refunds r
  LEFT JOIN outbox o ON o.idempotency_key = 'refund:' || r.id`;

export function createRefundsRepo(db: Db): RefundsRepo {
  const stmt = {
    insert: db.prepare(`INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, reason, actor, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`),
    finish: db.prepare('UPDATE refunds SET status = ?, refund_id = ?, result_code = ?, updated_at = ? WHERE id = ?'),
    get: db.prepare(`${WITH_JOB} WHERE r.id = ?`),
    ofSale: db.prepare(`${WITH_JOB} WHERE r.sale_id = ? ORDER BY r.created_at, r.id`),
    committed: db.prepare("SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE payment_request_id = ? AND status IN ('pending','succeeded')").pluck(),
    succeeded: db.prepare("SELECT coalesce(sum(amount_minor), 0) FROM refunds WHERE sale_id = ? AND status = 'succeeded'").pluck(),
  };
  return {
    insert: (r) => void stmt.insert.run(r.id, r.paymentRequestId, r.saleId, r.amountMinor, r.currency, r.reason, r.actor, r.at, r.at),
    finish: (id, status, refundId, resultCode, at) => void stmt.finish.run(status, refundId, resultCode, at, id),
    get: (id) => stmt.get.get(id) as RefundRow | undefined,
    ofSale: (saleId) => stmt.ofSale.all(saleId) as RefundRow[],
    committedMinor: (paymentRequestId) => stmt.committed.get(paymentRequestId) as number,
    succeededMinorOfSale: (saleId) => stmt.succeeded.get(saleId) as number,
  };
}

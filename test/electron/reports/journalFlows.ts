/**
 * Fills a real journal through real flows: a real simulator on loopback, the real AMS client, and
 * journal writes in the order the engine makes them (write-ahead attempt + event before pay leaves,
 * result + event after). Times come from one manual clock shared with the simulator, so business
 * days and Alipay's settlement days are under the test's control.
 */
import { manualClock, type ManualClock } from '../../helpers/manualClock';
import { money } from '../../../shared/domain/money';
import { newPaymentRequestId, newRefundRequestId, newSaleId } from '../../../shared/domain/ids';
import { appendPaymentEvent } from '../../../electron/journal/hashChain';
import type { Db } from '../../../electron/journal/openJournal';
import { scenarioCode } from '../../../electron/simulator/scenarios';
import { startHarness, codePay, orderCodePay, freshCode, type Harness } from '../simulator/harness';

export { manualClock, type ManualClock };

export interface Flows {
  readonly h: Harness;
  readonly clock: ManualClock;
  /** Customer shows a code; `outcome` picks the simulator scenario. Resolves with the attempt id. */
  codeSale(minor: number, opts?: { cashier?: string; outcome?: 'paid' | 'declined' | 'pending'; currency?: string }): Promise<string>;
  /** Terminal shows a QR and the virtual wallet pays it. */
  orderCodeSale(minor: number, opts?: { cashier?: string }): Promise<string>;
  refund(paymentRequestId: string, minor: number): Promise<string>;
  cancel(paymentRequestId: string): Promise<void>;
  /** Resolves a pending attempt by inquiry (as recovery would). */
  inquire(paymentRequestId: string): Promise<string>;
  close(): Promise<void>;
}

const MERCHANT_STORE = { referenceMerchantId: 'M0001', referenceStoreId: 'S0001' };
export { MERCHANT_STORE };

export async function startFlows(db: Db, start: number): Promise<Flows> {
  const clock = manualClock(start);
  const h = await startHarness({ clock }, { clock });

  const write = (fn: () => void): void => db.transaction(fn).immediate();

  function insertAttempt(scenario: 'PaymentCode' | 'OrderCode', minor: number, currency: string, cashier: string, codeTail: string | null): { paymentRequestId: string; saleId: string } {
    const now = clock.now();
    const saleId = newSaleId(now);
    const paymentRequestId = newPaymentRequestId(now);
    write(() => {
      db.prepare("INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, cashier_id) VALUES (?, ?, ?, 'paying', ?, ?, ?)").run(saleId, now, now, minor, currency, cashier);
      db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, code_tail, expires_at, created_at, updated_at, state_json)
        VALUES (?, ?, ?, 'created', ?, ?, ?, ?, ?, ?, '{}')`).run(paymentRequestId, saleId, scenario, minor, currency, codeTail, now + 180_000, now, now);
      appendPaymentEvent(db, { paymentRequestId, at: now, type: 'created', status: 'created', data: { minor, currency } });
    });
    return { paymentRequestId, saleId };
  }

  function setStatus(paymentRequestId: string, status: string, paymentId: string | null, resultCode: string | null = null): void {
    const now = clock.now();
    write(() => {
      db.prepare('UPDATE payment_attempts SET status = ?, payment_id = coalesce(?, payment_id), result_code = ?, updated_at = ? WHERE id = ?').run(status, paymentId, resultCode, now, paymentRequestId);
      const saleStatus = status === 'succeeded' ? 'paid' : status === 'failed' || status === 'cancelled' ? 'open' : 'paying';
      db.prepare('UPDATE sales SET status = ?, updated_at = ? WHERE id = (SELECT sale_id FROM payment_attempts WHERE id = ?)').run(saleStatus, now, paymentRequestId);
      appendPaymentEvent(db, { paymentRequestId, at: now, type: 'status', status, data: { paymentId, resultCode } });
    });
  }

  async function inquire(paymentRequestId: string): Promise<string> {
    const q = await h.client.inquiryPayment({ paymentRequestId: paymentRequestId });
    if (q.outcome !== 'S') return 'unknown';
    const st = q.body.paymentStatus?.toUpperCase();
    const status = st === 'SUCCESS' ? 'succeeded' : st === 'FAIL' ? 'failed' : st === 'CANCELLED' ? 'cancelled' : 'awaitingCustomer';
    setStatus(paymentRequestId, status, q.body.paymentId ?? null);
    return status;
  }

  return {
    h,
    clock,
    async codeSale(minor, opts = {}) {
      const code = opts.outcome === 'declined' ? scenarioCode('01') : opts.outcome === 'pending' ? scenarioCode('22') : freshCode();
      const currency = opts.currency ?? 'CNY';
      const { paymentRequestId } = insertAttempt('PaymentCode', minor, currency, opts.cashier ?? 'alice', code.slice(-4));
      const r = await h.client.pay(codePay(code, minor, { paymentRequestId: paymentRequestId as never, amount: money(minor, currency), paymentExpiryTime: clock.now() + 180_000 }));
      if (r.outcome === 'S') setStatus(paymentRequestId, 'succeeded', r.body.paymentId ?? null);
      else if (r.outcome === 'F') setStatus(paymentRequestId, 'failed', null, r.resultCode);
      else setStatus(paymentRequestId, 'awaitingCustomer', null, r.resultCode ?? null);
      return paymentRequestId;
    },
    async orderCodeSale(minor, opts = {}) {
      const { paymentRequestId } = insertAttempt('OrderCode', minor, 'CNY', opts.cashier ?? 'alice', null);
      const r = await h.client.pay(orderCodePay(minor, { paymentRequestId: paymentRequestId as never, paymentExpiryTime: clock.now() + 180_000 }));
      if (r.outcome !== 'S') throw new Error(`order code pay: ${r.outcome}`);
      setStatus(paymentRequestId, 'awaitingCustomer', r.body.paymentId ?? null);
      const qr = r.body.orderCodeForm?.codeDetails?.find((c) => c.displayType === 'TEXT')?.codeValue ?? r.body.orderCodeForm?.codeDetails?.[0]?.codeValue;
      const paid = h.sim.wallet.payOrderCode(String(qr));
      if (!paid.ok) throw new Error(`wallet: ${paid.reason}`);
      await inquire(paymentRequestId);
      return paymentRequestId;
    },
    async refund(paymentRequestId, minor) {
      const a = db.prepare('SELECT sale_id, payment_id, currency FROM payment_attempts WHERE id = ?').get(paymentRequestId) as { sale_id: string; payment_id: string; currency: string };
      const now = clock.now();
      const refundRequestId = newRefundRequestId(now);
      write(() => {
        db.prepare("INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 'sup', ?, ?)").run(refundRequestId, paymentRequestId, a.sale_id, minor, a.currency, now, now);
      });
      const r = await h.client.refund({ refundRequestId, paymentId: a.payment_id, refundAmount: money(minor, a.currency) });
      const status = r.outcome === 'S' ? 'succeeded' : r.outcome === 'F' ? 'failed' : 'pending';
      write(() => {
        db.prepare('UPDATE refunds SET status = ?, refund_id = ?, updated_at = ? WHERE id = ?').run(status, r.outcome === 'S' ? (r.body.refundId ?? null) : null, clock.now(), refundRequestId);
      });
      return refundRequestId;
    },
    async cancel(paymentRequestId) {
      const r = await h.client.cancel({ paymentRequestId: paymentRequestId });
      if (r.outcome !== 'S') throw new Error(`cancel: ${r.outcome}`);
      setStatus(paymentRequestId, 'cancelled', null);
    },
    inquire,
    close: () => h.close(),
  };
}

/**
 * Checkout use cases (DESIGN §5.1, §5.2): take a scanned or keyed Alipay code, show an order QR,
 * cancel (cashier) or void (supervisor) a payment, and read one payment and its journal. A new
 * payment is refused up front when it cannot be taken (not ready, offline, sale not open).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/domain/clock';
import { classifyCode } from '../../shared/domain/classifyCode';
import { maskCode } from '../../shared/domain/mask';
import { money } from '../../shared/domain/money';
import { alipayPartMinor } from '../../shared/domain/tender';
import type { AttemptSnapshot, SaleSnapshot } from '../../shared/domain/payment';
import type { NetworkState } from '../../shared/domain/station';
import type { PaymentJournalEvent } from '../../shared/ipc/commands/payment';
import { PosError } from '../../shared/errors/posError';
import { isFinal, type AttemptState } from './engine/attemptState';
import type { EffectRunner } from './engine/effectRunner';
import type { EnginePolicy } from './engine/enginePolicy';
import type { PaymentsLog } from './paymentsLog';
import type { PaymentStore } from './store/paymentStore';
import type { PaymentRequestId, SaleId } from '../../shared/domain/ids';

export const MSG_OFFLINE = 'Alipay cannot be reached: offline — take another tender.';

export interface CheckoutDeps {
  readonly clock: Clock;
  readonly store: PaymentStore;
  readonly runner: EffectRunner;
  readonly policy: EnginePolicy;
  readonly log: PaymentsLog;
  getSale(saleId: SaleId): SaleSnapshot;
  /** Throws unless money may be taken at all (journal sound, recovery done). */
  assertCanTakeMoney(): void;
  network(): NetworkState;
}

const sha256 = (b: string): string => createHash('sha256').update(b).digest('hex');

export type Checkout = ReturnType<typeof createCheckout>;

export function createCheckout(d: CheckoutDeps) {
  const { clock, store, runner, log } = d;

  /** A new Alipay payment needs the sale open with nothing in flight, and Alipay reachable. */
  function saleToPay(saleId: SaleId): SaleSnapshot {
    const sale = d.getSale(saleId);
    d.assertCanTakeMoney();
    if (sale.dueMinor <= 0) throw new PosError('INVALID_STATE', 'this sale is already paid');
    if (sale.active) throw new PosError('INVALID_STATE', 'a payment for this sale is still in progress');
    if (sale.status !== 'open') throw new PosError('INVALID_STATE', `the sale is ${sale.status}`);
    if (d.network() === 'offline') throw new PosError('OFFLINE', MSG_OFFLINE, { retryable: true });
    return sale;
  }

  function attemptOrThrow(paymentRequestId: PaymentRequestId): AttemptState {
    const s = store.attempts.getAttempt(paymentRequestId);
    if (!s) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
    return s;
  }

  return {
    /**
     * A scan or keyed code for a sale (DESIGN §5.1, §5.2 steps 2–3). Only an Alipay payment code
     * starts a payment; the code is masked in logs and only its hash and last 4 are stored.
     */
    startWithCode(saleId: SaleId, raw: string, partMinor?: number): AttemptSnapshot {
      const code = raw.trim();
      const kind = classifyCode(code).kind;
      if (kind !== 'alipayPaymentCode') {
        throw new PosError('SCAN_REJECTED', kind === 'otherWalletCode' ? 'this is another wallet’s code: this terminal takes Alipay only' : 'not an Alipay payment code');
      }
      const sale = saleToPay(saleId);
      const codeHash = sha256(code);
      // One-time credential: the same code again within the expiry window is a replay (DESIGN §5.1).
      if (store.codeSeenSince(codeHash, clock.now() - d.policy.expiryMs)) {
        log.warn({ saleId, code: maskCode(code) }, 'payment code replay refused');
        throw new PosError('DUPLICATE_SCAN', 'this payment code was already used: ask the customer to refresh it');
      }
      // A split tender's Alipay part asks for what is still due (or less): never more (tender.ts).
      const amount = money(alipayPartMinor(sale.dueMinor, partMinor), sale.amount.currency);
      const s = runner.start({ saleId, amount, scenario: 'PaymentCode', code, codeHash, codeTail: code.slice(-4) });
      log.info({ saleId, paymentRequestId: s.paymentRequestId, code: maskCode(code), amount: s.amount }, 'payment started');
      return store.attemptSnapshot(s);
    },

    showOrderCode(saleId: SaleId, partMinor?: number): AttemptSnapshot {
      const sale = saleToPay(saleId);
      const amount = money(alipayPartMinor(sale.dueMinor, partMinor), sale.amount.currency);
      const s = runner.start({ saleId, amount, scenario: 'OrderCode' });
      log.info({ saleId, paymentRequestId: s.paymentRequestId, amount: s.amount }, 'order code requested');
      return store.attemptSnapshot(s);
    },

    async cancel(paymentRequestId: PaymentRequestId): Promise<AttemptSnapshot> {
      const s = attemptOrThrow(paymentRequestId);
      if (isFinal(s)) throw new PosError('INVALID_STATE', `the payment is already ${s.status}`);
      store.audit('cashier', 'payment.cancel', { paymentRequestId });
      return store.attemptSnapshot(await runner.requestCancel(paymentRequestId, 'cashier'));
    },

    /** Supervisor void of a paid payment: cancel (full refund the same day), else a refund follows. */
    async voidPayment(paymentRequestId: PaymentRequestId, actor: string): Promise<AttemptSnapshot> {
      const s = attemptOrThrow(paymentRequestId);
      if (s.status !== 'succeeded') throw new PosError('INVALID_STATE', `only a paid payment can be voided (this one is ${s.status})`);
      if (store.refundedMinor(paymentRequestId) > 0) throw new PosError('INVALID_STATE', 'the payment has refunds: refund the rest instead');
      store.audit(actor, 'payment.void', { paymentRequestId, amount: s.amount });
      return store.attemptSnapshot(await runner.requestCancel(paymentRequestId, 'void'));
    },

    getPayment: (paymentRequestId: PaymentRequestId): AttemptSnapshot => store.attemptSnapshot(attemptOrThrow(paymentRequestId)),

    /** The payment's journal as the history timeline shows it (redacted). */
    paymentJournal(paymentRequestId: PaymentRequestId): PaymentJournalEvent[] {
      attemptOrThrow(paymentRequestId);
      return store.attemptJournal(paymentRequestId);
    },
  };
}

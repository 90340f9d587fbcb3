/**
 * The payments engine assembled on real I/O: the SQLite journal, the AMS client (or the simulator
 * behind it), the offline queue's drain loop and gateway reachability. The station wraps this with
 * its contract handlers and events; tests and the crash test drive it directly.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../../shared/domain/clock';
import { classifyCode } from '../../../shared/domain/classifyCode';
import { newPaymentRequestId, newRefundRequestId, newSaleId } from '../../../shared/domain/ids';
import { maskCode } from '../../../shared/domain/mask';
import { money, type Money } from '../../../shared/domain/money';
import { alipayPartMinor } from '../../../shared/domain/tender';
import type {
  AttemptSnapshot, PaymentStateChanged, QueueSnapshot, RefundSnapshot, SaleSnapshot, UnresolvedAttempts,
} from '../../../shared/domain/payment';
import type { NetworkState } from '../../../shared/domain/station';
import { PosError } from '../../../shared/errors/posError';
import type { Db } from '../../journal/openJournal';
import type { KeyInput } from '../ams/keys';
import { NOTIFICATION_ACK_BODY, verifyPaymentNotification } from '../ams/notification';
import { notifiedAmountVerdict } from './notifiedAmount';
import { isFinal, type AttemptState } from '../engine/attemptState';
import { customerIdMaskedOf } from '../engine/customerId';
import { DEFAULT_POLICY, type EnginePolicy } from '../engine/enginePolicy';
import type { AcquirerAnswer, AcquirerPort, PayContext } from '../engine/enginePorts';
import { createOutboxLoop, DEFAULT_OUTBOX_POLICY, type OutboxLoop, type OutboxPolicy } from '../../journal/outbox/outboxLoop';
import { PaymentEngine } from '../engine/paymentEngine';
import { loadCnPublicKey } from '../cn/cnKeys';
import { createCnNotifyHandler } from '../cn/cnNotifyHandler';
import { createReachability, type Reachability } from '../engine/reachability';
import { checkRefund, runRefundJob } from '../engine/refundJob';
import { createPaymentStore, type PaymentStore } from '../store/paymentStore';

export interface RuntimeLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface PaymentsRuntimeOptions {
  readonly db: Db;
  readonly clock: Clock;
  /** The acquirer port (payments/ams createAmsAcquirer, payments/cn createCnAcquirer). */
  readonly gateway: AcquirerPort;
  readonly policy?: EnginePolicy;
  readonly outboxPolicy?: OutboxPolicy;
  readonly random?: () => number;
  readonly probeIntervalMs?: number;
  payContext(): PayContext;
  /** For verifying notifications: Alipay's public key and our client id. */
  readonly alipayPublicKey: KeyInput;
  readonly clientId: string;
  /**
   * The `paymentNotifyUrl` we send (or its path): Alipay signs a notification over that public
   * path, which a reverse proxy may have rewritten before it reaches us.
   */
  notifyUrl?(): string;
  readonly log?: RuntimeLog;
  /** 当面付: what verifies its notifications (the acquirer is `alipay-cn`). */
  readonly cn?: { readonly appId: string; readonly sellerId?: string; readonly alipayPublicKey: KeyInput };
  /** Throws when no new sale, payment or refund may be taken (the journal was lost under the station). */
  moneyGate?(): void;
  onStateChanged?(p: PaymentStateChanged): void;
  onQueueChanged?(q: QueueSnapshot): void;
  onNetworkChanged?(state: NetworkState): void;
  onUnresolved?(u: UnresolvedAttempts): void;
  /** Alipay refuses our requests themselves (wrong key, unknown client id), or accepts them again (null). */
  onGatewayRejected?(r: GatewayRejection | null): void;
}

/** The gateway answered an unsigned request-level rejection (amsClient REQUEST_REJECTION_CODES). */
export interface GatewayRejection {
  readonly resultCode: string;
  readonly at: number;
}

export interface NotifyRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface NotifyResponse {
  readonly status: number;
  readonly body: string;
}

export const MSG_OFFLINE = 'Alipay cannot be reached: offline — take another tender.';

const sha256 = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');
const noopLog: RuntimeLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type PaymentsRuntime = ReturnType<typeof createPaymentsRuntime>;

export function createPaymentsRuntime(o: PaymentsRuntimeOptions) {
  const { clock, gateway } = o;
  const log = o.log ?? noopLog;
  // The result codes are the acquirer's: whichever policy came in, its book is the port's.
  const policy: EnginePolicy = { ...(o.policy ?? DEFAULT_POLICY), codes: gateway.codes };
  const store: PaymentStore = createPaymentStore(o.db, clock, gateway.name);
  let ready = false;
  let recovering = false;

  let rejection: GatewayRejection | null = null;
  /** Every outcome: reachability, and whether Alipay accepts our credentials (a wrong key shows at once). */
  function observe(out: AcquirerAnswer<unknown>): void {
    reach.report(out);
    if (out.rejectedCode) {
      if (rejection?.resultCode === out.rejectedCode) return;
      rejection = { resultCode: out.rejectedCode, at: clock.now() };
      const api = out.trace?.api ?? null;
      log.error({ resultCode: out.rejectedCode, api }, 'Alipay rejects our requests: check the client id and keys in Settings');
      store.audit('engine', 'gateway.rejected', { resultCode: out.rejectedCode, api });
      o.onGatewayRejected?.(rejection);
    } else if (rejection && out.verified) {
      // A verified (signed) answer: our credentials work again.
      rejection = null;
      log.info({}, 'Alipay accepts our requests again');
      o.onGatewayRejected?.(null);
    }
  }

  const emitQueue = (): void => o.onQueueChanged?.(store.queueSnapshot(reach.state));
  const emitUnresolved = (): void => o.onUnresolved?.({ recovering, attempts: store.unresolvedSnapshots() });

  const reach: Reachability = createReachability({
    clock,
    probeIntervalMs: o.probeIntervalMs,
    probe: () => gateway.probe(),
    onChange(state, prev) {
      log.info({ network: state, was: prev }, 'gateway reachability changed');
      o.onNetworkChanged?.(state);
      // The link is back: everything waiting in the queue is due now (DESIGN §6).
      if (state === 'online' && prev === 'offline') loop.wake();
      emitQueue();
    },
  });

  function emitAttempt(s: AttemptState): void {
    if (o.onStateChanged) {
      const sale = store.saleSnapshot(s.saleId);
      if (sale) o.onStateChanged({ sale, attempt: store.attemptSnapshot(s) });
    }
    if (isFinal(s) || s.status === 'created' || s.status === 'cancelling') emitUnresolved();
  }

  const engine = new PaymentEngine({
    clock,
    gateway,
    store: store.attempts,
    policy,
    payContext: o.payContext,
    newPaymentRequestId: () => newPaymentRequestId(clock.now()),
    newRefundRequestId: () => newRefundRequestId(clock.now()),
    onChange: emitAttempt,
    onAlert: (message, s) => {
      log.warn({ paymentRequestId: s.paymentRequestId, status: s.status }, `payment alert: ${message}`);
      store.audit('engine', 'payment.alert', { paymentRequestId: s.paymentRequestId, message });
    },
    onOutcome: observe,
    onJournalError: (err, paymentRequestId, event) => log.error({ err, paymentRequestId, event }, 'journal write failed: the event is retried'),
    onEnqueued: () => {
      loop.kick();
      emitQueue();
    },
  });

  const loop: OutboxLoop = createOutboxLoop({
    store: store.outbox,
    clock,
    policy: o.outboxPolicy ?? DEFAULT_OUTBOX_POLICY,
    random: o.random,
    run: (job) => {
      switch (job.kind) {
        case 'cancel':
        case 'void':
        case 'reverse':
          return engine.runResolveJob(job.subject);
        case 'refund':
          return runRefundJob({
            gateway, clock, store,
            onOutcome: observe,
            onAlert: (message, r) => {
              log.warn({ refundRequestId: r.refundRequestId }, `refund alert: ${message}`);
              store.audit('engine', 'refund.alert', { refundRequestId: r.refundRequestId, message });
            },
            onChange: (r) => {
              const sale = store.saleSnapshot(r.saleId);
              const attempt = store.attempts.getAttempt(r.paymentRequestId);
              if (sale && o.onStateChanged) o.onStateChanged({ sale, attempt: attempt ? store.attemptSnapshot(attempt) : null });
            },
          }, job);
        case 'upload':
          // Never selected by this loop (paymentStore.nextDue skips them): the HQ link runs its own.
          return Promise.resolve({ kind: 'wait', until: clock.now() + 60_000, note: 'uploads run on the HQ link' });
      }
    },
    onChange: emitQueue,
    onError: (job, e) => log.error({ err: e, job: job.key }, 'queue job crashed'),
  });

  function saleOrThrow(saleId: string): SaleSnapshot {
    const s = store.saleSnapshot(saleId);
    if (!s) throw new PosError('NOT_FOUND', `no sale ${saleId}`);
    return s;
  }

  function requireReady(): void {
    if (!ready) throw new PosError('NOT_READY', 'payments are still being recovered; wait a moment', { retryable: true });
  }

  /** A new Alipay payment needs the sale open with nothing in flight, and Alipay reachable. */
  function checkCanPay(sale: SaleSnapshot): void {
    o.moneyGate?.();
    requireReady();
    if (sale.dueMinor <= 0) throw new PosError('INVALID_STATE', 'this sale is already paid');
    if (sale.active) throw new PosError('INVALID_STATE', 'a payment for this sale is still in progress');
    if (sale.status !== 'open') throw new PosError('INVALID_STATE', `the sale is ${sale.status}`);
    if (reach.state === 'offline') throw new PosError('OFFLINE', MSG_OFFLINE, { retryable: true });
  }

  function changed(saleId: string): SaleSnapshot {
    const sale = saleOrThrow(saleId);
    o.onStateChanged?.({ sale, attempt: null });
    return sale;
  }

  const handleCnNotification = o.cn
    ? createCnNotifyHandler({
      store, engine, clock, warn: (obj, msg) => log.warn(obj, msg),
      config: { appId: o.cn.appId, ...(o.cn.sellerId ? { sellerId: o.cn.sellerId } : {}), alipayPublicKey: loadCnPublicKey(o.cn.alipayPublicKey) },
    })
    : undefined;

  return {
    store,
    engine,
    loop,
    /** POST of a 当面付 notification (form body); undefined when the acquirer is AMS. */
    handleCnNotification,
    get network(): NetworkState {
      return reach.state;
    },
    get ready(): boolean {
      return ready;
    },
    get gatewayRejection(): GatewayRejection | null {
      return rejection;
    },

    /** One signed call (an inquiry for an id that does not exist) at go-live: a wrong key shows in seconds, before any sale. */
    async checkCredentials(): Promise<GatewayRejection | null> {
      observe(await gateway.inquiryPayment({ paymentRequestId: 'CREDENTIALS-CHECK', paymentId: null }));
      return rejection;
    },

    /** DESIGN §5.6: every unresolved attempt resumed before the first scan is accepted. */
    async start(): Promise<AttemptSnapshot[]> {
      recovering = true;
      emitUnresolved();
      const resumed = await engine.recover();
      loop.start();
      recovering = false;
      ready = true;
      const unresolved = store.unresolvedSnapshots();
      if (resumed.length > 0) log.info({ resumed: resumed.length, unresolved: unresolved.length }, 'recovery: unresolved payments resumed');
      emitUnresolved();
      emitQueue();
      return unresolved;
    },

    stop(): void {
      ready = false;
      engine.stop();
      loop.stop();
      reach.stop();
    },

    /** Settles when no event, call or due job is left (tests, bench, crash test). */
    async idle(): Promise<void> {
      for (let i = 0; i < 20; i++) {
        await engine.idle();
        await loop.idle();
        await engine.idle();
        if (!store.outbox.nextDue(clock.now())) return;
      }
    },

    createSale(amount: Money, description: string | null = null): SaleSnapshot {
      o.moneyGate?.();
      const id = newSaleId(clock.now());
      store.createSale(id, amount, description, clock.now());
      return changed(id);
    },

    getSale: saleOrThrow,
    /** Re-derives the sale's status (a tender was recorded beside the engine) and tells the windows. */
    tendersChanged(saleId: string): SaleSnapshot {
      store.syncSale(saleId);
      return changed(saleId);
    },

    listSales(limit: number): SaleSnapshot[] {
      return store.recentSaleIds(limit).map((id) => saleOrThrow(id));
    },

    /** The amount changes: a shown QR is voided first (cancel), a running user-presented payment refuses. */
    setSaleAmount(saleId: string, amount: Money): Promise<SaleSnapshot> | SaleSnapshot {
      const sale = saleOrThrow(saleId);
      if (sale.paid || sale.status === 'voided') throw new PosError('INVALID_STATE', `the sale is ${sale.status}`);
      if (sale.takenMinor > 0) throw new PosError('INVALID_STATE', 'part of this sale is already paid: its amount cannot change');
      if (sale.active && sale.active.scenario === 'PaymentCode') throw new PosError('INVALID_STATE', 'a payment is in progress: cancel it before changing the amount');
      store.setSaleAmount(saleId, amount, clock.now());
      if (sale.active) {
        return engine.requestCancel(sale.active.paymentRequestId, 'amountChanged').then(() => changed(saleId));
      }
      return changed(saleId);
    },

    voidSale(saleId: string): SaleSnapshot {
      const sale = saleOrThrow(saleId);
      if (sale.paid) throw new PosError('INVALID_STATE', 'the sale is paid: void the payment (supervisor) instead');
      if (sale.active) throw new PosError('INVALID_STATE', 'a payment is still in progress: cancel it first');
      if (sale.takenMinor > 0) throw new PosError('INVALID_STATE', 'part of this sale is paid: void or refund the parts taken first', { details: { takenMinor: sale.takenMinor } });
      store.setSaleStatus(saleId, 'voided', clock.now());
      return changed(saleId);
    },

    /**
     * A scan or keyed code for a sale (DESIGN §5.1, §5.2 steps 2–3). Only an Alipay payment code
     * starts a payment; the code is masked in logs and only its hash and last 4 are stored.
     */
    startWithCode(saleId: string, raw: string, partMinor?: number): AttemptSnapshot {
      const code = raw.trim();
      const kind = classifyCode(code).kind;
      if (kind !== 'alipayPaymentCode') {
        throw new PosError('SCAN_REJECTED', kind === 'otherWalletCode' ? 'this is another wallet’s code: this terminal takes Alipay only' : 'not an Alipay payment code');
      }
      const sale = saleOrThrow(saleId);
      checkCanPay(sale);
      const codeHash = sha256(code);
      // One-time credential: the same code again within the expiry window is a replay (DESIGN §5.1).
      if (store.codeSeenSince(codeHash, clock.now() - policy.expiryMs)) {
        log.warn({ saleId, code: maskCode(code) }, 'payment code replay refused');
        throw new PosError('DUPLICATE_SCAN', 'this payment code was already used: ask the customer to refresh it');
      }
      // A split tender's Alipay part asks for what is still due (or less): never more (tender.ts).
      const amount = money(alipayPartMinor(sale.dueMinor, partMinor), sale.amount.currency);
      const s = engine.start({ saleId, amount, scenario: 'PaymentCode', code, codeHash, codeTail: code.slice(-4) });
      log.info({ saleId, paymentRequestId: s.paymentRequestId, code: maskCode(code), amount: s.amount }, 'payment started');
      return store.attemptSnapshot(s);
    },

    showOrderCode(saleId: string, partMinor?: number): AttemptSnapshot {
      const sale = saleOrThrow(saleId);
      checkCanPay(sale);
      const amount = money(alipayPartMinor(sale.dueMinor, partMinor), sale.amount.currency);
      const s = engine.start({ saleId, amount, scenario: 'OrderCode' });
      log.info({ saleId, paymentRequestId: s.paymentRequestId, amount: s.amount }, 'order code requested');
      return store.attemptSnapshot(s);
    },

    async cancel(paymentRequestId: string): Promise<AttemptSnapshot> {
      const s = store.attempts.getAttempt(paymentRequestId);
      if (!s) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      if (isFinal(s)) throw new PosError('INVALID_STATE', `the payment is already ${s.status}`);
      store.audit('cashier', 'payment.cancel', { paymentRequestId });
      return store.attemptSnapshot(await engine.requestCancel(paymentRequestId, 'cashier'));
    },

    /** Supervisor void of a paid payment: cancel (full refund the same day), else a refund follows. */
    async voidPayment(paymentRequestId: string, actor: string): Promise<AttemptSnapshot> {
      const s = store.attempts.getAttempt(paymentRequestId);
      if (!s) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
      if (s.status !== 'succeeded') throw new PosError('INVALID_STATE', `only a paid payment can be voided (this one is ${s.status})`);
      if (store.refundedMinor(paymentRequestId) > 0) throw new PosError('INVALID_STATE', 'the payment has refunds: refund the rest instead');
      store.audit(actor, 'payment.void', { paymentRequestId, amount: s.amount });
      return store.attemptSnapshot(await engine.requestCancel(paymentRequestId, 'void'));
    },

    /** DESIGN §5.4: persisted (with its idempotency key) and queued before anything is sent. */
    createRefund(paymentRequestId: string, amount: Money, reason: string | null, actor: string): RefundSnapshot {
      o.moneyGate?.();
      const attempt = store.attempts.getAttempt(paymentRequestId);
      const already = store.refundedMinor(paymentRequestId);
      checkRefund(attempt, amount, already);
      const refundRequestId = newRefundRequestId(clock.now());
      store.insertRefund({ refundRequestId, paymentRequestId, saleId: attempt.saleId, paymentId: attempt.paymentId!, amount, reason, status: 'pending', actor }, clock.now());
      store.audit(actor, 'refund.create', { paymentRequestId, refundRequestId, amount, reason });
      loop.kick();
      emitQueue();
      changed(attempt.saleId);
      return store.getRefund(refundRequestId)!.snapshot;
    },

    retryJob(id: number): QueueSnapshot {
      if (!store.outbox.retryDead(id, clock.now())) throw new PosError('NOT_FOUND', `no dead job ${id}`);
      store.audit('supervisor', 'queue.retry', { id });
      loop.kick();
      const q = store.queueSnapshot(reach.state);
      o.onQueueChanged?.(q);
      return q;
    },

    queue: (): QueueSnapshot => store.queueSnapshot(reach.state),
    unresolved: (): UnresolvedAttempts => ({ recovering, attempts: store.unresolvedSnapshots() }),

    /**
     * POST /alipay/notify (AMS.md §6): verify the signature over the exact bytes first; dedupe;
     * apply to the attempt (which decides whether it can still take a success); then acknowledge.
     */
    async handleNotification(req: NotifyRequest): Promise<NotifyResponse> {
      // Before recovery has loaded every attempt a notice could be applied twice or lost: not acknowledged, Alipay resends.
      if (!ready) return { status: 503, body: '{"result":{"resultCode":"SYSTEM_BUSY","resultStatus":"U","resultMessage":"starting"}}' };
      const v = verifyPaymentNotification({ path: req.path, headers: req.headers, body: req.body }, o.alipayPublicKey, o.clientId, {
        signedPaths: o.notifyUrl ? [o.notifyUrl()] : [], now: clock.now(),
      });
      if (!v.ok) {
        log.warn({ reason: v.error.message }, 'notification refused');
        return v.error.code === 'AMS_SIGNATURE'
          ? { status: 401, body: '{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F","resultMessage":"signature check failed"}}' }
          : { status: 400, body: '{"result":{"resultCode":"PARAM_ILLEGAL","resultStatus":"F","resultMessage":"notification refused"}}' };
      }
      const n = v.notification;
      const key = `${n.paymentRequestId}|${n.result.resultStatus}|${n.result.resultCode}`;
      const bodySha = sha256(req.body);
      if (store.notificationSeen(key)) return { status: 200, body: NOTIFICATION_ACK_BODY };
      const attempt = store.attempts.getAttempt(n.paymentRequestId);
      if (!attempt) {
        store.recordNotification(key, null, bodySha, 'unknownAttempt', clock.now());
        log.warn({ paymentRequestId: n.paymentRequestId }, 'notification for an unknown payment');
        return { status: 200, body: NOTIFICATION_ACK_BODY };
      }
      if (n.result.resultStatus !== 'U') {
        const amount = notifiedAmountVerdict(attempt.amount, n);
        if (amount.kind === 'refused') {
          // Not our payment's success as we know it: the dedupe key stays unspent so the genuine
          // notice (or an inquiry) still decides. Each distinct body alerts once (keyed by its hash).
          if (store.recordNotification(`refused|${bodySha}`, attempt.paymentRequestId, bodySha, amount.outcome, clock.now())) {
            log.error({ paymentRequestId: attempt.paymentRequestId, reason: amount.reason }, 'notification refused: amount');
            if (amount.amount) {
              await engine.dispatch(attempt.paymentRequestId, {
                type: 'notified', at: clock.now(), status: 'SUCCESS', paymentId: n.paymentId ?? null, amount: amount.amount, resultCode: n.result.resultCode, customerIdMasked: null,
              });
            }
          }
          return { status: 400, body: JSON.stringify({ result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: amount.reason } }) };
        }
        // Applied before it is recorded: a crash in between means Alipay resends and we apply again (idempotent).
        await engine.dispatch(attempt.paymentRequestId, {
          type: 'notified', at: clock.now(), status: n.result.resultStatus === 'S' ? 'SUCCESS' : 'FAIL', paymentId: n.paymentId ?? null, amount: amount.amount, resultCode: n.result.resultCode,
          customerIdMasked: customerIdMaskedOf(n.pspCustomerInfo),
        });
      }
      store.recordNotification(key, attempt.paymentRequestId, bodySha, 'applied', clock.now());
      return { status: 200, body: NOTIFICATION_ACK_BODY };
    },
  };
}

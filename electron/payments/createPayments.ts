/**
 * The payments layer's one entry point: the pure engine (payments/engine) with its effect runner on
 * real I/O — the journal (store on journal/repos), the acquirer behind its port (payments/ams or
 * payments/cn), the offline queue's drain loop — and the use cases on top, one module each:
 * sales, checkout, refunds, notifications, gateway start-up. Business reactions (receipts, the
 * entry feed, the till) subscribe to `events`; the station relays them to windows. Tests and the
 * crash test drive this directly.
 */
import type { Clock } from '../../shared/domain/clock';
import { newPaymentRequestId, newRefundRequestId } from '../../shared/domain/ids';
import type { AttemptSnapshot, PaymentStateChanged, QueueSnapshot, UnresolvedAttempts } from '../../shared/domain/payment';
import type { NetworkState } from '../../shared/domain/station';
import { PosError } from '../../shared/errors/posError';
import type { Db } from '../journal/openJournal';
import type { KeyInput } from './ams/keys';
import { createAmsNotifyHandler } from './ams/amsNotifyHandler';
import { loadCnPublicKey } from './cn/cnKeys';
import { createCnNotifyHandler } from './cn/cnNotifyHandler';
import { createCheckout } from './checkout';
import { isFinal, type AttemptState } from './engine/attemptState';
import { EffectRunner } from './engine/effectRunner';
import { DEFAULT_POLICY, type EnginePolicy } from './engine/enginePolicy';
import type { AcquirerPort, PayContext } from './engine/enginePorts';
import { createOutboxLoop, DEFAULT_OUTBOX_POLICY, type OutboxLoop, type OutboxPolicy } from '../journal/outbox/outboxLoop';
import { dispatchJobs } from '../../shared/domain/outboxJob';

/** The kinds the payments lane carries (journal/outbox OUTBOX_LANES.payments). */
type PaymentsLaneKind = 'cancel' | 'void' | 'reverse' | 'refund';
import { createGatewayWatch } from './gatewayWatch';
import { createPaymentEvents, type GatewayRejection, type PaymentEvents } from './paymentEvents';
import { NO_LOG, type PaymentsLog } from './paymentsLog';
import { createRefunds } from './refunds/refunds';
import { createSales } from './sales';
import { createPaymentStore, type PaymentStore } from './store/paymentStore';

export type { GatewayRejection } from './paymentEvents';
export type { NotifyRequest, NotifyResponse } from './ams/amsNotifyHandler';
export { MSG_OFFLINE } from './checkout';

export interface PaymentsOptions {
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
  readonly log?: PaymentsLog;
  /** 当面付: what verifies its notifications (the acquirer is `alipay-cn`). */
  readonly cn?: { readonly appId: string; readonly sellerId?: string; readonly alipayPublicKey: KeyInput };
  /** Throws when no new sale, payment or refund may be taken (the journal was lost under the station). */
  moneyGate?(): void;
  /** The bus to tell (the station makes it before payments start, so its subscribers are in place); else a new one. */
  readonly events?: PaymentEvents;
  // Shorthands for one subscriber each on `events` (tests, bench, crash test).
  onStateChanged?(p: PaymentStateChanged): void;
  onQueueChanged?(q: QueueSnapshot): void;
  onNetworkChanged?(state: NetworkState): void;
  onUnresolved?(u: UnresolvedAttempts): void;
  onGatewayRejected?(r: GatewayRejection | null): void;
}

export type Payments = ReturnType<typeof createPayments>;

export function createPayments(o: PaymentsOptions) {
  const { clock, gateway } = o;
  const log = o.log ?? NO_LOG;
  const events = o.events ?? createPaymentEvents(log);
  if (o.onStateChanged) events.onSale(o.onStateChanged);
  if (o.onQueueChanged) events.on('queueChanged', o.onQueueChanged);
  if (o.onNetworkChanged) events.on('networkChanged', o.onNetworkChanged);
  if (o.onUnresolved) events.on('unresolvedChanged', o.onUnresolved);
  if (o.onGatewayRejected) events.on('gatewayRejected', o.onGatewayRejected);

  // The result codes are the acquirer's: whichever policy came in, its book is the port's.
  const policy: EnginePolicy = { ...(o.policy ?? DEFAULT_POLICY), codes: gateway.codes };
  const store: PaymentStore = createPaymentStore(o.db, clock, gateway.name);
  let ready = false;
  let recovering = false;

  const queue = (): QueueSnapshot => store.queueSnapshot(watch.network);
  const unresolved = (): UnresolvedAttempts => ({ recovering, attempts: store.unresolvedSnapshots() });
  const emitQueue = (): void => events.emit('queueChanged', queue());
  const emitUnresolved = (): void => events.emit('unresolvedChanged', unresolved());

  const watch = createGatewayWatch({
    clock, gateway, events, log, probeIntervalMs: o.probeIntervalMs,
    audit: (action, details) => store.audit('engine', action, details),
    onNetworkChanged(state, prev) {
      // The link is back: everything waiting in the queue is due now (DESIGN §6).
      if (state === 'online' && prev === 'offline') loop.wake();
      emitQueue();
    },
  });

  function attemptChanged(s: AttemptState): void {
    const sale = store.saleSnapshot(s.saleId);
    if (sale) events.emit('attemptChanged', { sale, attempt: store.attemptSnapshot(s) });
    if (isFinal(s) || s.status === 'created' || s.status === 'cancelling') emitUnresolved();
  }

  const runner = new EffectRunner({
    clock,
    gateway,
    store: store.attempts,
    policy,
    payContext: o.payContext,
    newPaymentRequestId: () => newPaymentRequestId(clock.now()),
    newRefundRequestId: () => newRefundRequestId(clock.now()),
    onChange: attemptChanged,
    onAlert: (message, s) => {
      log.warn({ paymentRequestId: s.paymentRequestId, status: s.status }, `payment alert: ${message}`);
      store.audit('engine', 'payment.alert', { paymentRequestId: s.paymentRequestId, message });
    },
    onOutcome: watch.observe,
    onJournalError: (err, paymentRequestId, event) => log.error({ err, paymentRequestId, event }, 'journal write failed: the event is retried'),
    onEnqueued: () => {
      loop.kick();
      emitQueue();
    },
  });

  function requireReady(): void {
    if (!ready) throw new PosError('NOT_READY', 'payments are still being recovered; wait a moment', { retryable: true });
  }

  const sales = createSales({ clock, store, runner, events, ...(o.moneyGate ? { moneyGate: o.moneyGate } : {}) });
  const checkout = createCheckout({
    clock, store, runner, policy, log,
    getSale: sales.getSale,
    assertCanTakeMoney: () => {
      o.moneyGate?.();
      requireReady();
    },
    network: () => watch.network,
  });
  const refunds = createRefunds({
    clock, store, gateway, events, log,
    getSale: sales.getSale,
    observe: watch.observe,
    onQueued: () => {
      loop.kick();
      emitQueue();
    },
    ...(o.moneyGate ? { moneyGate: o.moneyGate } : {}),
  });

  const loop: OutboxLoop = createOutboxLoop({
    store: store.outbox,
    clock,
    policy: o.outboxPolicy ?? DEFAULT_OUTBOX_POLICY,
    random: o.random,
    // One handler per job kind of the payments lane (journal/outbox OUTBOX_LANES.payments): the
    // lane never picks another kind, and the registry's type refuses a missing or extra one.
    run: dispatchJobs<PaymentsLaneKind>({
      cancel: { run: (job) => runner.runResolveJob(job.subject) },
      void: { run: (job) => runner.runResolveJob(job.subject) },
      reverse: { run: (job) => runner.runResolveJob(job.subject) },
      refund: { run: (job) => refunds.runJob(job) },
    }),
    onChange: emitQueue,
    onError: (job, e) => log.error({ err: e, job: job.key }, 'queue job crashed'),
  });

  const notifications = {
    /** POST of an AMS notification (AMS.md §6). */
    handleNotification: createAmsNotifyHandler({
      store, runner, clock, log, alipayPublicKey: o.alipayPublicKey, clientId: o.clientId, ready: () => ready,
      ...(o.notifyUrl ? { notifyUrl: o.notifyUrl } : {}),
    }),
    /** POST of a 当面付 notification (form body); undefined when the acquirer is AMS. */
    handleCnNotification: o.cn
      ? createCnNotifyHandler({
        store, engine: runner, clock, warn: (obj, msg) => log.warn(obj, msg),
        config: { appId: o.cn.appId, ...(o.cn.sellerId ? { sellerId: o.cn.sellerId } : {}), alipayPublicKey: loadCnPublicKey(o.cn.alipayPublicKey) },
      })
      : undefined,
  };

  const queueUseCases = {
    retryJob(id: number): QueueSnapshot {
      if (!store.outbox.retryDead(id, clock.now())) throw new PosError('NOT_FOUND', `no dead job ${id}`);
      store.audit('supervisor', 'queue.retry', { id });
      loop.kick();
      const q = queue();
      events.emit('queueChanged', q);
      return q;
    },
    queue,
    unresolved,
  };

  const lifecycle = {
    /** DESIGN §5.6: every unresolved attempt resumed before the first scan is accepted. */
    async start(): Promise<AttemptSnapshot[]> {
      recovering = true;
      emitUnresolved();
      const resumed = await runner.recover();
      loop.start();
      recovering = false;
      ready = true;
      const open = store.unresolvedSnapshots();
      if (resumed.length > 0) log.info({ resumed: resumed.length, unresolved: open.length }, 'recovery: unresolved payments resumed');
      emitUnresolved();
      emitQueue();
      return open;
    },
    stop(): void {
      ready = false;
      runner.stop();
      loop.stop();
      watch.stop();
    },
    /** Settles when no event, call or due job is left (tests, bench, crash test). */
    async idle(): Promise<void> {
      for (let i = 0; i < 20; i++) {
        await runner.idle();
        await loop.idle();
        await runner.idle();
        if (!store.outbox.nextDue(clock.now())) return;
      }
    },
    checkCredentials: () => watch.checkCredentials(),
  };

  return {
    events,
    /** The use cases, one group each (the station's handlers call these). */
    sales,
    checkout,
    refunds,
    notifications,
    queueJobs: queueUseCases,
    // The same use cases flat, for the till, shifts and tests that take "the payments" as one object.
    ...sales,
    ...checkout,
    createRefund: refunds.createRefund,
    ...queueUseCases,
    ...notifications,
    ...lifecycle,
    /** Internals for tests, the bench and the crash test: the journal facade, the runner, the queue loop. */
    store,
    engine: runner,
    loop,
    get network(): NetworkState {
      return watch.network;
    },
    get ready(): boolean {
      return ready;
    },
    get gatewayRejection(): GatewayRejection | null {
      return watch.rejection;
    },
  };
}

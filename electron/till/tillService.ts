/**
 * The till integration's use cases (DESIGN §16) on top of the existing payments runtime: a till's
 * order becomes an ordinary sale on the counter (same engine, journal, receipts and reports), keyed
 * by the till's order reference so the same reference never charges twice.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../journal/appendAudit';
import { createTillRepo, type TillClientRow, type TillOrderRow, type TillRepo, type TillRefundRow } from '../journal/repos/tillRepo';
import { newId } from '../../shared/domain/ids';
import { isCurrencyCode } from '../../shared/domain/currency';
import { money } from '../../shared/domain/money';
import type { SaleSnapshot } from '../../shared/domain/payment';
import type { TillClientCreated, TillClientView, TillOrigin, TillScope } from '../../shared/domain/till';
import { PosError } from '../../shared/errors/posError';
import { nominalDateOf, nominalDayRange } from '../reports/businessDay';
import type { Payments as PaymentsRuntime } from '../payments/createPayments';
import { approveTillAdmin, approveTillRefund } from './tillApproval';
import type { AccountsService, Session } from '../accounts/accountsService';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { EventHub } from '../station/eventHub';
import type { PaymentEvents } from '../payments/paymentEvents';
import type { CreatePayment, PaymentStatus, RefundRequest, TillPayment, TillRefund } from './tillApiSchemas';

export const KEY_PREFIX = 'tk_';
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export interface TillChange {
  readonly clientId: string;
  readonly seq: number;
  readonly payment: TillPayment;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The till's view of a sale: one status word, and the ids it prints on its own receipt. */
export function tillStatusOf(sale: SaleSnapshot): PaymentStatus {
  if (sale.paid) return 'paid';
  if (sale.active) return 'inProgress';
  const latest = sale.attempts[0];
  if (latest?.status === 'failed') return 'declined';
  if (latest || sale.status === 'voided') return 'cancelled';
  return 'waitingForCustomer';
}

/** What the till needs of payments: the runtime and the counter's open and shown sale (it opens sales there). */
export interface CounterPayments {
  requireRuntime(): PaymentsRuntime;
  /** The payments' business events: the till follows its sales there, not on the window hub. */
  readonly events: Pick<PaymentEvents, 'onSale'>;
  currentSaleId: string | null;
  shownSaleId: string | null;
}

export interface TillDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: EventHub;
  readonly state: { readonly config: PosConfig };
  readonly dataDir: string;
  readonly accounts: AccountsService | null;
  readonly payments: CounterPayments;
}

export type TillService = ReturnType<typeof createTillService>;

export function createTillService(deps: TillDeps) {
  const repo: TillRepo = createTillRepo(deps.db);
  const listeners = new Set<(c: TillChange) => void>();
  let unsubscribe: (() => void) | null = null;

  const runtime = (): PaymentsRuntime => deps.payments.requireRuntime();
  const clientView = (c: TillClientRow): TillClientView => ({
    clientId: c.id, name: c.name, scopes: c.scopes, ratePerMinute: c.ratePerMinute, createdAt: c.createdAt, revokedAt: c.revokedAt,
  });

  function refundView(r: TillRefundRow, sale: SaleSnapshot): TillRefund {
    const s = sale.refunds.find((x) => x.refundRequestId === r.refundRequestId);
    return {
      refundReference: r.refundRef, refundRequestId: r.refundRequestId, amount: { minor: r.amountMinor, currency: sale.amount.currency },
      status: s?.status ?? 'pending', refundId: s?.refundId ?? null, resultCode: s?.resultCode ?? null, message: s?.message?.en ?? null, createdAt: iso(r.createdAt),
    };
  }

  function paymentView(o: TillOrderRow, sale: SaleSnapshot, client: TillClientRow): TillPayment {
    const status = tillStatusOf(sale);
    const a = sale.paid ?? sale.active ?? sale.attempts[0] ?? null;
    return {
      orderReference: o.orderRef,
      status,
      final: status === 'paid' || status === 'declined' || status === 'cancelled',
      doNotHandOver: status !== 'paid',
      amount: { minor: o.amountMinor, currency: o.currency },
      description: sale.description,
      till: client.name,
      terminalId: deps.state.config.store.terminalId,
      saleId: sale.saleId,
      paymentRequestId: a?.paymentRequestId ?? null,
      paymentId: a?.paymentId ?? null,
      paidAt: sale.paid?.paidAt != null ? iso(sale.paid.paidAt) : null,
      customerId: a?.customerIdMasked ?? null,
      codeTail: a?.codeTail ?? null,
      resultCode: a?.resultCode ?? null,
      message: status === 'declined' ? (a?.message?.en ?? null) : null,
      qr: sale.active?.qr ? { codeValue: sale.active.qr.codeValue, expiresAt: iso(sale.active.qr.expiresAt) } : null,
      refundedMinor: sale.paid?.refundedMinor ?? 0,
      refundableMinor: sale.paid?.refundableMinor ?? 0,
      refunds: repo.refundsOfOrder(o.clientId, o.orderRef).map((r) => refundView(r, sale)),
      createdAt: iso(o.createdAt),
      updatedAt: iso(Math.max(o.updatedAt, sale.updatedAt)),
    };
  }

  const viewOf = (o: TillOrderRow, client: TillClientRow): TillPayment => paymentView(o, runtime().getSale(o.saleId), client);

  function orderOrThrow(client: TillClientRow, ref: string): TillOrderRow {
    const o = repo.order(client.id, ref);
    if (!o) throw new PosError('NOT_FOUND', `no payment with order reference ${ref}`);
    return o;
  }

  /** The counter takes one sale at a time: a till's amount never lands on a sale the cashier has open. */
  function counterBusy(rt: PaymentsRuntime): boolean {
    const id = deps.payments.currentSaleId;
    if (!id) return false;
    const s = rt.store.getSale(id);
    return s !== undefined && (s.status === 'open' || s.status === 'paying');
  }

  function audit(client: { readonly id: string | null; readonly name: string }, action: string, details: Record<string, unknown>): void {
    appendAudit(deps.db, { at: deps.clock.now(), actor: `till:${client.name}`, action, details: { clientId: client.id, ...details } });
  }

  /** A declined or cancelled till payment ends its sale, so no later scan can pay an order the till was told failed. */
  function closeIfOver(sale: SaleSnapshot): void {
    if (sale.status !== 'open' || sale.active || sale.paid || sale.attempts.length === 0) return;
    const rt = runtime();
    rt.voidSale(sale.saleId);
    if (deps.payments.currentSaleId === sale.saleId) deps.payments.currentSaleId = null;
    if (deps.payments.shownSaleId === sale.saleId) deps.payments.shownSaleId = null; // the till tells its own story
  }

  function publish(sale: SaleSnapshot): void {
    const o = repo.touch(sale.saleId, deps.clock.now());
    if (!o) return;
    const client = repo.clientById(o.clientId);
    if (!client) return;
    const change: TillChange = { clientId: o.clientId, seq: o.seq, payment: paymentView(o, sale, client) };
    for (const l of [...listeners]) l(change);
    if (change.payment.final && change.payment.status !== 'paid') {
      // After the engine has finished with this change: the void is a change of its own.
      setImmediate(() => {
        try {
          closeIfOver(runtime().getSale(sale.saleId));
        } catch (e) {
          deps.log.warn({ err: e, saleId: sale.saleId }, 'till sale could not be closed');
        }
      });
    }
  }

  return {
    repo,
    start(): void {
      unsubscribe = deps.payments.events.onSale((p) => {
        publish(p.sale);
      });
    },
    stop(): void {
      unsubscribe?.();
      unsubscribe = null;
    },
    onChange(l: (c: TillChange) => void): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },

    // ── clients (the manager, through the contract) ──
    async createClient(input: { name: string; scopes: readonly TillScope[]; ratePerMinute: number; pin: string }, signedIn?: Session): Promise<TillClientCreated> {
      await approveTillAdmin(deps, signedIn, input.pin, 'till.createClient');
      if (repo.liveNameTaken(input.name)) throw new PosError('CONFLICT', `a till client named "${input.name}" exists: revoke it first or pick another name`);
      const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const id = newId('C', deps.clock.now());
      const now = deps.clock.now();
      repo.insertClient({ id, name: input.name, keyHash: hashKey(key), scopes: input.scopes, ratePerMinute: input.ratePerMinute, createdAt: now });
      appendAudit(deps.db, { at: now, actor: 'manager', action: 'till.createClient', details: { clientId: id, name: input.name, scopes: input.scopes } });
      return { client: clientView(repo.clientById(id)!), key };
    },
    listClients: (): TillClientView[] => repo.clients().map(clientView),
    async revokeClient(clientId: string, pin: string, signedIn?: Session): Promise<TillClientView> {
      await approveTillAdmin(deps, signedIn, pin, 'till.revokeClient');
      const c = repo.clientById(clientId);
      if (!c) throw new PosError('NOT_FOUND', `no till client ${clientId}`);
      if (repo.revoke(clientId, deps.clock.now())) appendAudit(deps.db, { at: deps.clock.now(), actor: 'manager', action: 'till.revokeClient', details: { clientId, name: c.name } });
      return clientView(repo.clientById(clientId)!);
    },
    /** The client a key belongs to, or a typed refusal (unknown and revoked keys look the same to the caller). */
    authenticate(key: string): TillClientRow {
      const c = key.startsWith(KEY_PREFIX) ? repo.clientByKeyHash(hashKey(key)) : null;
      if (!c || c.revokedAt !== null) throw new PosError('UNAUTHORIZED', 'unknown or revoked API key');
      return c;
    },
    /** For the audit only: whose key this was, revoked or not (the caller is never told). */
    identify: (key: string): TillClientRow | null => (key.startsWith(KEY_PREFIX) ? repo.clientByKeyHash(hashKey(key)) : null),
    /** A manual sale may not replace a till's amount on the counter: the two are never mixed. */
    assertNoTillSaleOpen(): void {
      const id = deps.payments.currentSaleId;
      const o = id ? repo.orderBySale(id) : null;
      if (!o || !counterBusy(runtime())) return;
      const c = repo.clientById(o.clientId);
      throw new PosError('COUNTER_BUSY', `the amount from ${c?.name ?? 'a till'} (order ${o.orderRef}) is on the counter: take its payment or send it back first`, { retryable: true });
    },
    originOf(saleId: string): TillOrigin | null {
      const o = repo.orderBySale(saleId);
      const c = o ? repo.clientById(o.clientId) : null;
      return o && c ? { saleId, tillName: c.name, orderReference: o.orderRef } : null;
    },
    audit,

    // ── the API's use cases ──
    /**
     * Idempotent on (client, order reference): the lookup and the insert run with no await between
     * them, and the primary key backs it, so concurrent duplicates find the one sale the first made.
     */
    createPayment(client: TillClientRow, req: CreatePayment): { payment: TillPayment; created: boolean } {
      const rt = runtime();
      const existing = repo.order(client.id, req.orderReference);
      if (existing) {
        if (existing.amountMinor !== req.amount.minor || existing.currency !== req.amount.currency) {
          throw new PosError('REFERENCE_REUSED', `order reference ${req.orderReference} was already used for ${existing.currency} ${existing.amountMinor} (minor units): nothing was charged for this request`, {
            details: { orderReference: req.orderReference, amount: { minor: existing.amountMinor, currency: existing.currency } },
          });
        }
        return { payment: viewOf(existing, client), created: false };
      }
      if (!isCurrencyCode(req.amount.currency)) throw new PosError('UNKNOWN_CURRENCY', `unknown currency "${req.amount.currency}" (expected an ISO 4217 code)`);
      if (req.amount.currency !== deps.state.config.currency) throw new PosError('CURRENCY_REFUSED', `this terminal takes ${deps.state.config.currency} only, not ${req.amount.currency}`);
      const max = deps.state.config.till.maxAmountMinor;
      if (req.amount.minor > max) throw new PosError('AMOUNT_REFUSED', `the amount is above this terminal's limit for till requests (${max} minor units)`, { details: { maxAmountMinor: max } });
      if (!rt.ready) throw new PosError('NOT_READY', 'payments are still being recovered; retry in a moment', { retryable: true });
      if (rt.network === 'offline') throw new PosError('OFFLINE', 'Alipay cannot be reached: take another tender', { retryable: true });
      if (counterBusy(rt)) {
        throw new PosError('COUNTER_BUSY', 'the cashier has a sale open at the counter: nothing was started, ask again when it is finished', { retryable: true, details: { retryAfterSeconds: 5 } });
      }
      const now = deps.clock.now();
      const sale = deps.db.transaction(() => {
        const s = rt.createSale(money(req.amount.minor, req.amount.currency), req.description ?? null);
        repo.insertOrder({ clientId: client.id, orderRef: req.orderReference, saleId: s.saleId, amountMinor: req.amount.minor, currency: req.amount.currency, createdAt: now });
        return s;
      }).immediate();
      deps.payments.currentSaleId = sale.saleId;
      deps.payments.shownSaleId = sale.saleId;
      audit(client, 'till.payment.create', { orderReference: req.orderReference, saleId: sale.saleId, amount: req.amount });
      deps.events.emit('till:saleOpened', { saleId: sale.saleId, tillName: client.name, orderReference: req.orderReference, sale });
      if (req.presentation === 'orderCode') rt.showOrderCode(sale.saleId);
      publish(rt.getSale(sale.saleId));
      return { payment: viewOf(repo.order(client.id, req.orderReference)!, client), created: true };
    },

    getPayment: (client: TillClientRow, ref: string): TillPayment => viewOf(orderOrThrow(client, ref), client),

    /** Before a scan: the sale is voided. During a payment: cancel, which only Alipay's answer makes final. */
    async cancelPayment(client: TillClientRow, ref: string): Promise<TillPayment> {
      const o = orderOrThrow(client, ref);
      const rt = runtime();
      const sale = rt.getSale(o.saleId);
      const status = tillStatusOf(sale);
      switch (status) {
        case 'paid':
          throw new PosError('INVALID_STATE', 'the payment is paid: refund it instead');
        case 'declined':
        case 'cancelled':
          return viewOf(o, client);
        case 'waitingForCustomer':
          audit(client, 'till.payment.cancel', { orderReference: ref });
          rt.voidSale(sale.saleId);
          if (deps.payments.currentSaleId === sale.saleId) deps.payments.currentSaleId = null;
          if (deps.payments.shownSaleId === sale.saleId) deps.payments.shownSaleId = null; // the till tells its own story
          return viewOf(o, client);
        case 'inProgress':
          audit(client, 'till.payment.cancel', { orderReference: ref, paymentRequestId: sale.active!.paymentRequestId });
          await rt.cancel(sale.active!.paymentRequestId);
          return viewOf(o, client);
      }
    },

    async refundPayment(client: TillClientRow, ref: string, req: RefundRequest): Promise<{ refund: TillRefund; created: boolean }> {
      const o = orderOrThrow(client, ref);
      const rt = runtime();
      const existing = repo.refund(client.id, req.refundReference);
      if (existing) {
        if (existing.orderRef !== ref || existing.amountMinor !== req.amount.minor || o.currency !== req.amount.currency) {
          throw new PosError('REFERENCE_REUSED', `refund reference ${req.refundReference} was already used for another refund: nothing was refunded for this request`);
        }
        return { refund: refundView(existing, rt.getSale(o.saleId)), created: false };
      }
      const sale = rt.getSale(o.saleId);
      if (!sale.paid) throw new PosError('INVALID_STATE', `only a paid payment can be refunded (this one is ${tillStatusOf(sale)})`);
      if (req.amount.currency !== o.currency) throw new PosError('CURRENCY_REFUSED', `the payment was in ${o.currency}, not ${req.amount.currency}`);
      const actor = `till:${client.name}`;
      const approvedBy = await approveTillRefund(deps, req.approval);
      const paymentRequestId = sale.paid.paymentRequestId;
      const now = deps.clock.now();
      const made = deps.db.transaction(() => {
        // The approval check awaited (PIN hashing): a repeat of this reference may have landed meanwhile.
        const raced = repo.refund(client.id, req.refundReference);
        if (raced) return null;
        const r = rt.createRefund(paymentRequestId, money(req.amount.minor, req.amount.currency), req.reason ?? null, actor);
        repo.insertRefund({ clientId: client.id, refundRef: req.refundReference, orderRef: ref, refundRequestId: r.refundRequestId, amountMinor: req.amount.minor, createdAt: now });
        return r;
      }).immediate();
      if (!made) return { refund: refundView(repo.refund(client.id, req.refundReference)!, rt.getSale(o.saleId)), created: false };
      audit(client, 'till.refund.create', { orderReference: ref, refundReference: req.refundReference, refundRequestId: made.refundRequestId, amount: req.amount, approvedBy });
      const after = rt.getSale(o.saleId);
      publish(after);
      return { refund: refundView(repo.refund(client.id, req.refundReference)!, after), created: true };
    },

    listDay(client: TillClientRow, date: string | undefined): { date: string; payments: TillPayment[] } {
      const day = { cutoff: deps.state.config.reports.cutoff, timeZone: deps.state.config.reports.timeZone };
      const d = date ?? nominalDateOf(deps.clock.now(), day);
      const { start, end } = nominalDayRange(d, day);
      return { date: d, payments: repo.ordersBetween(client.id, start, end).map((o) => viewOf(o, client)) };
    },

    /** Every order of this client changed after `seq`, in order: what a reconnecting till missed. */
    changesSince(client: TillClientRow, seq: number): TillChange[] {
      return repo.ordersSince(client.id, seq).map((o) => ({ clientId: client.id, seq: o.seq, payment: viewOf(o, client) }));
    },
    lastSeq: (client: TillClientRow): number => repo.lastSeq(client.id),
  };
}

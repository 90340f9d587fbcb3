/**
 * Entry-code payments end to end (DESIGN.md §5.3), without HTTP: the form a wallet gets, what a
 * submitted form does (guard → amount → one order per form → pay(EntryCode) → Alipay's cashier),
 * what the customer's result page may say (only what a verified notification or an inquiry
 * established, never the redirect), and the cashier's live feed.
 *
 * Each submitted form becomes its own sale with one EntryCode attempt in the journal, so receipts,
 * history, refunds and the end-of-day report handle it like any other payment.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../shared/domain/clock';
import type { EntryInfo, EntryPayment } from '../../../shared/domain/entry';
import { maskCode } from '../../../shared/domain/mask';
import { InvalidAmountError, money, parseMajor, sameMoney, type Money } from '../../../shared/domain/money';
import type { PaymentStateChanged } from '../../../shared/domain/payment';
import type { Locale } from '../../../shared/domain/station';
import { PosError } from '../../../shared/errors/posError';
import type { Db } from '../../journal/openJournal';
import type { AttemptState } from '../engine/attemptState';
import type { PaymentsRuntime } from '../runner/paymentsRuntime';
import { createEntryStore, type EntryStore, type EntrySubmission } from './entryStore';
import { checkFormToken, issueFormToken } from './formToken';
import type { EntryStatusView, FormError } from './entryPages';

export interface EntrySettings {
  readonly enabled: boolean;
  readonly storeName: string;
  readonly currency: string;
  readonly maxAmountMinor: number;
  readonly formTtlMs: number;
  readonly payWaitMs: number;
  readonly customerLocale: Locale;
  /** Where wallets reach the station (config alipay.publicBaseUrl, else the host's own address). */
  readonly publicBaseUrl: string;
}

export interface EntryServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  runtime(): PaymentsRuntime | null;
  settings(): EntrySettings;
  /** Every payment:stateChanged the station emits. */
  subscribe(listener: (p: PaymentStateChanged) => void): () => void;
  onPaymentReceived?(p: EntryPayment): void;
  /** An inquiry for the paid payment's customer (pspCustomerInfo); null when Alipay says nothing. */
  lookupCustomer?(paymentId: string): Promise<string | null>;
  readonly log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

/** A refused form post: the reason selects the H5 message; `token` is what the re-shown form carries. */
/** New orders per client in a sliding window (memory only: a restart forgets, the global cap stays). */
function ordersPerClient() {
  const seen = new Map<string, number[]>();
  return {
    allow(ip: string, now: number): boolean {
      const recent = (seen.get(ip) ?? []).filter((t) => now - t < ENTRY_CLIENT_WINDOW_MS);
      if (recent.length >= MAX_ENTRY_ORDERS_PER_CLIENT) {
        seen.set(ip, recent);
        return false;
      }
      recent.push(now);
      seen.delete(ip);
      seen.set(ip, recent);
      if (seen.size > 10_000) seen.delete(seen.keys().next().value!);
      return true;
    },
  };
}

export class EntryFormError extends PosError {
  constructor(readonly reason: FormError, readonly httpStatus: number, readonly token: string | null, message: string) {
    super(httpStatus === 503 || httpStatus === 429 ? 'NOT_READY' : httpStatus === 409 ? 'CONFLICT' : 'BAD_REQUEST', message, { retryable: httpStatus === 503 || httpStatus === 429 });
  }
}

export interface SubmitInput {
  readonly token: string;
  readonly amountText: string;
  readonly userAgent: string;
  readonly locale: Locale;
  /** Who posted (the HTTP server's view: IP, or the trusted proxy's forwarded one). */
  readonly clientIp: string;
  /**
   * The phone's own language (Accept-Language), whose keypad the customer typed on: it decides what
   * a lone "1.234" means (parseAmount.ts). Absent → the page's locale.
   */
  readonly inputLocale?: string;
}

export type SubmitOutcome =
  /** Alipay made the order: send the wallet to its cashier. */
  | { readonly kind: 'redirect'; readonly url: string; readonly ref: string }
  /** Decided (or not yet): show the result page; `wait` makes it move on to Alipay once the order exists. */
  | { readonly kind: 'result'; readonly ref: string; readonly wait: boolean };

export interface EntryResult {
  readonly submission: EntrySubmission;
  readonly status: EntryStatusView;
  readonly reference: string;
}

/** At most this many entry-code orders may wait for customers at once: a flood of forms makes no pile of orders. */
export const MAX_OPEN_ENTRY_ORDERS = 50;
/**
 * …and one client (IP) may make at most this many new orders per window: a phone makes one or two,
 * so a script posting from one address cannot fill the store-wide cap for everyone else.
 */
export const MAX_ENTRY_ORDERS_PER_CLIENT = 5;
export const ENTRY_CLIENT_WINDOW_MS = 10 * 60_000;
/** Alipay asked for a new paymentRequestId (or pay stayed unknown): this many fresh ids per form. */
export const MAX_ENTRY_RETRIES = 1;
const MAX_USER_AGENT = 1024; // what Alipay's order.env.userAgent takes

export const ENTRY_SALE_DESCRIPTION = 'Entry code';

/**
 * Where the H5 page may send the wallet after pay: Alipay's cashier page (https) or the Alipay app
 * itself (`alipays:` / `alipay:` deep links, which Alipay's entry-code answer may carry). Plain http
 * only to a loopback host (the DEMO simulator). Anything else — `javascript:`, `data:`, `intent:`,
 * another app's scheme — is never followed, whatever the gateway answered.
 */
export const WALLET_REDIRECT_SCHEMES: readonly string[] = ['https:', 'alipays:', 'alipay:'];

export function isSafeRedirect(url: string | undefined): url is string {
  if (!url || url.length > 4096 || !URL.canParse(url)) return false;
  const u = new URL(url);
  if (WALLET_REDIRECT_SCHEMES.includes(u.protocol)) return u.protocol === 'https:' ? u.hostname !== '' : true;
  return u.protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(u.hostname);
}

export type EntryService = ReturnType<typeof createEntryService>;

export function createEntryService(deps: EntryServiceDeps) {
  const { clock } = deps;
  const store: EntryStore = createEntryStore(deps.db);
  const perClient = ordersPerClient();
  const announced = new Set<string>();
  let unsubscribe: (() => void) | null = null;

  const secret = (): Buffer => store.formSecret(clock.now());
  const base = (): string => deps.settings().publicBaseUrl.replace(/\/+$/, '');

  function runtimeOrThrow(token: string | null): PaymentsRuntime {
    const rt = deps.runtime();
    if (!rt || !rt.ready) throw new EntryFormError('unavailable', 503, token, 'payments are not ready');
    return rt;
  }

  const attemptOf = (rt: PaymentsRuntime, s: EntrySubmission): AttemptState | null => rt.store.attempts.getAttempt(s.paymentRequestId);

  /** A superseded attempt whose form still has a fresh id to come is not an answer yet. */
  const retryPending = (s: EntrySubmission, a: AttemptState): boolean =>
    (a.status === 'cancelling' || a.status === 'cancelled') && a.reason === 'superseded' && s.retries < MAX_ENTRY_RETRIES;

  function statusOf(rt: PaymentsRuntime, s: EntrySubmission): EntryStatusView {
    const a = attemptOf(rt, s);
    if (!a) return { kind: 'confirming', redirectUrl: null };
    const lang = s.locale;
    switch (a.status) {
      case 'succeeded':
        return { kind: 'paid', paidAt: a.paidAt };
      case 'failed':
      case 'reversed':
      case 'unproven':
        return { kind: 'notPaid', message: a.message?.[lang] ?? null };
      case 'cancelled':
        if (retryPending(s, a)) return { kind: 'confirming', redirectUrl: null };
        // Superseded: pay never gave the wallet a cashier, so nothing can have been charged.
        return { kind: 'notPaid', message: a.reason === 'superseded' ? null : a.message?.[lang] ?? null };
      case 'awaitingCustomer':
        return { kind: 'confirming', redirectUrl: isSafeRedirect(a.redirectUrl) ? a.redirectUrl : null };
      case 'created':
      case 'unknown':
      case 'cancelling':
      case 'reversing':
        // Not final: it may still turn out paid (a cancel's last inquiry can find it so).
        return { kind: 'confirming', redirectUrl: null };
    }
  }

  /** Waits (bounded) until pay has answered for the form's current attempt. */
  function waitForPayAnswer(rt: PaymentsRuntime, id: string, ms: number): Promise<void> {
    const answered = (): boolean => {
      const s = store.byId(id);
      const a = s ? attemptOf(rt, s) : null;
      return !s || !a || (a.status !== 'created' && !retryPending(s, a));
    };
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        off();
        clock.clearTimeout(timer);
        resolve();
      };
      const off = deps.subscribe(() => {
        if (answered()) finish();
      });
      const timer = clock.setTimeout(finish, ms);
      if (answered()) finish();
    });
  }

  async function outcomeOf(rt: PaymentsRuntime, id: string): Promise<SubmitOutcome> {
    await waitForPayAnswer(rt, id, deps.settings().payWaitMs);
    const s = store.byId(id)!;
    const a = attemptOf(rt, s);
    if (a?.status === 'awaitingCustomer' && isSafeRedirect(a.redirectUrl)) return { kind: 'redirect', url: a.redirectUrl, ref: s.ref };
    return { kind: 'result', ref: s.ref, wait: !a || a.status === 'created' || retryPending(s, a) };
  }

  function startAttempt(rt: PaymentsRuntime, saleId: string, amount: Money, ref: string, userAgent: string): AttemptState {
    return rt.engine.start({
      saleId, amount, scenario: 'EntryCode',
      entry: { userAgent, paymentRedirectUrl: `${base()}/entry/result/${ref}` },
    });
  }

  function entryPayment(rt: PaymentsRuntime, paymentRequestId: string): EntryPayment | null {
    const a = rt.store.attempts.getAttempt(paymentRequestId);
    if (!a) return null;
    const snap = rt.store.attemptSnapshot(a);
    const sale = rt.store.saleSnapshot(a.saleId);
    return {
      paymentRequestId, saleId: a.saleId, amount: a.amount, status: a.status, saleStatus: sale?.status ?? 'paid', createdAt: a.createdAt,
      // The feed keeps its last-4 form even now that the column holds Alipay's display id (receipts show that).
      paidAt: snap.paidAt, customer: feedCustomer(store.customer(paymentRequestId)), refundedMinor: snap.refundedMinor,
    };
  }

  const feedCustomer = (masked: string | null): string | null => (masked === null ? null : maskCode(masked));

  async function announce(rt: PaymentsRuntime, a: AttemptState): Promise<void> {
    if (announced.has(a.paymentRequestId)) return;
    announced.add(a.paymentRequestId);
    if (a.paymentId && deps.lookupCustomer && store.customer(a.paymentRequestId) === null) {
      try {
        const id = await deps.lookupCustomer(a.paymentId);
        // Only the last 4 survive, whatever Alipay sent (its display id may still carry digits).
        if (id) store.setCustomer(a.paymentRequestId, maskCode(id));
      } catch (e) {
        deps.log?.warn({ err: e, paymentRequestId: a.paymentRequestId }, 'entry code: customer lookup failed');
      }
    }
    const p = entryPayment(rt, a.paymentRequestId);
    if (p) deps.onPaymentReceived?.(p);
  }

  /** Follows entry-code attempts: announce payments, retry superseded ids, close abandoned sales. */
  function onPaymentChanged(p: PaymentStateChanged): void {
    const rt = deps.runtime();
    const snap = p.attempt;
    if (!rt || !snap || snap.scenario !== 'EntryCode' || !snap.final) return;
    const a = rt.store.attempts.getAttempt(snap.paymentRequestId);
    if (!a) return;
    if (a.status === 'succeeded') {
      void announce(rt, a);
      return;
    }
    const s = store.byAttempt(a.paymentRequestId);
    if (!s) return;
    // Deferred: this runs inside the engine's handling of the old attempt.
    queueMicrotask(() => {
      try {
        if (retryPending(s, a) && clock.now() - s.createdAt < deps.settings().formTtlMs && rt.network !== 'offline') {
          // Seed 004: PAYMENT_IN_PROCESS (or no answer at all) → the same form, a new paymentRequestId.
          const next = startAttempt(rt, s.saleId, s.amount, s.ref, s.userAgent);
          store.moveAttempt(s.id, next.paymentRequestId, clock.now());
          deps.log?.info({ saleId: s.saleId, from: a.paymentRequestId, to: next.paymentRequestId }, 'entry code: new request id');
          return;
        }
        // Nobody stands at a till for this sale: once its payment is over unpaid, the sale is abandoned.
        const sale = rt.store.saleSnapshot(s.saleId);
        if (sale && sale.status === 'open' && !sale.active) rt.voidSale(s.saleId);
      } catch (e) {
        deps.log?.warn({ err: e, paymentRequestId: a.paymentRequestId }, 'entry code: follow-up failed');
      }
    });
  }

  return {
    start(): void {
      unsubscribe ??= deps.subscribe(onPaymentChanged);
    },
    stop(): void {
      unsubscribe?.();
      unsubscribe = null;
    },

    info(): EntryInfo {
      const s = deps.settings();
      const b = base();
      return {
        enabled: s.enabled, url: `${b}/entry`, posterUrl: `${b}/entry/poster`, storeName: s.storeName, currency: s.currency,
        publiclyReachable: !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(b),
      };
    },

    /** A fresh signed, single-use form token for a page view. */
    newFormToken: (): string => issueFormToken(secret(), clock.now()),

    /**
     * A form post. Refusals throw EntryFormError (the page is shown again with the reason); nothing
     * is charged twice: the form's nonce makes at most one order, and every repeat finds that order.
     */
    async submit(input: SubmitInput): Promise<SubmitOutcome> {
      const s = deps.settings();
      if (!s.enabled) throw new EntryFormError('disabled', 404, null, 'entry code is switched off');
      const tok = checkFormToken(secret(), input.token, clock.now(), s.formTtlMs);
      if (!tok.ok) throw new EntryFormError(tok.reason === 'expired' ? 'expired' : 'forged', 403, null, `form token ${tok.reason}`);
      const rt = runtimeOrThrow(input.token);
      let amount: Money;
      try {
        amount = parseMajor(input.amountText, s.currency, { locale: input.inputLocale ?? input.locale });
      } catch (e) {
        const ambiguous = e instanceof InvalidAmountError && e.problem === 'ambiguous';
        throw new EntryFormError(ambiguous ? 'amountAmbiguous' : 'amount', 400, input.token, e instanceof Error ? e.message : 'not a valid amount');
      }
      if (amount.minor > s.maxAmountMinor) throw new EntryFormError('amountTooLarge', 400, input.token, 'amount above the store limit');

      const existing = store.byId(tok.nonce);
      if (existing) {
        // The same form again: a double tap finds its order; another amount is a replay, refused.
        if (!sameMoney(existing.amount, amount)) throw new EntryFormError('used', 409, null, 'form already used for another amount');
        return outcomeOf(rt, existing.id);
      }
      if (rt.network === 'offline') throw new EntryFormError('unavailable', 503, input.token, 'Alipay unreachable');
      if (!perClient.allow(input.clientIp, clock.now())) throw new EntryFormError('busy', 429, input.token, 'too many entry-code orders from this client');
      if (store.openCount() >= MAX_OPEN_ENTRY_ORDERS) throw new EntryFormError('busy', 503, input.token, 'too many open entry-code orders');
      const userAgent = input.userAgent.slice(0, MAX_USER_AGENT);
      if (!userAgent.trim()) throw new EntryFormError('forged', 400, null, 'no user agent: not a wallet browser');

      const ref = randomBytes(18).toString('base64url');
      const now = clock.now();
      // One transaction: the sale, its attempt (write-ahead, before pay leaves) and the form's row that claims the nonce.
      store.transaction(() => {
        const sale = rt.createSale(amount, ENTRY_SALE_DESCRIPTION);
        const attempt = startAttempt(rt, sale.saleId, amount, ref, userAgent);
        store.insert({ id: tok.nonce, ref, saleId: sale.saleId, paymentRequestId: attempt.paymentRequestId, amount, locale: input.locale, userAgent, createdAt: now });
      });
      deps.log?.info({ ref, amount }, 'entry code: form submitted');
      return outcomeOf(rt, tok.nonce);
    },

    /** The customer's result page: only the journal's verified state, whatever the URL says. */
    result(ref: string): EntryResult | null {
      const rt = deps.runtime();
      const s = store.byRef(ref);
      if (!rt || !s) return null;
      return { submission: s, status: statusOf(rt, s), reference: s.paymentRequestId };
    },

    feed(limit: number): EntryPayment[] {
      const rt = deps.runtime();
      if (!rt) return [];
      return store.feed(limit).flatMap((r) => entryPayment(rt, r.paymentRequestId) ?? []);
    },

    maxAmount: (): Money => {
      const s = deps.settings();
      return money(s.maxAmountMinor, s.currency);
    },
    store,
  };
}

import crypto from 'node:crypto';
import type { AmsApiName } from '../payments/ams/regions';
import { formatAmsTime, parseAmsTime } from '../payments/ams/amsTime';
import {
  cancelIn, DEFAULT_SETTLEMENT_CONTRACTS, describeIssue, inquiryPaymentIn, inquiryRefundIn, inquiryRegistrationInfoIn, inquiryRegistrationStatusIn, payIn, refundIn, registrationIn,
  type PayIn,
} from './requestSchemas';
import { ALIPAY_CODE_PATTERN, isScenarioCode, scenarioFor, type ScenarioBehaviour } from './scenarios';
import type { SimPayment, SimRefund, SimRegistration } from './simRecords';
import type { SimStore } from './simStore';
import { businessDayOf } from './businessDay';

/**
 * The gateway's business rules, without HTTP: validation, idempotency, expiry, the in-store state
 * machine, cancel and refund rules, registration. Time comes from `now()` (the simulator clock),
 * and every state change that must be announced goes out through the injected hooks.
 */
export interface SimCoreHooks {
  /** A payment reached SUCCESS or FAIL (not via cancel): queue notifyPayment. */
  paymentFinal(p: SimPayment): void;
  registrationDecided(r: SimRegistration): void;
  /** Ask to be woken at `at` (sim clock) to settle planned transitions. */
  wakeAt(at: number): void;
}

export interface SimCoreOptions {
  readonly defaultExpiryMs: number;
  readonly registrationDelayMs: number;
  /** Reject a customer code presented under a second paymentRequestId (they are one-time). */
  readonly oneTimeCodes: boolean;
  readonly requireRegistration: boolean;
  readonly timeOffsetMinutes: number;
  /** Settlement currencies with a contract (default DEFAULT_SETTLEMENT_CONTRACTS). */
  readonly settlementContracts?: readonly string[];
  /** Entry-code redirects as `alipays://` deep links for every payment (default: only scenario 46). */
  readonly entryRedirect?: 'https' | 'deeplink';
  /** Base URL of the simulator, for redirect URLs and order-code values. */
  baseUrl(): string;
}

/** `slow` with `record`: the pay is only recorded (made visible, finished) when the held answer goes out. */
export type SimDisposition = { readonly kind: 'answer' } | { readonly kind: 'drop' } | { readonly kind: 'slow'; readonly record?: () => SimAnswer };

export interface SimAnswer {
  readonly body: Record<string, unknown>;
  readonly disposition: SimDisposition;
}

const ANSWER: SimDisposition = { kind: 'answer' };

const result = (status: 'S' | 'F' | 'U', code: string, message: string): Record<string, string> => ({ resultStatus: status, resultCode: code, resultMessage: message });
const ok = (extra: Record<string, unknown> = {}): SimAnswer => ({ body: { result: result('S', 'SUCCESS', 'success'), ...extra }, disposition: ANSWER });
const fail = (code: string, message: string, extra: Record<string, unknown> = {}): SimAnswer => ({ body: { result: result('F', code, message), ...extra }, disposition: ANSWER });
const unknown = (code: string, message: string): SimAnswer => ({ body: { result: result('U', code, message) }, disposition: ANSWER });
export const paramIllegal = (message: string): SimAnswer => fail('PARAM_ILLEGAL', message);

/** The scenario whose entry-code redirect is a deep link. */
export const DEEP_LINK_SCENARIO = '46';

/**
 * Alipay's entry-code `redirectUrl` may open the app rather than a page, the form the official
 * SDK's mock answer uses: `alipays://platformapi/startApp?appId=…&url=<the cashier page>`.
 */
export function entryRedirectUrl(walletPage: string, deepLink: boolean): string {
  return deepLink ? `alipays://platformapi/startApp?appId=20000067&url=${encodeURIComponent(walletPage)}` : walletPage;
}

const sha = (s: string): string => crypto.createHash('sha256').update(s).digest('hex').slice(0, 32);

export interface SimCore {
  handle(api: AmsApiName, clientId: string, body: unknown): SimAnswer;
  /** Applies every planned transition that is due (plans, expiries, registrations). */
  settleAll(): void;
  settle(p: SimPayment): SimPayment;
  findPayment(ref: { paymentId?: string; paymentRequestId?: string; clientId?: string }): SimPayment | undefined;
  findByOrderCode(codeValue: string): SimPayment | undefined;
  /** Wallet actions (virtual customer). */
  walletPay(p: SimPayment, outcome: 'SUCCESS' | 'FAIL', failCode?: string): { ok: true; payment: SimPayment } | { ok: false; reason: string; payment: SimPayment };
  walletScan(p: SimPayment): void;
}

/** The payer as Alipay describes a paid payment (AMS.md §4): pay, inquiry and notification all carry it. */
export const SIM_DISPLAY_CUSTOMER_ID = '138****0000';
export function simCustomerInfo(p: Pick<SimPayment, 'paymentId'>): { pspName: string; pspCustomerId: string; displayCustomerId: string } {
  return { pspName: 'ALIPAY_CN', pspCustomerId: `2088${p.paymentId.slice(-12)}`, displayCustomerId: SIM_DISPLAY_CUSTOMER_ID };
}

export function createSimCore(store: SimStore, now: () => number, hooks: SimCoreHooks, opts: SimCoreOptions): SimCore {
  let seq = 0;
  const newId = (prefix: string): string => {
    seq = (seq + 1) % 1_000_000;
    const t = formatAmsTime(now(), 480).replace(/\D/g, '').slice(0, 14);
    return `${prefix}${t}${String(seq).padStart(6, '0')}${crypto.randomBytes(4).toString('hex')}`;
  };
  const time = (ms: number): string => formatAmsTime(ms, opts.timeOffsetMinutes);

  function paymentView(p: SimPayment): Record<string, unknown> {
    return {
      paymentId: p.paymentId,
      paymentRequestId: p.paymentRequestId,
      paymentAmount: p.amount,
      paymentCreateTime: time(p.createdAt),
      ...(p.paidAt !== undefined ? { paymentTime: time(p.paidAt), actualPaymentAmount: p.amount, pspCustomerInfo: simCustomerInfo(p) } : {}),
    };
  }

  function finish(p: SimPayment, status: 'SUCCESS' | 'FAIL', code: string, message: string, at: number): void {
    p.status = status;
    p.resultCode = code;
    p.resultMessage = message;
    p.finishedAt = at;
    if (status === 'SUCCESS') p.paidAt = at;
    p.plan = { kind: 'none' };
    store.savePayment(p);
    if (!p.flags.noNotification) hooks.paymentFinal(p);
  }

  /** Brings a PROCESSING payment up to date with the clock: planned outcomes, then expiry. */
  function settle(p: SimPayment): SimPayment {
    if (p.status !== 'PROCESSING') return p;
    const t = now();
    const plan = p.plan;
    if (plan.kind === 'auto' && plan.at <= t && plan.at < p.expiresAt) {
      const code = plan.outcome === 'SUCCESS' ? 'SUCCESS' : plan.failCode ?? 'USER_BALANCE_NOT_ENOUGH';
      finish(p, plan.outcome, code, plan.outcome === 'SUCCESS' ? 'success' : 'payment failed', plan.at);
      return p;
    }
    if (t >= p.expiresAt) {
      // After paymentExpiryTime a payment must not succeed (AMS.md §4): it is closed.
      finish(p, 'FAIL', 'ORDER_IS_CLOSED', 'payment expired', p.expiresAt);
    }
    return p;
  }

  function settleAll(): void {
    for (const p of store.payments.values()) settle(p);
    for (const r of store.registrations.values()) settleRegistration(r);
  }

  function settleRegistration(r: SimRegistration): void {
    if (r.status !== 'PROCESSING' || now() < r.decideAt) return;
    const name = JSON.stringify(r.merchantInfo);
    if (name.includes('REJECT')) {
      r.status = 'REJECTED';
      r.rejectReasons = 'merchant information incomplete';
    } else r.status = 'APPROVED';
    store.saveRegistration(r);
    hooks.registrationDecided(r);
  }

  /** What the gateway's APIs can see: a payment still being processed (slow pay) is not recorded yet. */
  function findPayment(ref: { paymentId?: string; paymentRequestId?: string; clientId?: string }): SimPayment | undefined {
    const p = findAny(ref);
    return p?.flags.unrecorded ? undefined : p;
  }

  function findAny(ref: { paymentId?: string; paymentRequestId?: string; clientId?: string }): SimPayment | undefined {
    if (ref.paymentId) {
      const p = store.payments.get(ref.paymentId);
      if (p && (ref.clientId === undefined || p.clientId === ref.clientId)) return p;
      return undefined;
    }
    if (ref.paymentRequestId && ref.clientId) {
      const id = store.paymentsByRequestId.get(`${ref.clientId}|${ref.paymentRequestId}`);
      return id === undefined ? undefined : store.payments.get(id);
    }
    if (ref.paymentRequestId) {
      for (const p of store.payments.values()) if (p.paymentRequestId === ref.paymentRequestId) return p;
    }
    return undefined;
  }

  function payAnswer(p: SimPayment): SimAnswer {
    settle(p);
    switch (p.status) {
      case 'SUCCESS':
        return ok(paymentView(p));
      case 'FAIL':
        return fail(p.resultCode, p.resultMessage, { paymentRequestId: p.paymentRequestId, paymentId: p.paymentId });
      case 'CANCELLED':
        return fail('ORDER_IS_CANCELED', 'the payment was cancelled', { paymentRequestId: p.paymentRequestId, paymentId: p.paymentId });
      case 'PROCESSING':
        if (p.inStoreScenario === 'OrderCode') {
          return ok({ ...paymentView(p), orderCodeForm: { expireTime: time(p.expiresAt), codeDetails: [{ codeValueType: 'QRCODE', displayType: 'TEXT', codeValue: p.orderCodeValue }] } });
        }
        if (p.inStoreScenario === 'EntryCode') return ok({ ...paymentView(p), redirectActionForm: { redirectUrl: p.redirectUrl } });
        return { body: { result: result('U', 'PAYMENT_IN_PROCESS', 'payment in process'), paymentId: p.paymentId, paymentRequestId: p.paymentRequestId, paymentCreateTime: time(p.createdAt) }, disposition: ANSWER };
    }
  }

  function pay(clientId: string, raw: unknown): SimAnswer {
    const parsed = payIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const req: PayIn = parsed.data;
    const scenario = req.paymentFactor.inStorePaymentScenario;
    const code = req.paymentMethod.paymentMethodId;
    if (scenario === 'PaymentCode' && !code) return paramIllegal('paymentMethod.paymentMethodId: required for PaymentCode');
    if (scenario === 'EntryCode' && !req.order.env?.userAgent) return paramIllegal('order.env.userAgent: required for EntryCode');
    const settleIn = req.settlementStrategy?.settlementCurrency;
    if (settleIn !== undefined && !(opts.settlementContracts ?? DEFAULT_SETTLEMENT_CONTRACTS).includes(settleIn)) return fail('SETTLE_CONTRACT_NOT_MATCH', `no settlement contract in ${settleIn}`);
    const fingerprint = sha(JSON.stringify([req.paymentAmount.currency, req.paymentAmount.value, scenario, code ?? '']));

    const existing = findAny({ paymentRequestId: req.paymentRequestId, clientId });
    // The same request again while the first is still being processed: Alipay says so.
    if (existing?.flags.unrecorded) return unknown('PAYMENT_IN_PROCESS', 'payment in process');
    if (existing) {
      if (existing.fingerprint !== fingerprint) return fail('REPEAT_REQ_INCONSISTENT', 'repeated request is inconsistent with the original');
      return payAnswer(existing);
    }

    const t = now();
    const expiresAt = req.paymentExpiryTime ? parseAmsTime(req.paymentExpiryTime)! : t + opts.defaultExpiryMs;
    if (expiresAt <= t) return paramIllegal('paymentExpiryTime: already past');
    if (opts.requireRegistration && !isRegistered(req.order.merchant.referenceMerchantId)) return fail('MERCHANT_NOT_REGISTERED', 'merchant not registered');
    const sc = scenarioFor(code, Number(req.paymentAmount.value));
    const behaviour: ScenarioBehaviour = sc?.behaviour ?? { kind: 'success' };

    if (behaviour.kind === 'u-not-created') return unknown(behaviour.code, 'unknown exception');

    const p: SimPayment = {
      paymentId: newId('2024SIM'),
      paymentRequestId: req.paymentRequestId,
      clientId,
      inStoreScenario: scenario,
      scenarioId: sc?.id,
      amount: { currency: req.paymentAmount.currency, value: req.paymentAmount.value },
      fingerprint,
      paymentCode: code,
      notifyUrl: req.paymentNotifyUrl,
      redirectUrl: undefined,
      orderCodeValue: undefined,
      referenceMerchantId: req.order.merchant.referenceMerchantId,
      referenceStoreId: req.order.merchant.store?.referenceStoreId ?? '',
      orderDescription: req.order.orderDescription,
      createdAt: t,
      expiresAt,
      businessDay: businessDayOf(behaviour.kind === 'previous-day' ? t - 86_400_000 : t),
      status: 'PROCESSING',
      resultCode: 'PAYMENT_IN_PROCESS',
      resultMessage: 'payment in process',
      declineOnPay: undefined,
      plan: { kind: 'none' },
      walletScanned: false,
      paidAt: undefined,
      finishedAt: undefined,
      cancelledAt: undefined,
      refundedMinor: 0,
      refundCount: 0,
      flags: {
        refundWindowClosed: behaviour.kind === 'refund-window-closed' || undefined,
        singleRefundOnly: behaviour.kind === 'single-refund-only' || undefined,
        noNotification: behaviour.kind === 'no-notification' || undefined,
        unrecorded: (behaviour.kind === 'slow-recorded' && scenario === 'PaymentCode') || undefined,
        asyncRefund: behaviour.kind === 'async-refund' ? { afterMs: behaviour.afterMs, outcome: behaviour.outcome } : undefined,
      },
    };

    if (scenario === 'PaymentCode') {
      if (!ALIPAY_CODE_PATTERN.test(code!)) {
        p.status = 'FAIL'; p.resultCode = 'INVALID_PAYMENT_CODE'; p.resultMessage = 'invalid payment code'; p.finishedAt = t;
        store.savePayment(p);
        return payAnswer(p);
      }
      const usedBy = store.usedCodes.get(code!);
      if (opts.oneTimeCodes && usedBy !== undefined && usedBy !== req.paymentRequestId && !isScenarioCode(code!)) {
        p.status = 'FAIL'; p.resultCode = 'INVALID_PAYMENT_CODE'; p.resultMessage = 'payment code already used'; p.finishedAt = t;
        p.paymentCode = undefined; // keep the original owner of the code in the index
        store.savePayment(p);
        return payAnswer(p);
      }
    } else {
      p.orderCodeValue = scenario === 'OrderCode' ? `${opts.baseUrl()}/__sim/qr/${p.paymentId}` : undefined;
      p.redirectUrl = scenario === 'EntryCode' ? entryRedirectUrl(`${opts.baseUrl()}/__sim/wallet/entry/${p.paymentId}`, sc?.id === DEEP_LINK_SCENARIO || opts.entryRedirect === 'deeplink') : undefined;
      if (scenario === 'EntryCode' && req.paymentRedirectUrl) p.paymentRedirectUrl = req.paymentRedirectUrl;
    }
    return applyBehaviour(p, behaviour, t);
  }

  function applyBehaviour(p: SimPayment, b: ScenarioBehaviour, t: number): SimAnswer {
    const presented = p.inStoreScenario === 'PaymentCode';
    switch (b.kind) {
      case 'success':
      case 'previous-day':
      case 'refund-window-closed':
      case 'single-refund-only':
      case 'no-notification':
      case 'async-refund':
        if (presented) finish(p, 'SUCCESS', 'SUCCESS', 'success', t);
        else store.savePayment(p);
        return payAnswer(p);
      case 'decline':
        if (presented) {
          p.status = 'FAIL'; p.resultCode = b.code; p.resultMessage = b.message; p.finishedAt = t;
          store.savePayment(p);
        } else {
          p.declineOnPay = { code: b.code, message: b.message };
          store.savePayment(p);
        }
        return payAnswer(p);
      case 'confirm-after':
        p.plan = { kind: 'auto', at: t + b.afterMs, outcome: b.outcome, ...(b.failCode ? { failCode: b.failCode } : {}) };
        store.savePayment(p);
        hooks.wakeAt(t + b.afterMs);
        hooks.wakeAt(p.expiresAt);
        return payAnswer(p);
      case 'wait-for-wallet':
        store.savePayment(p);
        hooks.wakeAt(p.expiresAt);
        return payAnswer(p);
      case 'confirm-after-expiry':
        p.plan = { kind: 'late', at: p.expiresAt + 1_000 };
        store.savePayment(p);
        hooks.wakeAt(p.expiresAt);
        return payAnswer(p);
      case 'u-but-paid':
        finish(p, 'SUCCESS', 'SUCCESS', 'success', t);
        return unknown(b.code, 'unknown exception');
      case 'u-not-created':
        return unknown(b.code, 'unknown exception');
      case 'drop-after-success':
        finish(p, 'SUCCESS', 'SUCCESS', 'success', t);
        return { ...payAnswer(p), disposition: { kind: 'drop' } };
      case 'slow-success':
        finish(p, 'SUCCESS', 'SUCCESS', 'success', t);
        return { ...payAnswer(p), disposition: { kind: 'slow' } };
      case 'slow-recorded': {
        if (!presented) {
          store.savePayment(p);
          return payAnswer(p);
        }
        store.savePayment(p);
        // Recorded only when processing ends (the held answer goes out), whatever the client did meanwhile.
        const record = (): SimAnswer => {
          p.flags.unrecorded = undefined;
          finish(p, 'SUCCESS', 'SUCCESS', 'success', now());
          return payAnswer(p);
        };
        return { body: {}, disposition: { kind: 'slow', record } };
      }
    }
  }

  function isRegistered(referenceMerchantId: string): boolean {
    for (const r of store.registrations.values()) {
      settleRegistration(r);
      if (r.referenceMerchantId === referenceMerchantId && r.status === 'APPROVED') return true;
    }
    return false;
  }

  function inquiryPayment(clientId: string, raw: unknown): SimAnswer {
    const parsed = inquiryPaymentIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const p = findPayment({ ...parsed.data, clientId });
    if (!p) return fail('ORDER_NOT_EXIST', 'order does not exist');
    settle(p);
    return ok({
      ...paymentView(p),
      paymentStatus: p.status,
      paymentResultCode: p.status === 'CANCELLED' ? 'ORDER_IS_CANCELED' : p.resultCode,
      paymentResultMessage: p.status === 'CANCELLED' ? 'the payment was cancelled' : p.resultMessage,
    });
  }

  function cancel(clientId: string, raw: unknown): SimAnswer {
    const parsed = cancelIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const p = findPayment({ ...parsed.data, clientId });
    if (!p) return fail('ORDER_NOT_EXIST', 'order does not exist');
    settle(p);
    const answer = (): SimAnswer => ok({ paymentId: p.paymentId, paymentRequestId: p.paymentRequestId, cancelTime: time(p.cancelledAt ?? now()) });
    if (p.status === 'CANCELLED') return answer(); // repeatable
    // Generally the same business day, Beijing time (AMS.md §5).
    if (p.businessDay !== businessDayOf(now())) return fail('CANCEL_WINDOW_EXCEED', 'cancel window exceeded: refund instead');
    if (p.refundCount > 0) return fail('ORDER_STATUS_INVALID', 'payment already partly refunded');
    p.status = 'CANCELLED';
    p.cancelledAt = now();
    p.plan = { kind: 'none' };
    store.savePayment(p);
    return answer();
  }

  function refund(clientId: string, raw: unknown): SimAnswer {
    const parsed = refundIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const req = parsed.data;
    const fingerprint = sha(JSON.stringify([req.paymentId, req.refundAmount.currency, req.refundAmount.value]));
    const existingId = store.refundsByRequestId.get(req.refundRequestId);
    if (existingId !== undefined) {
      const r = store.refunds.get(existingId)!;
      if (r.fingerprint !== fingerprint) return fail('REPEAT_REQ_INCONSISTENT', 'repeated refund is inconsistent with the original');
      return refundAnswer(r);
    }
    const p = findPayment({ paymentId: req.paymentId, clientId });
    if (!p) return fail('ORDER_NOT_EXIST', 'payment does not exist');
    settle(p);
    if (p.status === 'CANCELLED' || (p.status === 'FAIL' && p.resultCode === 'ORDER_IS_CLOSED')) return fail('ORDER_IS_CLOSED', 'the payment is closed');
    if (p.status !== 'SUCCESS') return fail('ORDER_STATUS_INVALID', 'the payment has not succeeded');
    if (req.refundAmount.currency !== p.amount.currency) return paramIllegal('refundAmount.currency: differs from the payment currency');
    if (p.flags.refundWindowClosed) return fail('REFUND_WINDOW_EXCEED', 'refund window exceeded');
    if (p.flags.singleRefundOnly && p.refundCount > 0) return fail('MULTIPLE_REFUNDS_NOT_SUPPORTED', 'multiple refunds not supported');
    const amountMinor = Number(req.refundAmount.value);
    if (amountMinor <= 0) return paramIllegal('refundAmount.value: must be greater than zero');
    if (p.refundedMinor + amountMinor > Number(p.amount.value)) return fail('REFUND_AMOUNT_EXCEED', 'refund amount exceeds the refundable amount');
    const t = now();
    const async = p.flags.asyncRefund;
    const r: SimRefund = {
      refundId: newId('2024RFD'), refundRequestId: req.refundRequestId, paymentId: p.paymentId,
      amount: { currency: req.refundAmount.currency, value: req.refundAmount.value }, fingerprint,
      status: 'SUCCESS', resultCode: 'SUCCESS', resultMessage: 'success', createdAt: t, businessDay: businessDayOf(t),
      ...(async ? { status: 'PROCESSING' as const, resultCode: 'REFUND_IN_PROCESS', resultMessage: 'refund in process', decideAt: t + async.afterMs, decideAs: async.outcome } : {}),
    };
    p.refundedMinor += amountMinor;
    p.refundCount += 1;
    store.savePayment(p);
    store.saveRefund(r);
    return refundAnswer(r);
  }

  /** An asynchronous refund is decided once its time has come; a failed one gives the amount back to the payment. */
  function settleRefund(r: SimRefund): SimRefund {
    if (r.status !== 'PROCESSING' || r.decideAt === undefined || now() < r.decideAt) return r;
    r.status = r.decideAs ?? 'SUCCESS';
    r.resultCode = r.status === 'SUCCESS' ? 'SUCCESS' : 'REFUND_FAIL';
    r.resultMessage = r.status === 'SUCCESS' ? 'success' : 'refund failed';
    if (r.status === 'FAIL') {
      const p = store.payments.get(r.paymentId);
      if (p) {
        p.refundedMinor -= Number(r.amount.value);
        store.savePayment(p);
      }
    }
    store.saveRefund(r);
    return r;
  }

  function refundAnswer(r: SimRefund): SimAnswer {
    settleRefund(r);
    const view = { refundRequestId: r.refundRequestId, refundId: r.refundId, paymentId: r.paymentId, refundAmount: r.amount, refundTime: time(r.createdAt) };
    if (r.status === 'PROCESSING') return unknown('REFUND_IN_PROCESS', 'refund in process');
    return r.status === 'SUCCESS' ? ok(view) : fail(r.resultCode, r.resultMessage, view);
  }

  function inquiryRefund(_clientId: string, raw: unknown): SimAnswer {
    const parsed = inquiryRefundIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const id = parsed.data.refundId ?? store.refundsByRequestId.get(parsed.data.refundRequestId!);
    const r = id === undefined ? undefined : store.refunds.get(id);
    if (!r) return fail('ORDER_NOT_EXIST', 'refund does not exist');
    settleRefund(r);
    return ok({ refundRequestId: r.refundRequestId, refundId: r.refundId, refundStatus: r.status, refundAmount: r.amount, refundTime: time(r.createdAt) });
  }

  function registration(_clientId: string, raw: unknown): SimAnswer {
    const parsed = registrationIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const req = parsed.data;
    const fingerprint = sha(JSON.stringify([req.merchantInfo, req.storeInfo ?? null]));
    const existing = store.registrations.get(req.registrationRequestId);
    if (existing) return existing.fingerprint === fingerprint ? ok() : fail('REPEAT_REQ_INCONSISTENT', 'repeated registration is inconsistent');
    const t = now();
    const r: SimRegistration = {
      registrationRequestId: req.registrationRequestId,
      referenceMerchantId: req.merchantInfo.referenceMerchantId,
      referenceStoreId: req.storeInfo?.referenceStoreId,
      merchantInfo: req.merchantInfo,
      productCodes: req.productCodes ?? ['IN_STORE_PAYMENT'],
      notifyUrl: req.registrationNotifyURL,
      fingerprint,
      status: 'PROCESSING',
      rejectReasons: undefined,
      createdAt: t,
      decideAt: t + opts.registrationDelayMs,
    };
    store.saveRegistration(r);
    hooks.wakeAt(r.decideAt);
    return ok();
  }

  function findRegistration(ref: { registrationRequestId?: string; referenceMerchantId?: string }): SimRegistration | undefined {
    if (ref.registrationRequestId) return store.registrations.get(ref.registrationRequestId);
    let found: SimRegistration | undefined;
    for (const r of store.registrations.values()) if (r.referenceMerchantId === ref.referenceMerchantId) found = r;
    return found;
  }

  function inquiryRegistrationStatus(_clientId: string, raw: unknown): SimAnswer {
    const parsed = inquiryRegistrationStatusIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const r = findRegistration(parsed.data);
    if (!r) return fail('ORDER_NOT_EXIST', 'registration does not exist');
    settleRegistration(r);
    return ok({
      registrationResult: { registrationStatus: r.status, ...(r.rejectReasons ? { rejectReasons: r.rejectReasons } : {}) },
      pspRegistrationResultList: [{ pspName: 'ALIPAY_CN', registrationResult: { registrationStatus: r.status } }],
    });
  }

  function inquiryRegistrationInfo(_clientId: string, raw: unknown): SimAnswer {
    const parsed = inquiryRegistrationInfoIn.safeParse(raw);
    if (!parsed.success) return paramIllegal(describeIssue(parsed.error));
    const r = findRegistration(parsed.data);
    if (!r) return fail('ORDER_NOT_EXIST', 'registration does not exist');
    return ok({ merchantInfo: r.merchantInfo, productCodes: r.productCodes });
  }

  return {
    handle(api, clientId, body) {
      switch (api) {
        case 'pay': return pay(clientId, body);
        case 'inquiryPayment': return inquiryPayment(clientId, body);
        case 'cancel': return cancel(clientId, body);
        case 'refund': return refund(clientId, body);
        case 'inquiryRefund': return inquiryRefund(clientId, body);
        case 'registration': return registration(clientId, body);
        case 'inquiryRegistrationStatus': return inquiryRegistrationStatus(clientId, body);
        case 'inquiryRegistrationInfo': return inquiryRegistrationInfo(clientId, body);
      }
    },
    settleAll,
    settle,
    findPayment,
    findByOrderCode(codeValue) {
      for (const p of store.payments.values()) if (p.orderCodeValue === codeValue) return p;
      return undefined;
    },
    walletScan(p) {
      p.walletScanned = true;
      store.savePayment(p);
    },
    walletPay(p, outcome, failCode) {
      settle(p);
      if (p.status === 'CANCELLED') return { ok: false, reason: 'the payment was cancelled; the wallet cannot pay it', payment: p };
      if (p.status !== 'PROCESSING') return { ok: false, reason: `the payment is already ${p.status}`, payment: p };
      if (now() >= p.expiresAt) return { ok: false, reason: 'the payment has expired', payment: p };
      if (outcome === 'SUCCESS' && p.declineOnPay) finish(p, 'FAIL', p.declineOnPay.code, p.declineOnPay.message, now());
      else if (outcome === 'SUCCESS') finish(p, 'SUCCESS', 'SUCCESS', 'success', now());
      else finish(p, 'FAIL', failCode ?? 'USER_BALANCE_NOT_ENOUGH', 'payment failed', now());
      return { ok: true, payment: p };
    },
  };
}

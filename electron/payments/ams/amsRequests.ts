import { money, type CurrencyCode, type Money } from '../../../shared/domain/money';
import { formatAmsTime } from './amsTime';
import type { AmsAmount } from './amsWire';

/**
 * What callers pass to the AMS client: domain values (Money in minor units, epoch ms), never AMS
 * strings. The builders below are the only place that turns them into wire JSON.
 */
export interface StoreRef {
  readonly referenceStoreId: string;
  readonly storeName: string;
  readonly storeMCC?: string;
}

export interface MerchantRef {
  readonly referenceMerchantId: string;
  readonly merchantName: string;
  readonly merchantMCC?: string;
  readonly store: StoreRef;
}

interface PayCommon {
  readonly paymentRequestId: string;
  readonly amount: Money;
  readonly orderDescription: string;
  /** Defaults to paymentRequestId. */
  readonly referenceOrderId?: string;
  readonly merchant: MerchantRef;
  readonly paymentNotifyUrl: string;
  /** Epoch ms; always sent so terminal and Alipay agree when the payment is dead (AMS.md §4). */
  readonly paymentExpiryTime: number;
  /** Sent for CONNECT_WALLET; defaults to the payment currency. */
  readonly settlementCurrency?: CurrencyCode;
}

export interface PaymentCodePayRequest extends PayCommon {
  readonly scenario: 'PaymentCode';
  /** The customer's one-time code exactly as scanned. */
  readonly paymentCode: string;
  readonly storeTerminalId: string;
  /** Epoch ms of the scan; defaults to the request time. */
  readonly storeTerminalRequestTime?: number;
}

export interface OrderCodePayRequest extends PayCommon {
  readonly scenario: 'OrderCode';
}

export interface EntryCodePayRequest extends PayCommon {
  readonly scenario: 'EntryCode';
  /** The wallet browser's User-Agent, as the H5 page received it. */
  readonly userAgent: string;
  readonly paymentRedirectUrl: string;
}

export type PayRequest = PaymentCodePayRequest | OrderCodePayRequest | EntryCodePayRequest;
export type InStoreScenario = PayRequest['scenario'];

/** Either id identifies the payment; paymentId wins when both are given. */
export type PaymentRef = { readonly paymentId: string; readonly paymentRequestId?: string } | { readonly paymentRequestId: string; readonly paymentId?: undefined };

export interface RefundRequest {
  /** Persist before sending and reuse on every retry: it is the idempotency key. */
  readonly refundRequestId: string;
  readonly paymentId: string;
  readonly refundAmount: Money;
  readonly referenceRefundId?: string;
  readonly refundReason?: string;
  readonly refundNotifyUrl?: string;
}

export type RefundRef = { readonly refundRequestId: string; readonly refundId?: string } | { readonly refundId: string; readonly refundRequestId?: undefined };

export interface RegistrationRequest {
  readonly registrationRequestId: string;
  readonly registrationNotifyURL: string;
  /** Passed through as is: the KYB fields depend on the country and Alipay's onboarding form. */
  readonly merchantInfo: Readonly<Record<string, unknown>> & { readonly referenceMerchantId: string };
  readonly storeInfo?: Readonly<Record<string, unknown>>;
  readonly productCodes?: readonly string[];
}

export type RegistrationRef = { readonly registrationRequestId: string; readonly referenceMerchantId?: string; readonly referenceStoreId?: string };
export type RegistrationInfoRef = { readonly referenceMerchantId: string; readonly referenceStoreId?: string };

export function toAmsAmount(m: Money): AmsAmount {
  if (!Number.isSafeInteger(m.minor) || m.minor < 0) throw new RangeError(`amount must be non-negative integer minor units, got ${m.minor}`);
  return { currency: m.currency, value: String(m.minor) };
}

/** Wire amount → Money (throws on an unknown currency or a non-integer value). */
export function fromAmsAmount(a: AmsAmount): Money {
  return money(Number(a.value), a.currency, { allowZero: true });
}

function merchantWire(m: MerchantRef): Record<string, unknown> {
  return {
    referenceMerchantId: m.referenceMerchantId,
    merchantName: m.merchantName,
    ...(m.merchantMCC ? { merchantMCC: m.merchantMCC } : {}),
    store: {
      referenceStoreId: m.store.referenceStoreId,
      storeName: m.store.storeName,
      ...(m.store.storeMCC ? { storeMCC: m.store.storeMCC } : {}),
    },
  };
}

/** Builds the pay body (AMS.md §4). `now` stamps storeTerminalRequestTime when the caller gave none. */
export function buildPayBody(req: PayRequest, now: number, offsetMinutes?: number): Record<string, unknown> {
  const amount = toAmsAmount(req.amount);
  const env: Record<string, string> = {};
  const body: Record<string, unknown> = {
    productCode: 'IN_STORE_PAYMENT',
    paymentRequestId: req.paymentRequestId,
    paymentAmount: amount,
    paymentMethod: { paymentMethodType: 'CONNECT_WALLET' } as Record<string, string>,
    paymentNotifyUrl: req.paymentNotifyUrl,
    paymentExpiryTime: formatAmsTime(req.paymentExpiryTime, offsetMinutes),
    paymentFactor: { inStorePaymentScenario: req.scenario },
    settlementStrategy: { settlementCurrency: req.settlementCurrency ?? req.amount.currency },
  };
  switch (req.scenario) {
    case 'PaymentCode':
      (body.paymentMethod as Record<string, string>).paymentMethodId = req.paymentCode;
      env.storeTerminalId = req.storeTerminalId;
      env.storeTerminalRequestTime = formatAmsTime(req.storeTerminalRequestTime ?? now, offsetMinutes);
      break;
    case 'OrderCode':
      break;
    case 'EntryCode':
      env.userAgent = req.userAgent;
      body.paymentRedirectUrl = req.paymentRedirectUrl;
      break;
  }
  body.order = {
    referenceOrderId: req.referenceOrderId ?? req.paymentRequestId,
    orderDescription: req.orderDescription,
    orderAmount: amount,
    merchant: merchantWire(req.merchant),
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
  return body;
}

export function buildPaymentRefBody(ref: PaymentRef): Record<string, string> {
  if (ref.paymentId !== undefined) return { paymentId: ref.paymentId };
  if (ref.paymentRequestId === undefined) throw new TypeError('paymentId or paymentRequestId is required');
  return { paymentRequestId: ref.paymentRequestId };
}

export function buildRefundBody(req: RefundRequest): Record<string, unknown> {
  return {
    refundRequestId: req.refundRequestId,
    paymentId: req.paymentId,
    refundAmount: toAmsAmount(req.refundAmount),
    ...(req.referenceRefundId ? { referenceRefundId: req.referenceRefundId } : {}),
    ...(req.refundReason ? { refundReason: req.refundReason } : {}),
    ...(req.refundNotifyUrl ? { refundNotifyUrl: req.refundNotifyUrl } : {}),
  };
}

export function buildRefundRefBody(ref: RefundRef): Record<string, string> {
  if (ref.refundId !== undefined) return { refundId: ref.refundId };
  if (ref.refundRequestId === undefined) throw new TypeError('refundId or refundRequestId is required');
  return { refundRequestId: ref.refundRequestId };
}

export function buildRegistrationBody(req: RegistrationRequest): Record<string, unknown> {
  return {
    registrationRequestId: req.registrationRequestId,
    registrationNotifyURL: req.registrationNotifyURL,
    merchantInfo: req.merchantInfo,
    ...(req.storeInfo ? { storeInfo: req.storeInfo } : {}),
    productCodes: req.productCodes ?? ['IN_STORE_PAYMENT'],
  };
}

import { z } from 'zod';
import { isCurrencyCode } from '../../shared/domain/currency';
import { parseAmsTime } from '../payments/ams/amsTime';

/**
 * What the simulator accepts, field by field. Anything that fails is PARAM_ILLEGAL with the path of
 * the first bad field in the message: missing fields, amounts that are not non-negative integers
 * in minor units, ids over 64 characters, unknown currencies, a wrong productCode.
 */
const id64 = z.string().min(1).max(64);
const str = (max: number) => z.string().min(1).max(max);
const amsTime = z.string().refine((s) => parseAmsTime(s) !== undefined, 'not an ISO-8601 datetime with offset');

/**
 * The docs ask for a string; the official SDKs' own in-store examples send a JSON integer (1231) and
 * the gateway takes it, so both are accepted and normalised to the string form. A fraction, a
 * negative or an exponent form is still refused.
 */
const minorValue = z.union([
  z.string().regex(/^(0|[1-9]\d{0,17})$/, 'must be a non-negative integer in minor units').refine((v) => Number.isSafeInteger(Number(v)), 'too large'),
  z.number().int('must be a non-negative integer in minor units').nonnegative('must be a non-negative integer in minor units').refine(Number.isSafeInteger, 'too large').transform(String),
]);

export const amountIn = z.object({
  currency: z.string().refine(isCurrencyCode, 'unknown currency'),
  value: minorValue,
});

export const payIn = z.object({
  productCode: z.literal('IN_STORE_PAYMENT'),
  paymentRequestId: id64,
  paymentAmount: amountIn,
  paymentMethod: z.object({
    paymentMethodType: z.literal('CONNECT_WALLET'),
    paymentMethodId: z.string().max(128).optional(),
  }),
  paymentNotifyUrl: str(2048).refine((u) => URL.canParse(u), 'not a URL'),
  paymentRedirectUrl: str(2048).optional(),
  paymentExpiryTime: amsTime.optional(),
  paymentFactor: z.object({ inStorePaymentScenario: z.enum(['PaymentCode', 'OrderCode', 'EntryCode']) }),
  settlementStrategy: z.object({ settlementCurrency: z.string().refine(isCurrencyCode, 'unknown currency') }).optional(),
  order: z.object({
    referenceOrderId: id64.optional(),
    orderDescription: str(256),
    orderAmount: amountIn.optional(),
    merchant: z.object({
      referenceMerchantId: id64,
      merchantName: z.string().max(256).optional(),
      merchantMCC: z.string().max(32).optional(),
      store: z.object({ referenceStoreId: id64, storeName: z.string().max(256).optional(), storeMCC: z.string().max(32).optional() }).optional(),
    }),
    env: z.object({
      storeTerminalId: z.string().max(64).optional(),
      storeTerminalRequestTime: amsTime.optional(),
      userAgent: z.string().max(1024).optional(),
    }).optional(),
  }),
});
export type PayIn = z.infer<typeof payIn>;

const paymentRefIn = z.object({ paymentId: id64.optional(), paymentRequestId: id64.optional() })
  .refine((b) => b.paymentId !== undefined || b.paymentRequestId !== undefined, 'paymentId or paymentRequestId is required');
export const inquiryPaymentIn = paymentRefIn;
export const cancelIn = paymentRefIn;

export const refundIn = z.object({
  refundRequestId: id64,
  paymentId: id64,
  refundAmount: amountIn,
  referenceRefundId: id64.optional(),
  refundReason: z.string().max(256).optional(),
  refundNotifyUrl: str(2048).optional(),
});
export type RefundIn = z.infer<typeof refundIn>;

export const inquiryRefundIn = z.object({ refundRequestId: id64.optional(), refundId: id64.optional() })
  .refine((b) => b.refundRequestId !== undefined || b.refundId !== undefined, 'refundRequestId or refundId is required');

/** Addresses in registration: the country (ISO 3166 alpha-2) and a street line at least. */
const addressIn = z.looseObject({ region: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code'), address1: str(256), city: str(64).optional() });

/**
 * What Alipay needs to onboard a secondary merchant (the official SDKs' MerchantRegistrationInfo):
 * display name, MCC, the legal entity (registrationDetail with legal name, type, number, address,
 * business type) and where it trades; the store with its name, MCC and address. A logo, when sent,
 * must be an https URL.
 */
export const registrationIn = z.object({
  registrationRequestId: id64,
  registrationNotifyURL: str(2048).refine((u) => URL.canParse(u), 'not a URL'),
  merchantInfo: z.looseObject({
    referenceMerchantId: id64,
    merchantDisplayName: str(256),
    merchantMCC: z.string().regex(/^\d{4}$/, 'a 4-digit MCC'),
    registrationDetail: z.looseObject({ legalName: str(256), registrationType: str(64), registrationNo: str(64), registrationAddress: addressIn, businessType: z.enum(['ENTERPRISE', 'INDIVIDUAL']) }),
    merchantAddress: addressIn,
    websites: z.array(z.looseObject({ url: str(2048).refine((u) => URL.canParse(u), 'not a URL') })).optional(),
    logo: z.looseObject({ logoName: str(256).optional(), logoUrl: str(2048).refine((u) => u.startsWith('https://') && URL.canParse(u), 'an https URL') }).optional(),
  }),
  storeInfo: z.looseObject({ referenceStoreId: id64, storeName: str(256), storeMCC: z.string().regex(/^\d{4}$/, 'a 4-digit MCC'), storeAddress: addressIn }).optional(),
  productCodes: z.array(z.string()).min(1).optional(),
});
export type RegistrationIn = z.infer<typeof registrationIn>;

export const inquiryRegistrationStatusIn = z.object({ registrationRequestId: id64.optional(), referenceMerchantId: id64.optional(), referenceStoreId: id64.optional() })
  .refine((b) => b.registrationRequestId !== undefined || b.referenceMerchantId !== undefined, 'registrationRequestId or referenceMerchantId is required');
export const inquiryRegistrationInfoIn = z.object({ referenceMerchantId: id64, referenceStoreId: id64.optional() });

/**
 * Settlement currencies the simulated merchant has a contract for. A pay whose
 * `settlementStrategy.settlementCurrency` is not one of them is refused F `SETTLE_CONTRACT_NOT_MATCH`,
 * as Alipay does for a currency the merchant never signed.
 */
export const DEFAULT_SETTLEMENT_CONTRACTS: readonly string[] = ['CNY', 'USD', 'EUR', 'GBP', 'HKD', 'SGD', 'JPY', 'AUD', 'CAD', 'KRW', 'MYR', 'THB'];

/**
 * How far a request's `request-time` may be from the gateway's clock. Alipay does not publish its
 * window; five minutes is the common replay window and catches a terminal whose clock is wrong.
 */
export const REQUEST_TIME_WINDOW_MS = 5 * 60_000;

/** The reason a request-time is refused, or undefined when it is fresh. */
export function staleRequestTime(requestTimeMs: number, gatewayNowMs: number, windowMs = REQUEST_TIME_WINDOW_MS): string | undefined {
  const skew = requestTimeMs - gatewayNowMs;
  if (Math.abs(skew) <= windowMs) return undefined;
  return `request-time is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'behind' : 'ahead of'} the gateway clock (allowed ${windowMs / 1000} s)`;
}

/** "paymentAmount.value: must be a non-negative integer in minor units" */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.map(String).join('.') || 'body';
  return `${where}: ${issue.message}`;
}

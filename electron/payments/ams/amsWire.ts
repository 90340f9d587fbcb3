import { z } from 'zod';

/**
 * The JSON shapes on the wire (AMS.md §1, §4–7). Every scalar is a string; amounts are integer
 * minor units as strings. Responses are validated with these schemas before anything reads them;
 * objects are loose because Alipay adds fields over time and an unknown field must not turn a
 * payment result into "malformed".
 */
export const resultStatusSchema = z.enum(['S', 'F', 'U']);
export type ResultStatus = z.infer<typeof resultStatusSchema>;

export const resultSchema = z.looseObject({
  resultStatus: resultStatusSchema,
  resultCode: z.string().min(1),
  resultMessage: z.string().optional().default(''),
});
export type AmsResult = z.infer<typeof resultSchema>;

export const MINOR_UNITS_PATTERN = /^(0|[1-9]\d{0,17})$/;
export const amountSchema = z.looseObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  value: z.string().regex(MINOR_UNITS_PATTERN),
});
export type AmsAmount = z.infer<typeof amountSchema>;

export const envelopeSchema = z.looseObject({ result: resultSchema });

export const pspCustomerInfoSchema = z.looseObject({
  pspName: z.string().optional(),
  pspCustomerId: z.string().optional(),
  displayCustomerId: z.string().optional(),
});

export const codeDetailSchema = z.looseObject({
  codeValueType: z.string(),
  displayType: z.string(),
  codeValue: z.string().min(1),
});

export const orderCodeFormSchema = z.looseObject({
  expireTime: z.string().optional(),
  codeDetails: z.array(codeDetailSchema).min(1).max(4),
});

export const payResponseSchema = z.looseObject({
  result: resultSchema,
  paymentRequestId: z.string().optional(),
  paymentId: z.string().optional(),
  paymentAmount: amountSchema.optional(),
  paymentCreateTime: z.string().optional(),
  paymentTime: z.string().optional(),
  actualPaymentAmount: amountSchema.optional(),
  pspCustomerInfo: pspCustomerInfoSchema.optional(),
  grossSettlementAmount: amountSchema.optional(),
  settlementQuote: z.looseObject({}).optional(),
  orderCodeForm: orderCodeFormSchema.optional(),
  redirectActionForm: z.looseObject({ redirectUrl: z.string().min(1) }).optional(),
});
export type PayResponse = z.infer<typeof payResponseSchema>;

export const inquiryPaymentResponseSchema = z.looseObject({
  result: resultSchema,
  paymentStatus: z.string().optional(),
  paymentResultCode: z.string().optional(),
  paymentResultMessage: z.string().optional(),
  paymentRequestId: z.string().optional(),
  paymentId: z.string().optional(),
  paymentAmount: amountSchema.optional(),
  paymentCreateTime: z.string().optional(),
  paymentTime: z.string().optional(),
  pspCustomerInfo: pspCustomerInfoSchema.optional(),
});
export type InquiryPaymentResponse = z.infer<typeof inquiryPaymentResponseSchema>;

export const cancelResponseSchema = z.looseObject({
  result: resultSchema,
  paymentId: z.string().optional(),
  paymentRequestId: z.string().optional(),
  cancelTime: z.string().optional(),
});
export type CancelResponse = z.infer<typeof cancelResponseSchema>;

export const refundResponseSchema = z.looseObject({
  result: resultSchema,
  refundRequestId: z.string().optional(),
  refundId: z.string().optional(),
  paymentId: z.string().optional(),
  refundAmount: amountSchema.optional(),
  refundTime: z.string().optional(),
});
export type RefundResponse = z.infer<typeof refundResponseSchema>;

export const inquiryRefundResponseSchema = z.looseObject({
  result: resultSchema,
  refundRequestId: z.string().optional(),
  refundId: z.string().optional(),
  refundStatus: z.string().optional(),
  refundAmount: amountSchema.optional(),
  refundTime: z.string().optional(),
});
export type InquiryRefundResponse = z.infer<typeof inquiryRefundResponseSchema>;

export const registrationResponseSchema = z.looseObject({ result: resultSchema });
export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

export const inquiryRegistrationStatusResponseSchema = z.looseObject({
  result: resultSchema,
  registrationResult: z.looseObject({
    registrationStatus: z.string(),
    rejectReasons: z.string().optional(),
  }).optional(),
  pspRegistrationResultList: z.array(z.looseObject({})).optional(),
});
export type InquiryRegistrationStatusResponse = z.infer<typeof inquiryRegistrationStatusResponseSchema>;

export const inquiryRegistrationInfoResponseSchema = z.looseObject({
  result: resultSchema,
  merchantInfo: z.looseObject({}).optional(),
  productCodes: z.array(z.string()).optional(),
});
export type InquiryRegistrationInfoResponse = z.infer<typeof inquiryRegistrationInfoResponseSchema>;

/** notifyPayment body (AMS.md §6). */
export const paymentNotificationSchema = z.looseObject({
  notifyType: z.string(),
  result: resultSchema,
  paymentRequestId: z.string().min(1),
  paymentId: z.string().optional(),
  paymentAmount: amountSchema.optional(),
  paymentCreateTime: z.string().optional(),
  paymentTime: z.string().optional(),
  actualPaymentAmount: amountSchema.optional(),
  pspCustomerInfo: pspCustomerInfoSchema.optional(),
});
export type PaymentNotification = z.infer<typeof paymentNotificationSchema>;

export const registrationNotificationSchema = z.looseObject({
  notifyType: z.string(),
  registrationRequestId: z.string().optional(),
  registrationResult: z.looseObject({ registrationStatus: z.string(), rejectReasons: z.string().optional() }).optional(),
});
export type RegistrationNotification = z.infer<typeof registrationNotificationSchema>;

/** Statuses that inquiryPayment reports, normalised (AMS.md §5: PENDING is PROCESSING, any case). */
export type PaymentStatus = 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED';
export function normalisePaymentStatus(raw: string | undefined): PaymentStatus | undefined {
  switch (raw?.toUpperCase()) {
    case 'SUCCESS': return 'SUCCESS';
    case 'FAIL': case 'FAILED': return 'FAIL';
    case 'PROCESSING': case 'PENDING': return 'PROCESSING';
    case 'CANCELLED': case 'CANCELED': return 'CANCELLED';
    default: return undefined;
  }
}

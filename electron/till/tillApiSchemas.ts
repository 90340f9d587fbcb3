/**
 * The till API's wire format (`/api/v1`): the zod schemas the server validates requests with and
 * builds answers from. The OpenAPI document is generated from these same objects (openApiDocument),
 * so the description cannot drift from what the code checks.
 */
import { z } from 'zod';
import { MAX_MINOR } from '../../shared/domain/money';

/** The till's own reference for an order: the idempotency key of a payment request. */
export const orderReferenceSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'an order reference is 1–64 letters, digits or . _ : -')
  .meta({ description: 'The till\'s own order reference. The same reference never charges twice: repeating a request returns the same payment.', example: 'TILL1-000123' });

export const moneySchema = z.object({
  minor: z.number().int().positive().max(MAX_MINOR).meta({ description: 'Integer minor units (fen, cents): CNY 12.34 is 1234.', example: 1234 }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY').meta({ description: 'ISO 4217 code; the terminal takes only its own currency.', example: 'CNY' }),
}).strict();

export const createPaymentSchema = z.object({
  orderReference: orderReferenceSchema,
  amount: moneySchema,
  description: z.string().max(128).optional().meta({ description: 'Shown to the cashier, not sent to Alipay.' }),
  presentation: z.enum(['customerCode', 'orderCode']).default('customerCode')
    .meta({ description: 'customerCode: the cashier scans the customer\'s Alipay code. orderCode: the customer display shows the order QR at once.' }),
}).strict();

export const refundRequestSchema = z.object({
  refundReference: orderReferenceSchema.meta({ description: 'The till\'s own reference for this refund: repeating it returns the same refund.' }),
  amount: moneySchema,
  reason: z.string().max(256).optional().meta({ example: 'returned goods' }),
  approval: z.object({
    supervisorPin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4–12 digits').meta({ example: '1234' }),
  }).strict().meta({ description: 'The approval the terminal\'s rules require for a refund: today the supervisor PIN (wrong PINs count towards the lockout).' }),
}).strict();

export const dateQuerySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .meta({ description: 'Business date (the terminal\'s cut-off and time zone); default today.' });

const isoTime = z.iso.datetime({ offset: true });

export const paymentStatusSchema = z.enum(['waitingForCustomer', 'inProgress', 'paid', 'declined', 'cancelled'])
  .meta({ description: 'waitingForCustomer: on the counter, nothing scanned yet. inProgress: Alipay has it (do not hand over goods). paid / declined / cancelled are final.' });

export const tillRefundSchema = z.object({
  refundReference: z.string(),
  refundRequestId: z.string(),
  amount: moneySchema,
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']).meta({ description: 'pending: stored and being sent (also while offline); dead: the terminal gave up, an operator must look.' }),
  refundId: z.string().nullable(),
  resultCode: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: isoTime,
}).strict();

export const tillPaymentSchema = z.object({
  orderReference: z.string(),
  status: paymentStatusSchema,
  final: z.boolean(),
  doNotHandOver: z.boolean().meta({ description: 'True until the money is known to be taken or known not to be.' }),
  amount: moneySchema,
  description: z.string().nullable(),
  till: z.string().meta({ description: 'The API client\'s name, as the cashier screen shows it.' }),
  terminalId: z.string(),
  saleId: z.string(),
  paymentRequestId: z.string().nullable().meta({ description: 'The terminal\'s id of the Alipay payment (print it on the till\'s receipt).' }),
  paymentId: z.string().nullable().meta({ description: 'Alipay\'s payment id.' }),
  paidAt: isoTime.nullable(),
  customerId: z.string().nullable().meta({ description: 'The payer as Alipay masked it.' }),
  codeTail: z.string().nullable().meta({ description: 'Last 4 digits of the customer\'s code.' }),
  resultCode: z.string().nullable(),
  message: z.string().nullable(),
  qr: z.object({ codeValue: z.string(), expiresAt: isoTime }).strict().nullable().meta({ description: 'Order-code flow: the QR text while it can be paid.' }),
  refundedMinor: z.number().int().nonnegative(),
  refundableMinor: z.number().int().nonnegative(),
  refunds: z.array(tillRefundSchema),
  createdAt: isoTime,
  updatedAt: isoTime,
}).strict();

export const paymentListSchema = z.object({ date: z.string(), payments: z.array(tillPaymentSchema) }).strict();

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable machine code: classify by this, never by the message.' }),
    message: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.unknown()).optional(),
  }).strict(),
}).strict();

export type CreatePayment = z.output<typeof createPaymentSchema>;
export type RefundRequest = z.output<typeof refundRequestSchema>;
export type TillPayment = z.output<typeof tillPaymentSchema>;
export type TillRefund = z.output<typeof tillRefundSchema>;
export type PaymentStatus = z.output<typeof paymentStatusSchema>;
export type ApiError = z.output<typeof apiErrorSchema>;

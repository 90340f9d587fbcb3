import { z } from 'zod';
import { isCurrencyCode } from '../../../shared/domain/currency';
import type { AttemptState } from '../engine/attemptState';

/**
 * state_json is read back after crashes and upgrades: validate it before the engine acts on it.
 * The engine's own types are the source of truth; this checks the shape it relies on.
 */
const moneySchema = z.object({ minor: z.number().int().nonnegative(), currency: z.string().refine(isCurrencyCode) });
const cancelReason = z.enum(['cashier', 'expiry', 'amountChanged', 'void', 'superseded', 'notFound']);
const flag = z.enum(['lateSuccessAfterCancel', 'paidWhileCancelling', 'amountMismatch', 'reversalFailed', 'needsAttention']);
const text = z.object({ 'zh-CN': z.string(), en: z.string() });
const base = {
  v: z.literal(1),
  paymentRequestId: z.string().min(1),
  saleId: z.string().min(1),
  scenario: z.enum(['PaymentCode', 'OrderCode', 'EntryCode']),
  amount: moneySchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number(),
  codeHash: z.string().nullable(),
  codeTail: z.string().nullable(),
  paymentId: z.string().nullable(),
  // Added after states were first persisted: a stored state without it reads back as null.
  customerIdMasked: z.string().nullable().default(null),
  polls: z.number().int().nonnegative(),
  resultCode: z.string().nullable(),
  message: text.nullable(),
  flags: z.array(flag),
};

export const attemptStateSchema = z.discriminatedUnion('status', [
  z.object({ ...base, status: z.literal('created'), payRepeats: z.number().int(), pendingCancel: cancelReason.nullable() }),
  z.object({ ...base, status: z.literal('awaitingCustomer'), qr: z.object({ codeValue: z.string(), expiresAt: z.number() }).nullable(), redirectUrl: z.string().optional() }),
  z.object({ ...base, status: z.literal('unknown'), reason: z.string() }),
  z.object({ ...base, status: z.literal('cancelling'), reason: cancelReason, cancelSent: z.boolean(), cancelTries: z.number().int(), cancelRefusals: z.number().int().nonnegative().optional() }),
  z.object({ ...base, status: z.literal('reversing'), refundRequestId: z.string(), reason: cancelReason }),
  z.object({ ...base, status: z.literal('succeeded'), paidAt: z.number() }),
  z.object({ ...base, status: z.literal('failed') }),
  z.object({ ...base, status: z.literal('cancelled'), reason: cancelReason.nullable() }),
  z.object({ ...base, status: z.literal('reversed'), refundRequestId: z.string(), refundId: z.string().nullable(), reason: cancelReason }),
  z.object({ ...base, status: z.literal('unproven'), refundRequestId: z.string(), reason: cancelReason }),
]);

export function parseAttemptState(json: string): AttemptState {
  return attemptStateSchema.parse(JSON.parse(json)) as AttemptState;
}

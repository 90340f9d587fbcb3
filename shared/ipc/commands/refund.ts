import { z } from 'zod';
import { command, APPROVED, CASHIER } from '../command';
import type { RefundSnapshot } from '../../domain/payment';
import { approvalSchema } from './account';


export const refundCommands = {
  /** Refund (with a supervisor's approval) of all or part of a succeeded payment; pending (queued) until Alipay answers. */
  'refund:create': command<RefundSnapshot>()(z.object({
    paymentRequestId: z.string().min(1).max(64),
    amountMinor: z.number().int().positive(),
    reason: z.string().max(256).optional(),
    approval: approvalSchema,
  }).strict(), APPROVED),
  'refund:list': command<readonly RefundSnapshot[]>()(z.object({ saleId: z.string().min(1).max(64) }).strict(), CASHIER),
} as const;

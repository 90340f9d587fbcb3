import { z } from 'zod';
import { command } from '../command';
import type { RefundSnapshot } from '../../domain/payment';

const pin = z.string().regex(/^\d{4,12}$/, 'a PIN is 4–12 digits');

export const refundCommands = {
  /** Supervisor refund of all or part of a succeeded payment; pending (queued) until Alipay answers. */
  'refund:create': command<RefundSnapshot>()(z.object({
    attemptId: z.string().min(1).max(64),
    amountMinor: z.number().int().positive(),
    reason: z.string().max(256).optional(),
    pin,
  }).strict()),
  'refund:list': command<readonly RefundSnapshot[]>()(z.object({ saleId: z.string().min(1).max(64) }).strict()),
  /** Sets the supervisor PIN (scrypt-hashed); the current PIN is required once one is set. */
  'refund:setPin': command<{ readonly ok: true }>()(z.object({ newPin: pin, currentPin: pin.optional() }).strict()),
} as const;

import { z } from 'zod';
import { command, APPROVED, CASHIER } from '../command';
import { approvalSchema } from './account';
import type { QueueSnapshot } from '../../domain/payment';

export const queueCommands = {
  /** The offline queue: pending, running and dead jobs with their last error. */
  'queue:get': command<QueueSnapshot>()(z.object({}).strict(), CASHIER),
  /** Supervisor: put a dead job back in the queue. */
  'queue:retry': command<QueueSnapshot>()(z.object({ jobId: z.number().int().positive(), approval: approvalSchema }).strict(), APPROVED),
} as const;

export interface QueueEventMap {
  'queue:changed': QueueSnapshot;
}

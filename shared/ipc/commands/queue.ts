import { z } from 'zod';
import { command } from '../command';
import type { QueueSnapshot } from '../../domain/payment';

export const queueCommands = {
  /** The offline queue: pending, running and dead jobs with their last error. */
  'queue:get': command<QueueSnapshot>()(z.object({}).strict()),
  /** Supervisor: put a dead job back in the queue. */
  'queue:retry': command<QueueSnapshot>()(z.object({ jobId: z.number().int().positive(), pin: z.string().regex(/^\d{4,12}$/) }).strict()),
} as const;

export interface QueueEventMap {
  'queue:changed': QueueSnapshot;
}

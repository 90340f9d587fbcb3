import { z } from 'zod';
import { command, DISPLAY } from '../command';
import type { StationSnapshot } from '../../domain/station';

const localeSchema = z.enum(['zh-CN', 'en']);

export const sessionCommands = {
  /** First call of every window: the whole station snapshot, so a reloaded window resyncs. */
  'session:hello': command<StationSnapshot>()(z.object({ window: z.enum(['cashier', 'customer']) }).strict(), DISPLAY),
  'session:setLocale': command<StationSnapshot>()(z.object({ locale: localeSchema, screen: z.enum(['cashier', 'customer']) }).strict(), DISPLAY),
} as const;

import { z } from 'zod';
import { command } from '../command';
import type { StationSnapshot } from '../../domain/station';

export interface ChainCheck {
  readonly ok: boolean;
  readonly events: number;
  readonly brokenAt: number | null;
  readonly reason: string | null;
}

export const settingsCommands = {
  /** The setup screen's way out of a corrupt config: keep the bad file aside and start from defaults. */
  'settings:resetConfig': command<StationSnapshot>()(z.object({ confirm: z.literal(true) }).strict()),
  'settings:verifyJournal': command<ChainCheck>()(z.object({}).strict()),
} as const;

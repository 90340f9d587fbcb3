import type { z } from 'zod';
import type { CommandDef } from './command';
import { sessionCommands } from './commands/session';
import { settingsCommands } from './commands/settings';
import { deviceCommands } from './commands/device';
import { receiptCommands } from './commands/receipt';
import { saleCommands } from './commands/sale';
import { paymentCommands } from './commands/payment';
import { refundCommands } from './commands/refund';
import { queueCommands } from './commands/queue';
import { demoCommands } from './commands/demo';
import { reportCommands } from './commands/report';
import { entryCommands } from './commands/entry';
import { accountCommands } from './commands/account';
import { tillCommands } from './commands/till';
import { cnSettingsCommands } from './commands/cnSettings';
import { hqCommands } from './commands/hq';
import { shiftCommands } from './commands/shift';

/**
 * The whole station ↔ UI contract: `domain:method` → input schema and output type. Each domain owns a
 * file in ./commands; this object is the one list both hosts dispatch from.
 */
export const contract = {
  ...sessionCommands,
  ...settingsCommands,
  ...deviceCommands,
  ...receiptCommands,
  ...saleCommands,
  ...paymentCommands,
  ...refundCommands,
  ...queueCommands,
  ...demoCommands,
  ...reportCommands,
  ...entryCommands,
  ...accountCommands,
  ...tillCommands,
  ...cnSettingsCommands,
  ...hqCommands,
  ...shiftCommands,
} as const;

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export type InputOf<K extends CommandName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends CommandName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends CommandName> = Contract[K] extends CommandDef<z.ZodType, infer O> ? O : never;

/**
 * DEMO-only helpers for people trying the terminal and for end-to-end tests: where the in-process
 * simulator listens (its /__sim/ control API injects faults, moves its clock, plays the wallet) and
 * what the virtual printer has "printed", and Alipay's settlement files for a day delivered into the
 * drop folder as the SFTP sync would. Outside DEMO mode the station refuses all of them.
 */
import { z } from 'zod';
import { command, CASHIER, MANAGER } from '../command';

export interface DemoSimulator {
  /** Base URL of the simulator's HTTP server; the control API is under /__sim/. */
  readonly url: string;
  readonly clientId: string;
}

export interface DemoPrinterOutput {
  /** Decoded text lines the virtual printer received, oldest first (the newest `limit`). */
  readonly lines: readonly string[];
  readonly cuts: number;
}

export interface DemoSettlementDelivery {
  readonly date: string; // YYYY-MM-DD, Alipay's (Beijing) settlement day
  /** The drop folder the files were written into (report:importSettlement reads it). */
  readonly dir: string;
  readonly files: readonly { readonly fileName: string; readonly bytes: number }[];
}

export const demoCommands = {
  'demo:simulator': command<DemoSimulator>()(z.object({}).strict(), CASHIER),
  'demo:printerOutput': command<DemoPrinterOutput>()(z.object({ limit: z.number().int().min(1).max(500).default(80) }).strict(), CASHIER),
  /** The simulator writes a day's transaction-items and settlement files (default: its today) into the drop folder. */
  'demo:deliverSettlement': command<DemoSettlementDelivery>()(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional() }).strict(), MANAGER),
} as const;

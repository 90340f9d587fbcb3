/**
 * DEMO-only helpers for people trying the terminal and for end-to-end tests: where the in-process
 * simulator listens (its /__sim/ control API injects faults, moves its clock, plays the wallet) and
 * what the virtual printer has "printed". Outside DEMO mode the station refuses both.
 */
import { z } from 'zod';
import { command } from '../command';

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

export const demoCommands = {
  'demo:simulator': command<DemoSimulator>()(z.object({}).strict()),
  'demo:printerOutput': command<DemoPrinterOutput>()(z.object({ limit: z.number().int().min(1).max(500).default(80) }).strict()),
} as const;

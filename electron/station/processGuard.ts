import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/** What the guard restarts: the station's payments part (see Station.restartPayments). */
export interface RestartablePart {
  restartPayments(reason: string): Promise<void>;
}

/** One restart per this long at most: an error that repeats every tick must not turn into a restart loop. */
export const RESTART_SPACING_MS = 10_000;

/**
 * Never die (issue 12 item 6): an error nothing caught, or a promise nobody awaited, is logged and the
 * payments part restarted — the journal is written in transactions, so whatever was committed stays,
 * and recovery resumes every open payment from it; no new payment is taken until the restart is done.
 * The process itself keeps running: the counter never sees a dead window. Returns the uninstaller.
 */
export function installProcessGuard(opts: { readonly log: Logger; readonly part: () => RestartablePart | null; readonly proc?: EventEmitter; readonly now?: () => number }): () => void {
  const proc = opts.proc ?? process;
  const now = opts.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  const fault = (origin: 'uncaughtException' | 'unhandledRejection', e: unknown): void => {
    opts.log.error({ err: e, origin }, 'uncaught error in the station process');
    const part = opts.part();
    if (!part) return;
    const t = now();
    if (t - last < RESTART_SPACING_MS) return;
    last = t;
    part.restartPayments(origin).catch((err: unknown) => opts.log.error({ err }, 'payments restart failed'));
  };
  const onException = (e: unknown): void => fault('uncaughtException', e);
  const onRejection = (e: unknown): void => fault('unhandledRejection', e);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

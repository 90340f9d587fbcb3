import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import { maskDigitsInText } from '../../shared/domain/mask';

export type { Logger } from 'pino';

/** Keys whose values are secrets: never written, whatever object they sit in. */
const SECRET_KEYS = new Set(['privateKey', 'privatekey', 'pin', 'supervisorPin', 'pinHash', 'signature', 'token', 'authorization', 'password', 'paymentMethodId', 'code', 'rawCode']);

/**
 * Walks a log record and scrubs it: secret keys are replaced, long digit runs (payment codes) are
 * masked to their last four digits wherever they appear, including inside messages and error texts.
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskDigitsInText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskDigitsInText(value.message), code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k) ? '[redacted]' : scrub(v, depth + 1);
  return out;
}

const baseOptions: pino.LoggerOptions = {
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }), log: (obj) => scrub(obj) as Record<string, unknown> },
  hooks: {
    // Messages are scrubbed too: a code pasted into a message must not slip through.
    logMethod(args, method) {
      method.apply(this, args.map((a) => (typeof a === 'string' ? maskDigitsInText(a) : a)) as Parameters<typeof method>);
    },
  },
};

/**
 * JSON lines into <dataDir>/logs/pos.N.log, rolled daily and at 10 MB, keeping 14 files: enough to
 * investigate a disputed payment from two weeks back without filling a small kiosk disk.
 */
export interface FileLogger {
  readonly log: Logger;
  /** Flushes and closes the file; call on shutdown so the last lines reach the disk. */
  close(): Promise<void>;
}

export async function createLogger(dataDir: string, level: string = process.env.POS_LOG_LEVEL ?? 'info'): Promise<FileLogger> {
  const stream = await pinoRoll({
    file: path.join(dataDir, 'logs', 'pos'),
    extension: '.log',
    frequency: 'daily',
    size: '10m',
    mkdir: true,
    limit: { count: 14 },
  });
  const log = pino({ ...baseOptions, level }, stream);
  return {
    log,
    close: () =>
      new Promise<void>((resolve) => {
        try {
          stream.flushSync();
        } catch {
          // nothing buffered, or the file is already gone: closing is still right
        }
        (stream as unknown as NodeJS.EventEmitter).once('close', () => resolve());
        (stream as unknown as NodeJS.EventEmitter).once('error', () => resolve());
        stream.end();
      }),
  };
}

/** A logger for tests and tools that must not write files. */
export function createMemoryLogger(lines: string[], level = 'debug'): Logger {
  return pino({ ...baseOptions, level }, { write: (s: string) => void lines.push(s) });
}

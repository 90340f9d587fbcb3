/**
 * One receipt printer: keeps the link up (the reconnect loop, after an unplug or a printer restart),
 * polls real-time status (DLE EOT) and publishes it, and prints a job only as far as "the printer
 * says it processed it": each job ends with GS r 1, whose reply comes back only after everything
 * before it went through the mechanism. A job stuck behind paper-out simply waits for that reply;
 * nothing is re-sent, so nothing prints twice.
 *
 * In "no status" mode (`statusMode: 'none'`, a write-only printer that answers neither DLE EOT nor
 * GS r) there is nothing to poll and nothing to wait for: the state is `writeOnly` while the link
 * is up, and a job is done — sent, unconfirmed — once its bytes are written.
 */
import type { Clock } from '../../../shared/domain/clock';
import { PosError } from '../../../shared/errors/posError';
import type { PrinterRef, PrinterState, PrinterStatusMode } from '../../../shared/ipc/commands/device';
import { GS_R_1, isGsRReply, isRealtimeReply, isReady, readinessFrom, STATUS_QUERY } from './escposStatus';
import { createReconnectLoop } from '../reconnectLoop';
import type { PrinterLink, PrinterTransport } from './printerTransport';

export class PrinterNotReadyError extends PosError {
  constructor(state: PrinterState) {
    super('PRINTER_NOT_READY', `printer not ready (${state.status})`, { retryable: true, details: { status: state.status } });
  }
}

/** The job may or may not have come out: the link broke or the printer never confirmed it. */
export class PrintInterruptedError extends PosError {
  constructor(reason: string) {
    super('DEVICE_IO', `print interrupted: ${reason}`, { retryable: true, details: { possiblyPrinted: true } });
  }
}

export interface PrinterDriverOptions {
  readonly transport: PrinterTransport;
  readonly virtual?: boolean;
  readonly clock: Clock;
  readonly pollMs?: number;
  readonly replyTimeoutMs?: number;
  readonly reconnectMs?: number;
  /** How long a ready printer may take to confirm a job before the link is treated as broken. */
  readonly ackTimeoutMs?: number;
  /** 'none': a write-only printer, never asked for status (default 'query'). */
  readonly statusMode?: PrinterStatusMode;
}

/** How a job ended: the printer confirmed it, or (write-only printer) it was sent in full, unconfirmed. */
export type PrintOutcome = 'confirmed' | 'sent';

export interface PrinterDriver {
  readonly printer: PrinterRef;
  state(): PrinterState;
  onState(cb: (s: PrinterState) => void): () => void;
  /** Resolves once the printer confirms the job (GS r reply), or a write-only printer was sent it. */
  print(bytes: Uint8Array): Promise<PrintOutcome>;
  /** Raw command outside the queue (cash drawer). */
  send(bytes: Uint8Array): Promise<void>;
  pollNow(): Promise<PrinterState>;
  stop(): Promise<void>;
}

function endsWith(bytes: Uint8Array, tail: Uint8Array): boolean {
  if (bytes.length < tail.length) return false;
  for (let i = 0; i < tail.length; i++) if (bytes[bytes.length - tail.length + i] !== tail[i]) return false;
  return true;
}

function sameState(a: PrinterState, b: PrinterState): boolean {
  const strip = (s: PrinterState): string => JSON.stringify({ ...s, since: 0 });
  return strip(a) === strip(b);
}

export function createPrinterDriver(opts: PrinterDriverOptions): PrinterDriver {
  const { transport, clock } = opts;
  const pollMs = opts.pollMs ?? 1000;
  const replyTimeoutMs = opts.replyTimeoutMs ?? 700;
  const reconnectMs = opts.reconnectMs ?? 1000;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 20_000;
  const printer: PrinterRef = { role: 'printer', transport: transport.kind, id: transport.id, virtual: opts.virtual ?? false };
  const writeOnly = opts.statusMode === 'none';

  let state: PrinterState = { status: 'connecting', printer, since: clock.now() };
  const listeners = new Set<(s: PrinterState) => void>();
  let stopped = false;
  let timer: unknown = null;
  let replies: number[] | null = null;
  let replyWaiter: (() => void) | null = null;
  let polling: Promise<PrinterState> | null = null;
  let job: { resolve(): void; reject(e: Error): void; lastProgress: number } | null = null;

  const setState = (s: PrinterState): void => {
    if (sameState(state, s)) return;
    state = s;
    for (const l of listeners) l(s);
  };
  const schedule = (ms: number, fn: () => void): void => {
    if (stopped) return;
    if (timer !== null) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };

  const onBytes = (bytes: Uint8Array): void => {
    for (const b of bytes) {
      if (isRealtimeReply(b)) {
        if (replies !== null) {
          replies.push(b);
          if (replies.length >= 3) replyWaiter?.();
        }
      } else if (isGsRReply(b) && job !== null) {
        const j = job;
        job = null;
        j.resolve();
      }
    }
  };

  const connection = createReconnectLoop<PrinterLink>({
    clock,
    retryMs: reconnectMs,
    open: () => transport.connect(),
    onUp: (l) => {
      l.onData(onBytes);
      l.onClose((reason) => connection.lost(l, reason));
      if (writeOnly) {
        // Never queried: such a printer would take the status bytes for nothing, or print them.
        setState({ status: 'writeOnly', printer, since: clock.now() });
        return;
      }
      void poll();
    },
    onDown: (reason) => {
      replyWaiter?.();
      if (job !== null) {
        const j = job;
        job = null;
        j.reject(new PrintInterruptedError(reason));
      }
      setState({ status: 'disconnected', printer, reason, since: clock.now() });
    },
    discard: (l) => l.close(),
  });
  const link = (): PrinterLink | null => connection.current();

  const doPoll = async (): Promise<PrinterState> => {
    const l = link();
    if (l === null) return state;
    replies = [];
    let t: unknown = null;
    const got = new Promise<void>((resolve) => {
      replyWaiter = resolve;
      t = clock.setTimeout(resolve, replyTimeoutMs);
    });
    try {
      await l.write(STATUS_QUERY);
    } catch {
      replyWaiter = null;
      replies = null;
      return state; // the close handler reports the loss
    }
    await got;
    clock.clearTimeout(t);
    const r = replies;
    replies = null;
    replyWaiter = null;
    if (link() !== l) return state;
    const now = clock.now();
    if (r.length < 3) {
      setState({ status: 'unresponsive', printer, since: now });
    } else {
      const rd = readinessFrom(r[0]!, r[1]!, r[2]!);
      if (isReady(rd)) setState({ status: 'ready', printer, paperNearEnd: rd.paperNearEnd, since: now });
      else setState({ status: 'notReady', printer, paperOut: rd.paperOut, coverOpen: rd.coverOpen, error: rd.error, paperNearEnd: rd.paperNearEnd, since: now });
    }
    if (job !== null) {
      // A stopped printer holds the job in its buffer: waiting is progress, not a hang.
      if (state.status !== 'ready') job.lastProgress = now;
      else if (now - job.lastProgress > ackTimeoutMs) {
        // No confirmation from a printer that says it is fine: drop the link so a stale reply can
        // never confirm the next job; the queue re-sends this one marked as a possible duplicate.
        void l.close();
      }
    }
    return state;
  };

  const poll = async (): Promise<PrinterState> => {
    polling ??= doPoll().finally(() => {
      polling = null;
      if (link() !== null) schedule(pollMs, () => void poll());
    });
    return polling;
  };

  connection.start();

  return {
    printer,
    state: () => state,
    onState(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async print(bytes) {
      const l = link();
      if (writeOnly) {
        if (l === null || state.status !== 'writeOnly') throw new PrinterNotReadyError(state);
        try {
          await l.write(bytes);
        } catch (e) {
          throw new PrintInterruptedError((e as Error).message);
        }
        return 'sent';
      }
      if (l === null || state.status !== 'ready') throw new PrinterNotReadyError(state);
      if (job !== null) throw new PosError('CONFLICT', 'a print job is already in progress');
      const data = endsWith(bytes, GS_R_1) ? bytes : Buffer.concat([bytes, GS_R_1]);
      const done = new Promise<void>((resolve, reject) => {
        job = { resolve, reject, lastProgress: clock.now() };
      });
      try {
        await l.write(data);
      } catch (e) {
        job = null;
        throw new PrintInterruptedError((e as Error).message);
      }
      await done;
      return 'confirmed';
    },
    async send(bytes) {
      const l = link();
      if (l === null) throw new PrinterNotReadyError(state);
      await l.write(bytes);
    },
    pollNow: () => (link() === null || writeOnly ? Promise.resolve(state) : poll()),
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      const l = connection.stop();
      if (job !== null) {
        job.reject(new PrintInterruptedError('printer stopped'));
        job = null;
      }
      await l?.close();
    },
  };
}

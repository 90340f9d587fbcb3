/**
 * Keeps one device link up: opens it, and after a failed open or a lost link (unplugged, cable
 * glitch, printer restarted) tries again with backoff until it is back or stopped — so a device
 * comes back with no restart of the station. One loop for every device (HID and serial scanners,
 * printers); each says how to open its link and hears up/down through its status callbacks.
 */
import { backoffDelay } from '../../shared/domain/backoff';
import type { Clock } from '../../shared/domain/clock';

export interface ReconnectOptions<L> {
  readonly clock: Clock;
  /** The first retry comes after about this long; each further one waits longer, up to `maxRetryMs`. */
  readonly retryMs: number;
  /** Default 4 × retryMs: a replugged device is found within seconds, never after a long sleep. */
  readonly maxRetryMs?: number;
  readonly random?: () => number;
  /** Opens the link; throws (or rejects) when it cannot now, with the reason as the message. */
  open(): L | Promise<L>;
  /** The link is up (attached, connected). */
  onUp(link: L): void;
  /** It is down: an open failed or the link was lost. A retry is scheduled. */
  onDown(reason: string): void;
  /** A link whose open finished after stop(): closed, never used. */
  discard?(link: L): void | Promise<void>;
}

export interface ReconnectLoop<L> {
  /** The first open (synchronously, when `open` is synchronous). */
  start(): void;
  /** The link broke. Ignored for a link that is no longer the current one (a late close event). */
  lost(link: L, reason: string): void;
  /** The link while it is up. */
  current(): L | null;
  /** No more retries; returns the link that was up, for the caller to close. */
  stop(): L | null;
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createReconnectLoop<L>(opts: ReconnectOptions<L>): ReconnectLoop<L> {
  const { clock } = opts;
  const policy = { baseDelayMs: opts.retryMs, maxDelayMs: opts.maxRetryMs ?? opts.retryMs * 4 };
  const random = opts.random ?? Math.random;
  let link: L | null = null;
  let stopped = true;
  let opening = false;
  let failures = 0;
  let timer: unknown = null;

  const up = (l: L): void => {
    opening = false;
    if (stopped) {
      void opts.discard?.(l);
      return;
    }
    link = l;
    failures = 0;
    opts.onUp(l);
  };
  const down = (reason: string): void => {
    opening = false;
    if (stopped) return;
    opts.onDown(reason);
    retry();
  };
  const retry = (): void => {
    if (stopped || timer !== null) return;
    failures++;
    timer = clock.setTimeout(() => {
      timer = null;
      attempt();
    }, backoffDelay(failures, policy, random));
  };
  const attempt = (): void => {
    if (stopped || opening || link !== null) return;
    opening = true;
    let opened: L | Promise<L>;
    try {
      opened = opts.open();
    } catch (e) {
      down(reasonOf(e));
      return;
    }
    if (opened instanceof Promise) opened.then(up, (e: unknown) => down(reasonOf(e)));
    else up(opened);
  };

  return {
    start() {
      stopped = false;
      attempt();
    },
    lost(l, reason) {
      if (link !== l) return;
      link = null;
      down(reason);
    },
    current: () => link,
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      const l = link;
      link = null;
      return l;
    },
  };
}

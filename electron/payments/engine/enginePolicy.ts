/**
 * Timings of the payment engine. Defaults follow AMS.md §5 (front-loaded polling, bounded) and can be
 * overridden from config (payment.*). Times in ms.
 *
 * User-presented polling, with the default 3-minute expiry and 10 s grace:
 *   +2 s, +3 s, +3 s, +3 s, +5 s ×6 (to ~41 s), then every 10 s until expiry + grace,
 *   at most 30 inquiries; then a last inquiry and cancel from the offline queue.
 * Order code: first at +5 s, then every 4 s for the first minute, then every 10 s (the QR may be
 * paid any time until it expires; notifications usually arrive first).
 */
import { AMS_CODE_BOOK } from '../ams/amsCodeBook';
import type { ResultCodeBook } from './enginePorts';

export interface EnginePolicy {
  /** The acquirer's result codes (the runtime sets its port's book). */
  readonly codes: ResultCodeBook;
  /** paymentExpiryTime = request time + this (AMS.md §4; config payment.expiryMinutes 1–10). */
  readonly expiryMs: number;
  /** Extra wait after paymentExpiryTime before cancelling: clock skew between us and Alipay. */
  readonly graceMs: number;
  /** Delays between inquiries; the last entry repeats. */
  readonly userPollScheduleMs: readonly number[];
  readonly orderPollScheduleMs: readonly number[];
  /** Upper bound on inquiries while polling one attempt. */
  readonly maxPolls: number;
  /** OrderCode pay answered U: repeat the identical request this many times (AMS.md §4). */
  readonly orderPayRepeats: number;
  readonly orderPayRepeatDelayMs: number;
}

export const DEFAULT_USER_POLL_SCHEDULE_MS: readonly number[] = [2_000, 3_000, 3_000, 3_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000, 10_000];
export const DEFAULT_ORDER_POLL_SCHEDULE_MS: readonly number[] = [5_000, ...Array<number>(14).fill(4_000), 10_000];

export const DEFAULT_POLICY: EnginePolicy = {
  codes: AMS_CODE_BOOK,
  expiryMs: 3 * 60_000,
  graceMs: 10_000,
  userPollScheduleMs: DEFAULT_USER_POLL_SCHEDULE_MS,
  orderPollScheduleMs: DEFAULT_ORDER_POLL_SCHEDULE_MS,
  maxPolls: 30,
  orderPayRepeats: 3,
  orderPayRepeatDelayMs: 1_000,
};

/** Delay before the next inquiry after `polls` inquiries, or null when polling is over. */
export function nextPollDelay(schedule: readonly number[], polls: number, maxPolls: number): number | null {
  if (polls >= maxPolls || schedule.length === 0) return null;
  return schedule[Math.min(polls, schedule.length - 1)]!;
}

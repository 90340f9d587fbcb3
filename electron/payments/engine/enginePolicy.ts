/**
 * Timings of the payment engine. Defaults follow AMS.md §5 (front-loaded polling, bounded) and can be
 * overridden from config (payment.*). Times in ms.
 *
 * User-presented polling, with the default 3-minute expiry and 10 s grace:
 *   +1.5 s, then every 2.5 s to ~21 s, every 3 s to ~40 s, then every 10 s until expiry + grace, at
 *   most 30 inquiries; then a last inquiry and cancel from the offline queue. The official in-store
 *   SDK (alipay/ams-java-sdk AMSSettings.inquiryInterval) waits 2, 3, 3, 5, 5, 5, 5, 5, 5 s — nine
 *   inquiries over 38 s — and then cancels. We poll a little faster early on (most customers confirm
 *   within seconds: paid → shown paid is measured by `npm run bench`), and keep polling, slower, until
 *   paymentExpiryTime instead of cancelling at 38 s, because Alipay lets the customer confirm until then.
 *   A pay Alipay never recorded does not hold the till that long: see `orderAbsentAfterMs`.
 * Cancel refused (any F): retried after 2, 3, 3, 5, 5 s like the SDK's cancelInterval, then more
 *   slowly, with an inquiry before each retry (`cancelRetryScheduleMs`).
 * Order code: first at +5 s, then every 4 s for the first minute, then every 10 s (the QR may be
 * paid any time until it expires; notifications usually arrive first).
 */
export interface EnginePolicy {
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
  /**
   * `ORDER_NOT_EXIST` (inquiry or cancel) answered this long after pay left proves Alipay never
   * recorded it: twice the pay read timeout (15 s), so a pay whose answer we lost is recorded well
   * before. Earlier, it may only mean the pay is still being processed (AMS.md §10).
   */
  readonly orderAbsentAfterMs: number;
  /** Delays before a refused cancel is retried; past the last one a human is asked (ORDER_NOT_EXIST keeps the last delay until absence is proven). */
  readonly cancelRetryScheduleMs: readonly number[];
  /** A journal write failed (disk full for a moment): the same event is tried again after this. */
  readonly journalRetryMs: number;
}

export const DEFAULT_USER_POLL_SCHEDULE_MS: readonly number[] = [1_500, ...Array<number>(8).fill(2_500), ...Array<number>(6).fill(3_000), 10_000];
/** The official in-store SDK's schedule (alipay/ams-java-sdk AMSSettings.inquiryInterval, seconds 2,3,3,5,5,5,5,5,5): the bench's baseline. */
export const SDK_USER_POLL_SCHEDULE_MS: readonly number[] = [2_000, 3_000, 3_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000];
export const DEFAULT_ORDER_POLL_SCHEDULE_MS: readonly number[] = [5_000, ...Array<number>(14).fill(4_000), 10_000];

export const DEFAULT_POLICY: EnginePolicy = {
  expiryMs: 3 * 60_000,
  graceMs: 10_000,
  userPollScheduleMs: DEFAULT_USER_POLL_SCHEDULE_MS,
  orderPollScheduleMs: DEFAULT_ORDER_POLL_SCHEDULE_MS,
  maxPolls: 30,
  orderPayRepeats: 3,
  orderPayRepeatDelayMs: 1_000,
  orderAbsentAfterMs: 30_000,
  cancelRetryScheduleMs: [2_000, 3_000, 3_000, 5_000, 5_000, 10_000, 30_000, 60_000],
  journalRetryMs: 1_000,
};

/** Delay before the next inquiry after `polls` inquiries, or null when polling is over. */
export function nextPollDelay(schedule: readonly number[], polls: number, maxPolls: number): number | null {
  if (polls >= maxPolls || schedule.length === 0) return null;
  return schedule[Math.min(polls, schedule.length - 1)]!;
}

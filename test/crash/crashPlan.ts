import { scenarioAmount } from '../../electron/simulator/scenarios';

export const CRASH_PIN = '2468';

export interface SalePlan {
  readonly label: string;
  readonly amountMinor: number;
  /** Refund this much once paid (0: none). */
  readonly refundMinor: number;
  /** Cashier presses Cancel this many real ms after the scan (null: never). */
  readonly cancelAfterMs: number | null;
}

/** The simulator picks its behaviour from the amount (README "Simulator scenarios"). */
const PLANS: readonly SalePlan[] = [
  { label: 'instant success', amountMinor: 1_000, refundMinor: 0, cancelAfterMs: null },
  { label: 'confirms after 5 s', amountMinor: scenarioAmount('20'), refundMinor: 0, cancelAfterMs: null },
  { label: 'U but paid', amountMinor: scenarioAmount('27'), refundMinor: 0, cancelAfterMs: null },
  { label: 'success + partial refund', amountMinor: 2_000, refundMinor: 700, cancelAfterMs: null },
  { label: 'never confirms → expiry → cancel', amountMinor: scenarioAmount('22'), refundMinor: 0, cancelAfterMs: null },
  { label: 'dropped after success', amountMinor: scenarioAmount('25'), refundMinor: 0, cancelAfterMs: null },
  { label: 'declined', amountMinor: scenarioAmount('01'), refundMinor: 0, cancelAfterMs: null },
  { label: 'cashier cancels while confirming', amountMinor: scenarioAmount('22'), refundMinor: 0, cancelAfterMs: 150 },
  { label: 'U, never created', amountMinor: scenarioAmount('28'), refundMinor: 0, cancelAfterMs: null },
  { label: 'answer too slow', amountMinor: scenarioAmount('26'), refundMinor: 0, cancelAfterMs: null },
  // Issue 11: a slow pay (recorded only after the client gave up) with the cashier cancelling at once.
  { label: 'slow pay, cashier cancels at once', amountMinor: scenarioAmount('34'), refundMinor: 0, cancelAfterMs: 50 },
  { label: 'paid, refund answered asynchronously', amountMinor: scenarioAmount('35'), refundMinor: 400, cancelAfterMs: null },
  { label: 'cashier cancels a U (never created)', amountMinor: scenarioAmount('28'), refundMinor: 0, cancelAfterMs: 400 },
];

export function planFor(index: number): SalePlan {
  return PLANS[((index % PLANS.length) + PLANS.length) % PLANS.length]!;
}

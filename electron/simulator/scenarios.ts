/**
 * Deterministic scenarios (README "Simulator scenarios"). A payment code
 * `2800000000000000NN` (18 digits) or an amount of exactly `99NN` minor units selects scenario NN;
 * every other valid code or amount is the happy path. The code wins when both match.
 */
export type ScenarioBehaviour =
  /** S at once (PaymentCode); for order/entry code the wallet must still pay. */
  | { readonly kind: 'success' }
  /** F with this code. For order/entry code, pay says S and the wallet's payment fails with it. */
  | { readonly kind: 'decline'; readonly code: string; readonly message: string }
  /** PAYMENT_IN_PROCESS, then the customer confirms (or rejects) after `afterMs` on the sim clock. */
  | { readonly kind: 'confirm-after'; readonly afterMs: number; readonly outcome: 'SUCCESS' | 'FAIL'; readonly failCode?: string }
  /** PAYMENT_IN_PROCESS; only the virtual wallet can finish it; otherwise it expires. */
  | { readonly kind: 'wait-for-wallet' }
  /** The customer confirms only after paymentExpiryTime: the payment must end expired, never paid. */
  | { readonly kind: 'confirm-after-expiry' }
  /** Processed to SUCCESS, but the answer is U (UNKNOWN_EXCEPTION): inquiry finds it paid. */
  | { readonly kind: 'u-but-paid'; readonly code: 'UNKNOWN_EXCEPTION' }
  /** U and nothing was created: inquiry finds ORDER_NOT_EXIST. */
  | { readonly kind: 'u-not-created'; readonly code: 'UNKNOWN_EXCEPTION' | 'REQUEST_TRAFFIC_EXCEED_LIMIT' }
  /** Processed to SUCCESS, then the connection is dropped before any answer. */
  | { readonly kind: 'drop-after-success' }
  /** Processed to SUCCESS, answer held for `slowResponseMs` (real time) so the client times out. */
  | { readonly kind: 'slow-success' }
  /** Paid, but belongs to the previous business day: cancel → CANCEL_WINDOW_EXCEED. */
  | { readonly kind: 'previous-day' }
  /** Paid; refunds → REFUND_WINDOW_EXCEED. */
  | { readonly kind: 'refund-window-closed' }
  /** Paid; a second refund → MULTIPLE_REFUNDS_NOT_SUPPORTED. */
  | { readonly kind: 'single-refund-only' }
  /** Paid; the payment notification is never sent. */
  | { readonly kind: 'no-notification' }
  /**
   * A slow pay (AMS.md §10): still being processed when the client gives up; until it is recorded
   * (when the held answer goes out) inquiry and cancel say ORDER_NOT_EXIST; then it is SUCCESS.
   */
  | { readonly kind: 'slow-recorded' }
  /** Paid; each refund is answered U REFUND_IN_PROCESS, inquiryRefund says PROCESSING for `afterMs`, then `outcome`. */
  | { readonly kind: 'async-refund'; readonly afterMs: number; readonly outcome: 'SUCCESS' | 'FAIL' };

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly behaviour: ScenarioBehaviour;
}

const decline = (code: string, message: string): ScenarioBehaviour => ({ kind: 'decline', code, message });

export const SCENARIOS: readonly Scenario[] = [
  { id: '00', title: 'instant success', behaviour: { kind: 'success' } },
  { id: '01', title: 'insufficient balance', behaviour: decline('USER_BALANCE_NOT_ENOUGH', 'user balance not enough') },
  { id: '02', title: 'user amount limit', behaviour: decline('USER_AMOUNT_EXCEED_LIMIT', 'user amount exceed limit') },
  { id: '03', title: 'payment amount limit', behaviour: decline('PAYMENT_AMOUNT_EXCEED_LIMIT', 'payment amount exceed limit') },
  { id: '04', title: 'payment count limit', behaviour: decline('PAYMENT_COUNT_EXCEED_LIMIT', 'payment count exceed limit') },
  { id: '05', title: 'risk reject', behaviour: decline('RISK_REJECT', 'risk reject') },
  { id: '06', title: 'fraud reject', behaviour: decline('FRAUD_REJECT', 'fraud reject') },
  { id: '07', title: 'user KYC not qualified', behaviour: decline('USER_KYC_NOT_QUALIFIED', 'user kyc not qualified') },
  { id: '08', title: 'user status abnormal', behaviour: decline('USER_STATUS_ABNORMAL', 'user status abnormal') },
  { id: '09', title: 'user does not exist', behaviour: decline('USER_NOT_EXIST', 'user not exist') },
  { id: '10', title: 'no pay options', behaviour: decline('NO_PAY_OPTIONS', 'no pay options') },
  { id: '11', title: 'expired code', behaviour: decline('EXPIRED_CODE', 'payment code expired') },
  { id: '12', title: 'merchant not registered', behaviour: decline('MERCHANT_NOT_REGISTERED', 'merchant not registered') },
  { id: '13', title: 'access denied', behaviour: decline('ACCESS_DENIED', 'access denied') },
  { id: '14', title: 'process fail', behaviour: decline('PROCESS_FAIL', 'process fail') },
  { id: '15', title: 'system error', behaviour: decline('SYSTEM_ERROR', 'system error') },
  // Entry code: pay answers S and Alipay's redirect is an app deep link, not a web page (AMS.md §10).
  { id: '46', title: 'entry redirect is an alipays:// deep link', behaviour: { kind: 'success' } },
  { id: '20', title: 'confirms after 5 s', behaviour: { kind: 'confirm-after', afterMs: 5_000, outcome: 'SUCCESS' } },
  { id: '21', title: 'rejects after 5 s (balance)', behaviour: { kind: 'confirm-after', afterMs: 5_000, outcome: 'FAIL', failCode: 'USER_BALANCE_NOT_ENOUGH' } },
  { id: '22', title: 'never confirms (wallet may) → expires', behaviour: { kind: 'wait-for-wallet' } },
  { id: '23', title: 'confirms after 30 s', behaviour: { kind: 'confirm-after', afterMs: 30_000, outcome: 'SUCCESS' } },
  { id: '24', title: 'confirms only after expiry → expired', behaviour: { kind: 'confirm-after-expiry' } },
  { id: '25', title: 'paid, connection dropped before the answer', behaviour: { kind: 'drop-after-success' } },
  { id: '26', title: 'paid, answer too slow (client times out)', behaviour: { kind: 'slow-success' } },
  { id: '27', title: 'U (UNKNOWN_EXCEPTION) but paid', behaviour: { kind: 'u-but-paid', code: 'UNKNOWN_EXCEPTION' } },
  { id: '28', title: 'U (UNKNOWN_EXCEPTION), not created', behaviour: { kind: 'u-not-created', code: 'UNKNOWN_EXCEPTION' } },
  { id: '29', title: 'U (REQUEST_TRAFFIC_EXCEED_LIMIT), not created', behaviour: { kind: 'u-not-created', code: 'REQUEST_TRAFFIC_EXCEED_LIMIT' } },
  { id: '30', title: 'paid yesterday: cancel window exceeded', behaviour: { kind: 'previous-day' } },
  { id: '31', title: 'paid, refund window closed', behaviour: { kind: 'refund-window-closed' } },
  { id: '32', title: 'paid, only one refund allowed', behaviour: { kind: 'single-refund-only' } },
  { id: '33', title: 'paid, notification never sent', behaviour: { kind: 'no-notification' } },
  { id: '34', title: 'slow pay: not recorded until its (lost) answer goes out', behaviour: { kind: 'slow-recorded' } },
  { id: '35', title: 'paid; refunds processed asynchronously, SUCCESS after 10 s', behaviour: { kind: 'async-refund', afterMs: 10_000, outcome: 'SUCCESS' } },
  { id: '36', title: 'paid; refunds processed asynchronously, FAIL after 10 s', behaviour: { kind: 'async-refund', afterMs: 10_000, outcome: 'FAIL' } },
];

const BY_ID = new Map(SCENARIOS.map((s) => [s.id, s]));

export const SCENARIO_CODE_PREFIX = '2800000000000000';

/** The payment code that selects scenario `id` (e.g. scenarioCode('01') = '280000000000000001'). */
export function scenarioCode(id: string): string {
  return SCENARIO_CODE_PREFIX + id;
}

/** The amount in minor units that selects scenario `id` (e.g. scenarioAmount('20') = 9920). */
export function scenarioAmount(id: string): number {
  return 9900 + Number(id);
}

export function scenarioFor(paymentCode: string | undefined, amountMinor: number): Scenario | undefined {
  if (paymentCode && paymentCode.length === 18 && paymentCode.startsWith(SCENARIO_CODE_PREFIX)) {
    const s = BY_ID.get(paymentCode.slice(16));
    if (s) return s;
  }
  if (amountMinor >= 9900 && amountMinor <= 9999) return BY_ID.get(String(amountMinor - 9900).padStart(2, '0'));
  return undefined;
}

export function isScenarioCode(code: string): boolean {
  return scenarioFor(code, -1) !== undefined;
}

/** Alipay user-presented codes: 16–24 digits starting 25–30 (DESIGN §5.1). */
export const ALIPAY_CODE_PATTERN = /^(2[5-9]|30)\d{14,22}$/;

/**
 * Deterministic 当面付 scenarios, chosen like the AMS simulator's: an auth code `2800000000000000NN`
 * (18 digits) or an amount of exactly `99NN` fen (CNY 99.NN) selects scenario NN; the code wins.
 */
export type CnScenario =
  | { readonly kind: 'paid' }
  | { readonly kind: 'refused'; readonly subCode: string; readonly subMsg: string }
  /** 10003: the customer confirms (or declines) in the wallet after `afterMs`; null = never by itself. */
  | { readonly kind: 'waiting'; readonly afterMs: number | null; readonly outcome: 'pay' | 'decline' }
  /** A verified "ask again" answer: `paid` says what really happened. */
  | { readonly kind: 'unknown'; readonly code: '20000' | '40004'; readonly subCode: string; readonly paid: boolean }
  /** Paid, but the connection is dropped before the answer. */
  | { readonly kind: 'dropped' };

export interface CnScenarioEntry {
  readonly nn: string;
  readonly label: string;
  readonly scenario: CnScenario;
  /** Extra rules after pay. */
  readonly cancelTooLate?: boolean;
  readonly cancelRetryOnce?: boolean;
  readonly noNotification?: boolean;
}

const refused = (nn: string, subCode: string, subMsg: string): CnScenarioEntry => ({ nn, label: subCode, scenario: { kind: 'refused', subCode, subMsg } });

export const CN_SCENARIOS: readonly CnScenarioEntry[] = [
  { nn: '00', label: 'paid at once', scenario: { kind: 'paid' } },
  refused('01', 'ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足'),
  refused('02', 'ACQ.PAYMENT_AUTH_CODE_INVALID', '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款'),
  refused('03', 'ACQ.TRADE_HAS_CLOSE', '交易已经关闭'),
  refused('04', 'ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改'),
  refused('05', 'ACQ.BUYER_ENABLE_STATUS_FORBID', '买家状态非法'),
  refused('06', 'ACQ.TOTAL_FEE_EXCEED', '订单总金额超过限额'),
  refused('07', 'ACQ.INVALID_STORE_ID', '商户门店编号无效'),
  refused('08', 'ACQ.TRADE_BUYER_NOT_MATCH', '交易买家不匹配'),
  { nn: '10', label: 'ACQ.SYSTEM_ERROR, paid', scenario: { kind: 'unknown', code: '40004', subCode: 'ACQ.SYSTEM_ERROR', paid: true } },
  { nn: '11', label: 'ACQ.SYSTEM_ERROR, not created', scenario: { kind: 'unknown', code: '40004', subCode: 'ACQ.SYSTEM_ERROR', paid: false } },
  { nn: '12', label: '20000, paid', scenario: { kind: 'unknown', code: '20000', subCode: 'isp.unknow-error', paid: true } },
  { nn: '13', label: 'ACQ.TRADE_HAS_SUCCESS', scenario: { kind: 'unknown', code: '40004', subCode: 'ACQ.TRADE_HAS_SUCCESS', paid: true } },
  { nn: '20', label: '10003, confirms after 5 s', scenario: { kind: 'waiting', afterMs: 5_000, outcome: 'pay' } },
  { nn: '21', label: '10003, declines after 5 s', scenario: { kind: 'waiting', afterMs: 5_000, outcome: 'decline' } },
  { nn: '22', label: '10003, never confirms (the wallet can)', scenario: { kind: 'waiting', afterMs: null, outcome: 'pay' } },
  { nn: '23', label: '10003, confirms after 30 s', scenario: { kind: 'waiting', afterMs: 30_000, outcome: 'pay' } },
  { nn: '25', label: 'paid, connection dropped', scenario: { kind: 'dropped' } },
  { nn: '30', label: 'paid; cancel too late (refund works)', scenario: { kind: 'paid' }, cancelTooLate: true },
  { nn: '31', label: 'paid; first cancel answers retry_flag Y', scenario: { kind: 'paid' }, cancelRetryOnce: true },
  { nn: '33', label: 'paid, no notification', scenario: { kind: 'paid' }, noNotification: true },
];

const BY_NN = new Map(CN_SCENARIOS.map((s) => [s.nn, s]));
const HAPPY = CN_SCENARIOS[0]!;

/** 16–24 digits starting 25–30: an Alipay payment code. */
export const CN_AUTH_CODE = /^(2[5-9]|30)\d{14,22}$/;

export const cnScenarioCode = (nn: string): string => `2800000000000000${nn}`;
export const cnScenarioFen = (nn: string): number => 9900 + Number(nn);

export function cnScenarioFor(authCode: string | null, fen: number): CnScenarioEntry {
  const m = authCode ? /^2800000000000000(\d{2})$/.exec(authCode) : null;
  if (m && BY_NN.has(m[1]!)) return BY_NN.get(m[1]!)!;
  if (fen >= 9900 && fen <= 9999) return BY_NN.get(String(fen - 9900).padStart(2, '0')) ?? HAPPY;
  return HAPPY;
}

/** Scenario codes are reusable (tests); every other code is single use, like a real one. */
export const isCnScenarioCode = (code: string): boolean => /^2800000000000000\d{2}$/.test(code);

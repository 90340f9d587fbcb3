import type { AmsApiName } from './regions';
import type { InStoreScenario } from './amsRequests';

/**
 * The AMS result-code table (seed 004 + AMS.md §4–5) as data. The engine asks `lookupResultCode`
 * what a code means and what to do, instead of scattering `if (code === …)` through the flow.
 *
 * Actions:
 *   final                the attempt is over (paid, declined, refund refused); show the message
 *   poll                 outcome unknown, money may move: inquire with the same id, never rescan
 *   repeat-same-request  safe to send the identical request again (same id, same body)
 *   new-request-id       this id is dead; a new attempt needs a new id (and usually a fresh code)
 *   alert-operator       configuration or system problem: stop, do not retry, tell a human
 */
export type ResultAction = 'final' | 'poll' | 'repeat-same-request' | 'new-request-id' | 'alert-operator';
export type ResultCodeStatus = 'S' | 'F' | 'U' | 'unknown';

export interface CashierMessage {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface ResultCodeInfo {
  readonly code: string;
  readonly status: ResultCodeStatus;
  readonly action: ResultAction;
  readonly message: CashierMessage;
}

export interface ResultCodeContext {
  readonly api?: AmsApiName;
  readonly scenario?: InStoreScenario;
}

interface Entry {
  readonly status: Exclude<ResultCodeStatus, 'unknown'>;
  readonly action: ResultAction;
  readonly zh: string;
  readonly en: string;
  /** Where the same code means something else for another API or scenario (seed 004 vs AMS §4). */
  readonly override?: (ctx: ResultCodeContext) => ResultAction | undefined;
}

const ALERT = 'alert-operator' as const;
const FINAL = 'final' as const;

/** For APIs other than a PaymentCode pay, an unknown answer means "send the same request again". */
const repeatUnlessPaymentCodePay = (ctx: ResultCodeContext): ResultAction | undefined => {
  if (ctx.api === undefined || ctx.api === 'inquiryPayment') return undefined;
  if (ctx.api === 'pay') return ctx.scenario === 'PaymentCode' || ctx.scenario === undefined ? undefined : 'repeat-same-request';
  return 'repeat-same-request';
};

const TABLE: Readonly<Record<string, Entry>> = {
  SUCCESS: { status: 'S', action: FINAL, zh: '成功', en: 'Success' },
  ACCEPT: { status: 'S', action: FINAL, zh: '已受理', en: 'Accepted' },

  // U: the customer may be paying right now.
  PAYMENT_IN_PROCESS: {
    status: 'U', action: 'poll', zh: '顾客正在确认支付，请稍候，不要重新扫码', en: 'Customer is confirming in the wallet. Please wait; do not scan again.',
    // Seed 004 (entry code): "start again with a new paymentRequestId" — no money has moved yet.
    override: (ctx) => (ctx.api === 'pay' && ctx.scenario === 'EntryCode' ? 'new-request-id' : undefined),
  },
  UNKNOWN_EXCEPTION: { status: 'U', action: 'poll', zh: '支付结果未知，正在查询', en: 'Result unknown: checking with Alipay', override: repeatUnlessPaymentCodePay },
  REQUEST_TRAFFIC_EXCEED_LIMIT: { status: 'U', action: 'poll', zh: '支付宝繁忙，正在查询结果', en: 'Alipay is busy: checking the result', override: repeatUnlessPaymentCodePay },

  // F caused by the customer's code: rescan a refreshed code under a new id.
  EXPIRED_CODE: { status: 'F', action: 'new-request-id', zh: '付款码已过期，请顾客刷新付款码后重新扫码', en: 'Payment code expired: ask the customer to refresh it and scan again' },
  INVALID_PAYMENT_CODE: { status: 'F', action: 'new-request-id', zh: '付款码无效，请顾客刷新付款码后重新扫码', en: 'Invalid payment code: ask the customer to refresh it and scan again' },
  ORDER_IS_CANCELED: { status: 'F', action: 'new-request-id', zh: '该订单已撤销，请重新发起支付', en: 'This order was cancelled: start a new payment' },
  ORDER_IS_CLOSED: { status: 'F', action: 'new-request-id', zh: '该订单已关闭，请重新发起支付', en: 'This order is closed: start a new payment' },
  REPEAT_REQ_INCONSISTENT: { status: 'F', action: 'new-request-id', zh: '重复请求与原请求不一致，请重新发起支付', en: 'Repeated request differs from the original: start a new payment' },

  // F declines: the attempt is over; the customer may pay another way.
  USER_BALANCE_NOT_ENOUGH: { status: 'F', action: FINAL, zh: '顾客余额不足', en: 'Insufficient balance' },
  USER_AMOUNT_EXCEED_LIMIT: { status: 'F', action: FINAL, zh: '超出顾客支付限额', en: "Amount exceeds the customer's limit" },
  PAYMENT_AMOUNT_EXCEED_LIMIT: { status: 'F', action: FINAL, zh: '支付金额超出限额', en: 'Amount exceeds the payment limit' },
  PAYMENT_COUNT_EXCEED_LIMIT: { status: 'F', action: FINAL, zh: '支付次数超出限制', en: 'Too many payments for this wallet' },
  RISK_REJECT: { status: 'F', action: FINAL, zh: '交易被风控拒绝', en: 'Declined by risk control' },
  FRAUD_REJECT: { status: 'F', action: FINAL, zh: '交易因疑似欺诈被拒绝', en: 'Declined (suspected fraud)' },
  USER_KYC_NOT_QUALIFIED: { status: 'F', action: FINAL, zh: '顾客身份认证未完成', en: "Customer's identity verification is incomplete" },
  USER_STATUS_ABNORMAL: { status: 'F', action: FINAL, zh: '顾客账户状态异常', en: "Customer's account is restricted" },
  USER_NOT_EXIST: { status: 'F', action: FINAL, zh: '顾客账户不存在', en: 'Customer account does not exist' },
  NO_PAY_OPTIONS: { status: 'F', action: FINAL, zh: '顾客钱包不支持此交易', en: "The customer's wallet cannot pay this transaction" },
  USER_PAYMENT_VERIFICATION_FAILED: { status: 'F', action: FINAL, zh: '顾客支付验证失败', en: 'Customer payment verification failed' },

  // Cancel / refund / inquiry outcomes.
  ORDER_NOT_EXIST: {
    status: 'F', action: 'poll', zh: '支付宝尚未查到该订单', en: 'Alipay has no record of this order yet',
    // For inquiry it may only mean pay has not arrived yet (AMS §5); for cancel there is nothing to cancel.
    override: (ctx) => (ctx.api === 'cancel' || ctx.api === 'refund' || ctx.api === 'inquiryRefund' ? FINAL : undefined),
  },
  CANCEL_WINDOW_EXCEED: { status: 'F', action: FINAL, zh: '已超过撤销期限，请改为退款', en: 'Too late to cancel: refund instead' },
  ORDER_STATUS_INVALID: { status: 'F', action: ALERT, zh: '订单状态不允许此操作', en: 'The order is in a state that does not allow this' },
  REFUND_AMOUNT_EXCEED: { status: 'F', action: FINAL, zh: '退款金额超过可退金额', en: 'Refund exceeds the refundable amount' },
  REFUND_WINDOW_EXCEED: { status: 'F', action: FINAL, zh: '已超过退款期限', en: 'Too late to refund this payment' },
  MULTIPLE_REFUNDS_NOT_SUPPORTED: { status: 'F', action: FINAL, zh: '该支付不支持多次退款', en: 'This payment does not allow more than one refund' },
  REFUND_IN_PROCESS: { status: 'U', action: 'poll', zh: '退款处理中', en: 'Refund in progress' },

  // Configuration errors: alert, never retry (AMS.md §4).
  PARAM_ILLEGAL: { status: 'F', action: ALERT, zh: '请求参数错误，请联系技术支持', en: 'Invalid request parameters: contact support' },
  CURRENCY_NOT_SUPPORT: { status: 'F', action: ALERT, zh: '不支持该币种', en: 'Currency not supported' },
  ACCESS_DENIED: { status: 'F', action: ALERT, zh: '访问被拒绝，请联系支付宝', en: 'Access denied: contact Alipay' },
  INVALID_SIGNATURE: { status: 'F', action: ALERT, zh: '签名验证失败，请检查密钥配置', en: 'Signature check failed: check the key configuration' },
  SIGNATURE_INVALID: { status: 'F', action: ALERT, zh: '签名验证失败，请检查密钥配置', en: 'Signature check failed: check the key configuration' },
  KEY_NOT_FOUND: { status: 'F', action: ALERT, zh: '找不到密钥，请检查密钥配置', en: 'Key not found: check the key configuration' },
  CLIENT_INVALID: { status: 'F', action: ALERT, zh: '客户端ID无效，请检查配置', en: 'Invalid client id: check the configuration' },
  INVALID_CLIENT: { status: 'F', action: ALERT, zh: '客户端ID无效，请检查配置', en: 'Invalid client id: check the configuration' },
  INVALID_API: { status: 'F', action: ALERT, zh: '接口无效或未开通', en: 'API not valid or not activated' },
  SETTLE_CONTRACT_NOT_MATCH: { status: 'F', action: ALERT, zh: '结算币种与签约不符，请检查结算币种设置', en: 'No settlement contract for this settlement currency: check the settlement currency setting' },
  INVALID_CONTRACT: { status: 'F', action: ALERT, zh: '合同参数与交易不符', en: 'Contract does not match this transaction' },
  INVALID_MERCHANT_STATUS: { status: 'F', action: ALERT, zh: '商户状态异常', en: 'Merchant account is restricted' },
  MERCHANT_NOT_REGISTERED: { status: 'F', action: ALERT, zh: '商户未注册，请先完成注册', en: 'Merchant not registered: complete registration first' },
  MERCHANT_KYB_NOT_QUALIFIED: { status: 'F', action: ALERT, zh: '商户资质审核未通过', en: 'Merchant KYB not qualified' },
  METHOD_NOT_SUPPORTED: { status: 'F', action: ALERT, zh: '不支持的请求方法', en: 'HTTP method not supported' },
  NO_INTERFACE_DEF: { status: 'F', action: ALERT, zh: '接口未定义，请检查地址', en: 'API not defined: check the URL' },
  MEDIA_TYPE_NOT_ACCEPTABLE: { status: 'F', action: ALERT, zh: '不支持的媒体类型', en: 'Media type not acceptable' },
  PAYMENT_NOT_QUALIFIED: { status: 'F', action: ALERT, zh: '商户不满足支付条件', en: 'Merchant not qualified for this payment' },
  PROCESS_FAIL: { status: 'F', action: ALERT, zh: '处理失败，请勿重试，请联系支付宝', en: 'Processing failed: do not retry, contact Alipay' },
  SYSTEM_ERROR: { status: 'F', action: ALERT, zh: '系统错误，请勿重试，请联系支付宝', en: 'System error: do not retry, contact Alipay' },
};

const UNKNOWN_CODE_MESSAGE: CashierMessage = { 'zh-CN': '未知结果代码，请联系技术支持', en: 'Unknown result code: contact support' };

/** What a code means; unknown codes are never guessed at: alert a human, status unknown. */
export function lookupResultCode(code: string, ctx: ResultCodeContext = {}): ResultCodeInfo {
  const e = Object.hasOwn(TABLE, code) ? TABLE[code] : undefined;
  if (!e) return { code, status: 'unknown', action: ALERT, message: UNKNOWN_CODE_MESSAGE };
  return { code, status: e.status, action: e.override?.(ctx) ?? e.action, message: { 'zh-CN': e.zh, en: e.en } };
}

export const KNOWN_RESULT_CODES: readonly string[] = Object.keys(TABLE);

/** Messages for U outcomes that carry no code (timeout, bad signature …): the cashier still needs words. */
export const UNKNOWN_OUTCOME_MESSAGE: CashierMessage = {
  'zh-CN': '暂未收到支付宝确认，正在查询，请勿交付商品',
  en: 'No confirmation from Alipay yet: checking. Do not hand over the goods.',
};

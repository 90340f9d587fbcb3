/**
 * The 当面付 result codes (gateway `code` and business `sub_code`) as data, with the cashier's words
 * in zh-CN and en and what the terminal does. Same actions as the AMS table (payments/ams/resultCodes):
 *   final           the attempt is over; show the message
 *   poll            money may have moved or be moving: query the same out_trade_no, never rescan
 *   new-request-id  this out_trade_no is dead; a retry needs a new one (and usually a fresh code)
 *   alert-operator  configuration or account problem: stop, tell a human
 */
import type { CodeApi, ResultAction, ResultCodeBook } from '../engine/enginePorts';

export interface CnCodeInfo {
  readonly code: string;
  readonly action: ResultAction;
  readonly message: { readonly 'zh-CN': string; readonly en: string };
  readonly known: boolean;
}

interface Entry {
  readonly action: ResultAction;
  readonly zh: string;
  readonly en: string;
  /** The same code means something else for another API. */
  readonly on?: Partial<Record<CodeApi, ResultAction>>;
}

const FINAL = 'final' as const;
const ALERT = 'alert-operator' as const;
const NEW = 'new-request-id' as const;

const TABLE: Readonly<Record<string, Entry>> = {
  // Gateway codes.
  '10000': { action: FINAL, zh: '成功', en: 'Success' },
  '10003': { action: 'poll', zh: '等待顾客在支付宝中输入密码确认，请勿重新扫码', en: 'Waiting for the customer to confirm in Alipay. Do not scan again.' },
  '20000': { action: 'poll', zh: '支付宝服务暂不可用，正在查询结果', en: 'Alipay service unavailable: checking the result' },
  'aop.unknow-error': { action: 'poll', zh: '支付宝服务暂不可用，正在查询结果', en: 'Alipay service unavailable: checking the result' },
  'isp.unknow-error': { action: 'poll', zh: '支付宝服务暂不可用，正在查询结果', en: 'Alipay service unavailable: checking the result' },
  'isv.invalid-signature': { action: ALERT, zh: '验签出错，请检查应用私钥与支付宝公钥配置', en: 'Signature check failed: check the app private key and Alipay public key' },
  'isv.invalid-app-id': { action: ALERT, zh: '应用 APPID 无效，请检查配置', en: 'Invalid app id: check the configuration' },
  'isv.invalid-timestamp': { action: ALERT, zh: '时间戳无效，请检查终端时钟', en: 'Invalid timestamp: check the terminal clock' },
  'isv.invalid-cert-sn': { action: ALERT, zh: '证书序列号无效，请检查证书配置', en: 'Invalid certificate SN: check the certificates' },
  'isv.missing-signature': { action: ALERT, zh: '缺少签名，请联系技术支持', en: 'Signature missing: contact support' },
  'isv.invalid-parameter': { action: ALERT, zh: '请求参数无效，请联系技术支持', en: 'Invalid parameters: contact support' },
  'isv.insufficient-isv-permissions': { action: ALERT, zh: '应用未开通当面付权限', en: 'The app has no 当面付 permission' },
  'isv.invalid-app-auth-token': { action: ALERT, zh: '商户授权令牌无效，请重新授权', en: 'Invalid app_auth_token: authorise again' },

  // ACQ business sub_codes (40004 unless noted).
  'ACQ.SYSTEM_ERROR': { action: 'poll', zh: '支付宝系统繁忙，正在查询结果', en: 'Alipay is busy: checking the result' },
  'ACQ.TRADE_HAS_SUCCESS': { action: 'poll', zh: '该订单已支付，正在核实', en: 'This order is already paid: confirming' },
  'ACQ.PAYMENT_AUTH_CODE_INVALID': { action: NEW, zh: '付款码无效或已过期，请顾客刷新付款码后重新扫码', en: 'Payment code invalid or expired: ask the customer to refresh it and scan again' },
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': { action: FINAL, zh: '顾客余额不足，请顾客更换付款方式', en: 'Insufficient balance: ask the customer to pay another way' },
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': { action: FINAL, zh: '顾客银行卡余额不足', en: "The customer's bank card balance is insufficient" },
  'ACQ.TRADE_HAS_CLOSE': { action: NEW, zh: '该订单已关闭，请重新发起收款', en: 'This order is closed: start a new payment' },
  'ACQ.CONTEXT_INCONSISTENT': { action: NEW, zh: '订单信息与原订单不一致，请重新发起收款', en: 'Order details differ from the original order: start a new payment' },
  'ACQ.TRADE_BUYER_NOT_MATCH': { action: NEW, zh: '付款人与原订单不一致，请重新发起收款', en: 'Another buyer than the original order: start a new payment' },
  'ACQ.TOTAL_FEE_EXCEED': { action: FINAL, zh: '金额超过限额', en: 'Amount exceeds the limit' },
  'ACQ.BUYER_ENABLE_STATUS_FORBID': { action: FINAL, zh: '顾客账户状态受限，请顾客更换付款方式', en: "The customer's account is restricted: pay another way" },
  'ACQ.BUYER_SELLER_EQUAL': { action: FINAL, zh: '买卖家不能相同', en: 'Buyer and seller are the same account' },
  'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR': { action: FINAL, zh: '超出顾客当日付款限额', en: "Exceeds the customer's daily limit" },
  'ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR': { action: FINAL, zh: '超出顾客当月付款限额', en: "Exceeds the customer's monthly limit" },
  'ACQ.PAYMENT_FAIL': { action: FINAL, zh: '支付失败，请顾客更换付款方式', en: 'Payment failed: ask the customer to pay another way' },
  'ACQ.PAYMENT_REQUEST_HAS_RISK': { action: FINAL, zh: '支付有风险，已被拒绝', en: 'Declined by risk control' },
  'ACQ.NO_PAYMENT_INSTRUMENTS_AVAILABLE': { action: FINAL, zh: '顾客没有可用的付款方式', en: 'The customer has no usable payment method' },
  'ACQ.USER_FACE_PAYMENT_SWITCH_OFF': { action: FINAL, zh: '顾客已关闭付款码支付', en: 'The customer turned payment codes off' },
  'ACQ.ERROR_BUYER_CERTIFY_LEVEL_LIMIT': { action: FINAL, zh: '顾客尚未完成实名认证', en: 'The customer has not verified their identity' },
  'ACQ.INVALID_STORE_ID': { action: ALERT, zh: '门店编号无效，请检查门店配置', en: 'Invalid store id: check the store settings' },
  'ACQ.INVALID_PARAMETER': { action: ALERT, zh: '参数无效，请联系技术支持', en: 'Invalid parameters: contact support' },
  'ACQ.ACCESS_FORBIDDEN': { action: ALERT, zh: '无权限使用接口，请联系支付宝', en: 'No permission for this API: contact Alipay' },
  'ACQ.EXIST_FORBIDDEN_WORD': { action: ALERT, zh: '订单信息中包含违禁词', en: 'The order text contains forbidden words' },
  'ACQ.PARTNER_ERROR': { action: ALERT, zh: '应用 APPID 填写错误', en: 'Wrong app id for this merchant' },
  'ACQ.SELLER_BEEN_BLOCKED': { action: ALERT, zh: '商家账号被冻结', en: 'The merchant account is frozen' },
  'ACQ.TRADE_STATUS_ERROR': { action: ALERT, zh: '交易状态不允许此操作', en: 'The trade is in a state that does not allow this' },
  'ACQ.TRADE_NOT_EXIST': {
    action: 'poll', zh: '支付宝尚未查到该订单', en: 'Alipay has no record of this order yet',
    // For a query it may only mean pay has not arrived yet; for cancel/refund there is nothing there.
    on: { cancel: FINAL, refund: FINAL },
  },
  'ACQ.TRADE_CANCEL_TIME_OUT': { action: FINAL, zh: '已超过撤销期限，请改为退款', en: 'Too late to cancel: refund instead' },
  'ACQ.REASON_TRADE_BEEN_FREEZEN': { action: ALERT, zh: '交易已被冻结，请联系支付宝', en: 'The trade is frozen: contact Alipay' },
  'ACQ.SELLER_BALANCE_NOT_ENOUGH': { action: ALERT, zh: '商户余额不足，无法退款', en: 'Merchant balance too low to refund' },
  'ACQ.TRADE_HAS_FINISHED': { action: FINAL, zh: '交易已完结，不能再退款', en: 'The trade is finished: no more refunds' },
  'ACQ.TRADE_NOT_ALLOW_REFUND': { action: FINAL, zh: '该交易不允许退款', en: 'This trade does not allow refunds' },
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL': { action: FINAL, zh: '退款金额与原退款请求不一致', en: 'Refund amount differs from the original refund request' },
  'ACQ.REFUND_FEE_ERROR': { action: FINAL, zh: '退款金额超过可退金额', en: 'Refund exceeds the refundable amount' },
  'ACQ.REASON_TRADE_REFUND_FEE_ERR': { action: FINAL, zh: '退款金额无效', en: 'Invalid refund amount' },
  'ACQ.DISCORDANT_REPEAT_REQUEST': { action: FINAL, zh: '重复的退款请求与原请求不一致', en: 'Repeated refund request differs from the original' },
};

const UNKNOWN: CnCodeInfo['message'] = { 'zh-CN': '未知结果代码，请联系技术支持', en: 'Unknown result code: contact support' };

/** Unknown codes are never guessed at: alert a human. */
export function lookupCnCode(code: string, api?: CodeApi): CnCodeInfo {
  const e = Object.hasOwn(TABLE, code) ? TABLE[code] : undefined;
  if (!e) return { code, action: ALERT, message: UNKNOWN, known: false };
  return { code, action: (api ? e.on?.[api] : undefined) ?? e.action, message: { 'zh-CN': e.zh, en: e.en }, known: true };
}

export const KNOWN_CN_CODES: readonly string[] = Object.keys(TABLE);

/** Codes the client folds into "unknown, query it" even when the answer verified (Alipay's guidance). */
export const CN_QUERY_CODES: ReadonlySet<string> = new Set(['20000', 'aop.unknow-error', 'isp.unknow-error', 'ACQ.SYSTEM_ERROR', 'ACQ.TRADE_HAS_SUCCESS']);

export const CN_CODE_BOOK: ResultCodeBook = {
  lookup: (code, ctx) => lookupCnCode(code, ctx.api),
  inProcess: ['10003'],
  notFound: ['ACQ.TRADE_NOT_EXIST'],
  cancelTooLate: ['ACQ.TRADE_CANCEL_TIME_OUT'],
};

import type { CashierText } from '../../../shared/domain/payment';

/** Cashier messages for situations the AMS result-code table has no code for. */
export const MSG_NOT_SENT: CashierText = {
  'zh-CN': '无法连接支付宝，未扣款。请改用其他支付方式',
  en: 'Could not reach Alipay; nothing was charged. Take another tender.',
};
export const MSG_CANCELLING: CashierText = {
  'zh-CN': '正在撤销支付，请勿交付商品',
  en: 'Cancelling the payment: do not hand over the goods.',
};
export const MSG_CANCELLED: CashierText = { 'zh-CN': '支付已撤销，未扣款', en: 'Payment cancelled; nothing was charged.' };
export const MSG_EXPIRED: CashierText = { 'zh-CN': '支付已过期并撤销，未扣款', en: 'Payment expired and was cancelled; nothing was charged.' };
export const MSG_REVERSING: CashierText = {
  'zh-CN': '已超过撤销期限，正在全额退款',
  en: 'Too late to cancel: refunding the full amount.',
};
export const MSG_REVERSED: CashierText = { 'zh-CN': '已全额退款', en: 'Fully refunded.' };
export const MSG_NOT_FOUND: CashierText = {
  'zh-CN': '支付宝没有该笔支付的记录，已撤销，未扣款',
  en: 'Alipay has no record of this payment; it was cancelled and nothing was charged.',
};
export const MSG_CANCEL_REFUSED: CashierText = {
  'zh-CN': '支付宝多次拒绝撤销，结果未知，请勿交付商品并联系主管',
  en: 'Alipay keeps refusing the cancel: outcome unknown. Do not hand over the goods; call a supervisor.',
};
export const MSG_UNPROVEN: CashierText = {
  'zh-CN': '支付宝拒绝退款，无法确认是否扣款。请主管向支付宝核实',
  en: 'Alipay refused the refund: whether the money was taken is unproven. A supervisor must check with Alipay.',
};
/** The gateway refused the request itself (wrong key, unknown client id): it was not processed. */
export const MSG_SIGNATURE_REJECTED: CashierText = {
  'zh-CN': '支付宝拒绝了我们的签名，未扣款。请在设置中检查密钥',
  en: 'Alipay refused our signature; nothing was charged. Check the keys in Settings.',
};
export const MSG_CLIENT_REJECTED: CashierText = {
  'zh-CN': '支付宝不认识本终端的客户端ID，未扣款。请在设置中检查客户端ID和密钥',
  en: 'Alipay does not know our client id; nothing was charged. Check the client id and keys in Settings.',
};
export function msgRequestRejected(resultCode: string, fallback: CashierText): CashierText {
  if (resultCode === 'INVALID_SIGNATURE' || resultCode === 'SIGNATURE_INVALID' || resultCode === 'KEY_NOT_FOUND') return MSG_SIGNATURE_REJECTED;
  if (resultCode === 'CLIENT_INVALID' || resultCode === 'INVALID_CLIENT') return MSG_CLIENT_REJECTED;
  return { 'zh-CN': `${fallback['zh-CN']}（未扣款）`, en: `${fallback.en} (nothing was charged)` };
}
export const MSG_REVERSAL_FAILED: CashierText = {
  'zh-CN': '无法撤销或退款，款项仍在。请联系主管',
  en: 'Could not cancel or refund: the money stays taken. Call a supervisor.',
};
export const MSG_SHOW_QR: CashierText = { 'zh-CN': '请顾客扫描屏幕上的二维码', en: 'Ask the customer to scan the QR on the display.' };
export const MSG_ENTRY_WAITING: CashierText = { 'zh-CN': '顾客正在支付宝中确认支付', en: 'The customer is confirming in Alipay.' };
export const MSG_PAID: CashierText = { 'zh-CN': '支付成功', en: 'Paid.' };
export const MSG_CLOSED: CashierText = { 'zh-CN': '订单已被支付宝关闭，未扣款', en: 'Alipay closed the order; nothing was charged.' };

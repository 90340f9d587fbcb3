/** Shapes of the `*_response` values the terminal reads (extra fields pass through). */
import { z } from 'zod';

const str = z.string();
const opt = z.string().optional();

export const cnCommonSchema = z.object({ code: str, msg: str, sub_code: opt, sub_msg: opt }).passthrough();

export const tradePaySchema = cnCommonSchema.extend({
  trade_no: opt, out_trade_no: opt, buyer_logon_id: opt, total_amount: opt, receipt_amount: opt, gmt_payment: opt, buyer_user_id: opt,
});
export const tradePrecreateSchema = cnCommonSchema.extend({ out_trade_no: opt, qr_code: opt });
export const tradeQuerySchema = cnCommonSchema.extend({
  trade_no: opt, out_trade_no: opt, trade_status: opt, total_amount: opt, receipt_amount: opt, buyer_logon_id: opt, send_pay_date: opt, buyer_user_id: opt,
});
export const tradeCancelSchema = cnCommonSchema.extend({ trade_no: opt, out_trade_no: opt, retry_flag: opt, action: opt });
export const tradeCloseSchema = cnCommonSchema.extend({ trade_no: opt, out_trade_no: opt });
export const tradeRefundSchema = cnCommonSchema.extend({ trade_no: opt, out_trade_no: opt, refund_fee: opt, fund_change: opt, buyer_logon_id: opt });
export const refundQuerySchema = cnCommonSchema.extend({
  trade_no: opt, out_trade_no: opt, out_request_no: opt, refund_amount: opt, total_amount: opt, refund_status: opt,
});
export const billUrlSchema = cnCommonSchema.extend({ bill_download_url: opt });

export type CnCommon = z.infer<typeof cnCommonSchema>;
export type TradePayResponse = z.infer<typeof tradePaySchema>;
export type TradePrecreateResponse = z.infer<typeof tradePrecreateSchema>;
export type TradeQueryResponse = z.infer<typeof tradeQuerySchema>;
export type TradeCancelResponse = z.infer<typeof tradeCancelSchema>;
export type TradeCloseResponse = z.infer<typeof tradeCloseSchema>;
export type TradeRefundResponse = z.infer<typeof tradeRefundSchema>;
export type RefundQueryResponse = z.infer<typeof refundQuerySchema>;
export type BillUrlResponse = z.infer<typeof billUrlSchema>;

export const CN_METHODS = {
  pay: 'alipay.trade.pay',
  precreate: 'alipay.trade.precreate',
  query: 'alipay.trade.query',
  cancel: 'alipay.trade.cancel',
  close: 'alipay.trade.close',
  refund: 'alipay.trade.refund',
  refundQuery: 'alipay.trade.fastpay.refund.query',
  billUrl: 'alipay.data.dataservice.bill.downloadurl.query',
} as const;
export type CnMethod = (typeof CN_METHODS)[keyof typeof CN_METHODS];

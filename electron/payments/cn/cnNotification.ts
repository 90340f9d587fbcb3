/**
 * 当面付 asynchronous notifications (异步通知): a form POST. Verified before any business field is
 * read: drop `sign` and `sign_type`, sort, join raw values, RSA2 with Alipay's key (the certificate's
 * in certificate mode). Then the fields are checked against our own records by the caller.
 */
import type { KeyObject } from 'node:crypto';
import { rsa2Verify, signContent, yuanToFen } from './cnWire';

/** The answer Alipay needs to stop retrying: exactly these seven characters. */
export const CN_NOTIFY_ACK = 'success';
export const CN_NOTIFY_NACK = 'fail';
const MAX_BODY = 64 * 1024;

export interface CnTradeNotification {
  readonly notifyId: string;
  readonly notifyType: string;
  readonly appId: string;
  readonly sellerId: string | null;
  readonly outTradeNo: string;
  readonly tradeNo: string;
  readonly tradeStatus: string;
  /** total_amount in fen (null when it is not a valid amount). */
  readonly totalFen: number | null;
  readonly buyerLogonId: string | null;
  readonly params: Readonly<Record<string, string>>;
}

export type CnNotifyVerdict =
  | { readonly ok: true; readonly notification: CnTradeNotification }
  | { readonly ok: false; readonly reason: 'too-large' | 'unsigned' | 'bad-signature' | 'malformed' };

export function verifyCnNotification(body: Buffer, alipayKey: KeyObject): CnNotifyVerdict {
  if (body.length > MAX_BODY) return { ok: false, reason: 'too-large' };
  const params: Record<string, string> = {};
  // A repeated field is not Alipay's: refuse rather than pick one.
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    if (Object.hasOwn(params, k)) return { ok: false, reason: 'malformed' };
    params[k] = v;
  }
  if (!params.sign) return { ok: false, reason: 'unsigned' };
  if (params.sign_type !== undefined && params.sign_type !== 'RSA2') return { ok: false, reason: 'bad-signature' };
  if (!rsa2Verify(signContent(params, ['sign', 'sign_type']), params.sign, alipayKey)) return { ok: false, reason: 'bad-signature' };
  const need = ['notify_id', 'app_id', 'out_trade_no', 'trade_no', 'trade_status', 'total_amount'] as const;
  for (const k of need) if (!params[k]) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    notification: {
      notifyId: params.notify_id!, notifyType: params.notify_type ?? '', appId: params.app_id!, sellerId: params.seller_id ?? null,
      outTradeNo: params.out_trade_no!, tradeNo: params.trade_no!, tradeStatus: params.trade_status!, totalFen: yuanToFen(params.total_amount!),
      buyerLogonId: params.buyer_logon_id ?? null, params,
    },
  };
}

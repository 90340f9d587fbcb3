/**
 * The station's 当面付 notify route, behind the runtime: verify, check app_id / seller_id /
 * out_trade_no / total_amount against our records, dedupe by notify_id, apply, answer `success`.
 * Polling stays the primary path (a terminal behind NAT never sees these); this only shortens waits.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { Clock } from '../../../shared/domain/clock';
import { money } from '../../../shared/domain/money';
import { customerIdMaskedOf } from '../engine/customerId';
import type { PaymentEngine } from '../engine/paymentEngine';
import type { PaymentStore } from '../store/paymentStore';
import { CN_NOTIFY_ACK, CN_NOTIFY_NACK, verifyCnNotification } from './cnNotification';

export interface CnNotifyConfig {
  readonly appId: string;
  /** The merchant's Alipay account (2088…), when known: a notice for another seller is not ours. */
  readonly sellerId?: string;
  readonly alipayPublicKey: KeyObject;
}

export interface CnNotifyDeps {
  readonly store: PaymentStore;
  readonly engine: PaymentEngine;
  readonly clock: Clock;
  readonly config: CnNotifyConfig;
  warn(obj: object, msg: string): void;
}

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

export function createCnNotifyHandler(deps: CnNotifyDeps) {
  const { store, engine, clock, config } = deps;
  return async function handleCnNotification(body: Buffer): Promise<{ status: number; body: string }> {
    const v = verifyCnNotification(body, config.alipayPublicKey);
    if (!v.ok) {
      deps.warn({ reason: v.reason }, '当面付 notification refused');
      return { status: 400, body: CN_NOTIFY_NACK };
    }
    const n = v.notification;
    const key = `cn:${n.notifyId}`;
    // Alipay repeats the same notify_id until it reads `success`: once applied, only acknowledge.
    if (store.notificationSeen(key)) return { status: 200, body: CN_NOTIFY_ACK };
    const sha = createHash('sha256').update(body).digest('hex');
    const attempt = store.attempts.getAttempt(n.outTradeNo);
    const mismatch = n.appId !== config.appId ? 'app_id'
      : config.sellerId && n.sellerId !== config.sellerId ? 'seller_id'
        : !attempt ? 'out_trade_no'
          : n.totalFen === null || n.totalFen !== attempt.amount.minor || attempt.amount.currency !== 'CNY' ? 'total_amount' : null;
    if (mismatch) {
      // Signed by Alipay but not about our record: never applied; a human looks (Alipay retries meanwhile).
      deps.warn({ outTradeNo: n.outTradeNo, field: mismatch }, '当面付 notification does not match our records');
      store.audit('alipay', 'notification.mismatch', { outTradeNo: n.outTradeNo, notifyId: n.notifyId, field: mismatch });
      return { status: 200, body: CN_NOTIFY_NACK };
    }
    if (PAID.has(n.tradeStatus)) {
      // Applied before it is recorded: a crash in between means Alipay resends and we apply again (idempotent).
      await engine.dispatch(attempt!.paymentRequestId, {
        type: 'notified', at: clock.now(), status: 'SUCCESS', paymentId: n.tradeNo, amount: money(n.totalFen!, 'CNY'), resultCode: n.tradeStatus,
        customerIdMasked: customerIdMaskedOf({ displayCustomerId: n.buyerLogonId ?? undefined }),
      });
    }
    store.recordNotification(key, attempt!.paymentRequestId, sha, PAID.has(n.tradeStatus) ? 'applied' : `ignored:${n.tradeStatus}`, clock.now());
    return { status: 200, body: CN_NOTIFY_ACK };
  };
}

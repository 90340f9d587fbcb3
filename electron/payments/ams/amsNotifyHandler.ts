/**
 * POST /alipay/notify (AMS.md §6): verify the signature over the exact bytes first; dedupe; apply
 * to the attempt (which decides whether it can still take a success); then acknowledge. The
 * answers are AMS's own JSON, so they live here beside the client.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../../shared/domain/clock';
import { customerIdMaskedOf } from '../engine/customerId';
import type { EffectRunner } from '../engine/effectRunner';
import type { PaymentsLog } from '../paymentsLog';
import type { PaymentStore } from '../store/paymentStore';
import type { KeyInput } from './keys';
import { notifiedAmountVerdict } from './notifiedAmount';
import { NOTIFICATION_ACK_BODY, verifyPaymentNotification } from './notification';

export interface NotifyRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface NotifyResponse {
  readonly status: number;
  readonly body: string;
}

export interface AmsNotifyDeps {
  readonly store: PaymentStore;
  readonly runner: EffectRunner;
  readonly clock: Clock;
  readonly log: PaymentsLog;
  /** Alipay's public key and our client id. */
  readonly alipayPublicKey: KeyInput;
  readonly clientId: string;
  /**
   * The `paymentNotifyUrl` we send (or its path): Alipay signs a notification over that public
   * path, which a reverse proxy may have rewritten before it reaches us.
   */
  notifyUrl?(): string;
  /** False until recovery has loaded every attempt. */
  ready(): boolean;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export function createAmsNotifyHandler(d: AmsNotifyDeps): (req: NotifyRequest) => Promise<NotifyResponse> {
  const { store, runner, clock, log } = d;
  return async (req) => {
    // Before recovery has loaded every attempt a notice could be applied twice or lost: not acknowledged, Alipay resends.
    if (!d.ready()) return { status: 503, body: '{"result":{"resultCode":"SYSTEM_BUSY","resultStatus":"U","resultMessage":"starting"}}' };
    const v = verifyPaymentNotification({ path: req.path, headers: req.headers, body: req.body }, d.alipayPublicKey, d.clientId, {
      signedPaths: d.notifyUrl ? [d.notifyUrl()] : [], now: clock.now(),
    });
    if (!v.ok) {
      log.warn({ reason: v.error.message }, 'notification refused');
      return v.error.code === 'AMS_SIGNATURE'
        ? { status: 401, body: '{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F","resultMessage":"signature check failed"}}' }
        : { status: 400, body: '{"result":{"resultCode":"PARAM_ILLEGAL","resultStatus":"F","resultMessage":"notification refused"}}' };
    }
    const n = v.notification;
    const key = `${n.paymentRequestId}|${n.result.resultStatus}|${n.result.resultCode}`;
    const bodySha = sha256(req.body);
    if (store.notificationSeen(key)) return { status: 200, body: NOTIFICATION_ACK_BODY };
    const attempt = store.attempts.getAttempt(n.paymentRequestId);
    if (!attempt) {
      store.recordNotification(key, null, bodySha, 'unknownAttempt', clock.now());
      log.warn({ paymentRequestId: n.paymentRequestId }, 'notification for an unknown payment');
      return { status: 200, body: NOTIFICATION_ACK_BODY };
    }
    if (n.result.resultStatus !== 'U') {
      const amount = notifiedAmountVerdict(attempt.amount, n);
      if (amount.kind === 'refused') {
        // Not our payment's success as we know it: the dedupe key stays unspent so the genuine
        // notice (or an inquiry) still decides. Each distinct body alerts once (keyed by its hash).
        if (store.recordNotification(`refused|${bodySha}`, attempt.paymentRequestId, bodySha, amount.outcome, clock.now())) {
          log.error({ paymentRequestId: attempt.paymentRequestId, reason: amount.reason }, 'notification refused: amount');
          if (amount.amount) {
            await runner.dispatch(attempt.paymentRequestId, {
              type: 'notified', at: clock.now(), status: 'SUCCESS', paymentId: n.paymentId ?? null, amount: amount.amount, resultCode: n.result.resultCode, customerIdMasked: null,
            });
          }
        }
        return { status: 400, body: JSON.stringify({ result: { resultCode: 'PARAM_ILLEGAL', resultStatus: 'F', resultMessage: amount.reason } }) };
      }
      // Applied before it is recorded: a crash in between means Alipay resends and we apply again (idempotent).
      await runner.dispatch(attempt.paymentRequestId, {
        type: 'notified', at: clock.now(), status: n.result.resultStatus === 'S' ? 'SUCCESS' : 'FAIL', paymentId: n.paymentId ?? null, amount: amount.amount, resultCode: n.result.resultCode,
        customerIdMasked: customerIdMaskedOf(n.pspCustomerInfo),
      });
    }
    store.recordNotification(key, attempt.paymentRequestId, bodySha, 'applied', clock.now());
    return { status: 200, body: NOTIFICATION_ACK_BODY };
  };
}

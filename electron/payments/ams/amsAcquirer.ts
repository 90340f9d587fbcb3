/**
 * The AMS client behind the engine's acquirer port: domain requests in, AmsOutcome → engine results
 * out (amsResults.ts). Nothing AMS-shaped crosses into the engine.
 */
import type { AcquirerAnswer, AcquirerPort, PortPaymentRef } from '../engine/enginePorts';
import type { AmsClient, AmsOutcome } from './amsClient';
import type { PaymentRef } from './amsRequests';
import { AMS_CODE_BOOK } from './amsCodeBook';
import { callResult, inquiryResult, payResult, refundInquiryResult } from './amsResults';

export type AmsGateway = Pick<AmsClient, 'pay' | 'inquiryPayment' | 'cancel' | 'refund' | 'inquiryRefund'> & { close?(): void };

/** network/timeout → no answer; a gateway answering 5xx is up but failing; anything else is an answer. */
export function linkOf(o: AmsOutcome<unknown>): AcquirerAnswer<unknown>['link'] {
  if (o.outcome !== 'U') return 'answered';
  if (o.reason === 'network' || o.reason === 'timeout') return 'no-answer';
  if (o.reason === 'http-status' && (o.trace.httpStatus ?? 0) >= 500) return 'server-error';
  return 'answered';
}

function answer<R>(o: AmsOutcome<unknown>, result: R): AcquirerAnswer<R> {
  const detail = o.outcome === 'U' ? `${o.reason}${o.resultCode ? ` ${o.resultCode}` : ''}: ${o.detail}` : o.outcome === 'F' ? o.resultCode : 'S';
  const rejected = o.outcome === 'U' && o.reason === 'rejected' && o.resultCode ? { rejectedCode: o.resultCode } : {};
  return { result, link: linkOf(o), detail, trace: o.trace, verified: o.outcome !== 'U', ...rejected };
}

const refOf = (r: PortPaymentRef): PaymentRef => (r.paymentId ? { paymentId: r.paymentId } : { paymentRequestId: r.paymentRequestId });

export function createAmsAcquirer(client: AmsGateway): AcquirerPort {
  return {
    name: 'ams',
    codes: AMS_CODE_BOOK,
    async pay(req) {
      const ctx = req.context;
      const common = {
        paymentRequestId: req.paymentRequestId,
        amount: req.amount,
        orderDescription: ctx.orderDescription,
        merchant: ctx.merchant,
        paymentNotifyUrl: ctx.paymentNotifyUrl,
        ...(ctx.settlementCurrency ? { settlementCurrency: ctx.settlementCurrency } : {}),
        paymentExpiryTime: req.expiresAt,
        referenceOrderId: req.saleId,
      };
      let o;
      if (req.scenario === 'PaymentCode') {
        o = await client.pay({ ...common, scenario: 'PaymentCode', paymentCode: req.paymentCode ?? '', storeTerminalId: ctx.storeTerminalId, storeTerminalRequestTime: req.createdAt });
      } else if (req.scenario === 'EntryCode') {
        o = await client.pay({ ...common, scenario: 'EntryCode', userAgent: req.entry?.userAgent ?? '', paymentRedirectUrl: req.entry?.paymentRedirectUrl ?? '' });
      } else {
        o = await client.pay({ ...common, scenario: 'OrderCode' });
      }
      return answer(o, payResult(o, req.expiresAt));
    },
    async inquiryPayment(ref) {
      const o = await client.inquiryPayment(refOf(ref));
      return answer(o, inquiryResult(o));
    },
    async cancel(ref) {
      const o = await client.cancel(refOf(ref));
      return answer(o, callResult(o));
    },
    async refund(req) {
      const o = await client.refund({ refundRequestId: req.refundRequestId, paymentId: req.paymentId, refundAmount: req.amount, ...(req.reason ? { refundReason: req.reason.slice(0, 256) } : {}) });
      return answer(o, callResult(o));
    },
    async inquiryRefund(req) {
      // refundStatus SUCCESS → refunded; FAIL → refused for good; PROCESSING → still under way. An F
      // (ORDER_NOT_EXIST: never received under this id) or any U leaves the decision to a resend.
      const o = await client.inquiryRefund({ refundRequestId: req.refundRequestId });
      return answer(o, refundInquiryResult(o));
    },
    async probe() {
      const o = await client.inquiryPayment({ paymentRequestId: 'REACHABILITY-PROBE' });
      return answer(o, null);
    },
    close: () => client.close?.(),
  };
}

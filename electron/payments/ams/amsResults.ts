/**
 * AmsOutcome (what the client returns) → the small plain results the state machine reads. Anything
 * the client could not verify stays U: only a verified S/F moves an attempt to a final state.
 */
import type { Money } from '../../../shared/domain/money';
import type { AmsOutcome } from './amsClient';
import { fromAmsAmount } from './amsRequests';
import { normalisePaymentStatus, type AmsAmount, type CancelResponse, type InquiryPaymentResponse, type InquiryRefundResponse, type PayResponse, type RefundResponse } from './amsWire';
import type { CallResult, InquiryResult, PayResult } from '../engine/attemptState';
import { parseAmsTime } from './amsTime';
import { customerIdMaskedOf } from '../engine/customerId';

function amountOf(a: AmsAmount | undefined): Money | null {
  if (!a) return null;
  try {
    return fromAmsAmount(a);
  } catch {
    return null; // an unknown currency is reported as "no amount", never as a different one
  }
}

export function payResult(o: AmsOutcome<PayResponse>, fallbackExpiry: number): PayResult {
  switch (o.outcome) {
    case 'S': {
      const detail = o.body.orderCodeForm?.codeDetails.find((d) => d.codeValueType.toUpperCase() === 'QRCODE' && d.displayType.toUpperCase() === 'TEXT')
        ?? o.body.orderCodeForm?.codeDetails[0];
      const expires = (o.body.orderCodeForm?.expireTime ? parseAmsTime(o.body.orderCodeForm.expireTime) : undefined) ?? fallbackExpiry;
      return {
        kind: 'S',
        paymentId: o.body.paymentId ?? null,
        qr: detail ? { codeValue: detail.codeValue, expiresAt: Math.min(expires, fallbackExpiry) } : null,
        amount: amountOf(o.body.paymentAmount),
        redirectUrl: o.body.redirectActionForm?.redirectUrl ?? null,
        // Masked here, at the edge: an unmasked pspCustomerId never reaches the state or the journal.
        customerIdMasked: customerIdMaskedOf(o.body.pspCustomerInfo),
      };
    }
    case 'F':
      return { kind: 'F', resultCode: o.resultCode, resultMessage: o.resultMessage };
    case 'U':
      return { kind: 'U', reason: o.reason, resultCode: o.resultCode ?? null, sent: o.sent };
  }
}

export function inquiryResult(o: AmsOutcome<InquiryPaymentResponse>): InquiryResult {
  switch (o.outcome) {
    case 'S': {
      const status = normalisePaymentStatus(o.body.paymentStatus);
      // An inquiry that "worked" but names no status we know is no answer at all.
      if (!status) return { kind: 'U', reason: 'malformed', resultCode: o.body.paymentStatus ?? null };
      return {
        kind: 'status', status, paymentId: o.body.paymentId ?? null, resultCode: o.body.paymentResultCode ?? null, amount: amountOf(o.body.paymentAmount),
        customerIdMasked: customerIdMaskedOf(o.body.pspCustomerInfo),
      };
    }
    case 'F':
      return { kind: 'F', resultCode: o.resultCode, resultMessage: o.resultMessage };
    case 'U':
      return { kind: 'U', reason: o.reason, resultCode: o.resultCode ?? null };
  }
}

export function callResult(o: AmsOutcome<CancelResponse | RefundResponse>): CallResult {
  switch (o.outcome) {
    case 'S':
      return { kind: 'S', id: 'refundId' in o.body && typeof o.body.refundId === 'string' ? o.body.refundId : null };
    case 'F':
      return { kind: 'F', resultCode: o.resultCode, resultMessage: o.resultMessage };
    case 'U':
      return { kind: 'U', reason: o.reason, resultCode: o.resultCode ?? null };
  }
}

/** inquiryRefund → the port's refund answer: S refunded, F refused for good, U `processing` or unknown. */
export function refundInquiryResult(o: AmsOutcome<InquiryRefundResponse>): CallResult {
  switch (o.outcome) {
    case 'S': {
      const status = (o.body.refundStatus ?? '').toUpperCase();
      if (status === 'SUCCESS') return { kind: 'S', id: o.body.refundId ?? null };
      if (status === 'FAIL') return { kind: 'F', resultCode: 'REFUND_FAIL', resultMessage: 'inquiryRefund: refundStatus FAIL' };
      return { kind: 'U', reason: 'processing', resultCode: status || null };
    }
    case 'F':
      return { kind: 'U', reason: 'not-found', resultCode: o.resultCode };
    case 'U':
      return { kind: 'U', reason: o.reason, resultCode: o.resultCode ?? null };
  }
}

/** network/timeout (and a gateway that answers 5xx) mean "cannot reach Alipay"; any answer means reachable. */
export function reachabilityOf(o: AmsOutcome<unknown>): 'reachable' | 'unreachable' {
  if (o.outcome !== 'U') return 'reachable';
  if (o.reason === 'network' || o.reason === 'timeout') return 'unreachable';
  if (o.reason === 'http-status' && (o.trace.httpStatus ?? 0) >= 500) return 'unreachable';
  return 'reachable';
}

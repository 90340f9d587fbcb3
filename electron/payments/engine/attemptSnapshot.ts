import type { AttemptSnapshot } from '../../../shared/domain/payment';
import { assertNever } from '../../../shared/errors/posError';
import { isFinal, type AttemptState } from './attemptState';

/** The UI's view of an attempt. `refundedMinor` counts succeeded and pending refunds. */
export function toAttemptSnapshot(s: AttemptState, refundedMinor = 0): AttemptSnapshot {
  const final = isFinal(s);
  let doNotHandOver: boolean;
  switch (s.status) {
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      doNotHandOver = s.status !== 'succeeded';
      break;
    case 'created':
    case 'awaitingCustomer':
    case 'unknown':
    case 'cancelling':
    case 'reversing':
      doNotHandOver = true;
      break;
    default:
      return assertNever(s, 'attempt state');
  }
  const paid = s.status === 'succeeded';
  return {
    paymentRequestId: s.paymentRequestId,
    saleId: s.saleId,
    scenario: s.scenario,
    status: s.status,
    final,
    doNotHandOver,
    amount: s.amount,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    expiresAt: s.expiresAt,
    codeTail: s.codeTail,
    paymentId: s.paymentId,
    customerIdMasked: s.customerIdMasked,
    paidAt: paid ? s.paidAt : null,
    resultCode: s.resultCode,
    message: s.message,
    qr: s.status === 'awaitingCustomer' && s.qr ? s.qr : null,
    cancelReason: s.status === 'cancelling' || s.status === 'cancelled' || s.status === 'reversing' || s.status === 'reversed' || s.status === 'unproven' ? s.reason : null,
    flags: s.flags,
    refundedMinor: paid ? refundedMinor : 0,
    refundableMinor: paid ? Math.max(0, s.amount.minor - refundedMinor) : 0,
  };
}

import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot, AttemptStatus } from '../../../shared/domain/payment';
import { formatCountdown, paymentView } from '../../../renderer/cashier/paymentView';

const attempt = (status: AttemptStatus, extra: Partial<AttemptSnapshot> = {}): AttemptSnapshot => ({
  paymentRequestId: 'P1', saleId: 'S1', scenario: 'PaymentCode', status, final: false, doNotHandOver: true,
  amount: { minor: 100, currency: 'CNY' }, createdAt: 0, updatedAt: 0, expiresAt: 180_000, codeTail: '1234', customerIdMasked: null,
  paymentId: null, paidAt: null, resultCode: null, message: null, qr: null, cancelReason: null, flags: [],
  refundedMinor: 0, refundableMinor: 0, ...extra,
});

describe('paymentView', () => {
  it('lets goods go only when paid', () => {
    const all: AttemptStatus[] = ['created', 'awaitingCustomer', 'unknown', 'cancelling', 'reversing', 'succeeded', 'failed', 'cancelled', 'reversed'];
    expect(all.filter((s) => paymentView(attempt(s)).handOver)).toEqual(['succeeded']);
  });

  it('offers cancel only while the outcome is open', () => {
    expect(paymentView(attempt('awaitingCustomer')).canCancel).toBe(true);
    expect(paymentView(attempt('unknown')).canCancel).toBe(true);
    expect(paymentView(attempt('cancelling')).canCancel).toBe(false);
    expect(paymentView(attempt('succeeded')).canCancel).toBe(false);
  });

  it('counts down to the QR expiry for order codes, else to the payment expiry', () => {
    expect(paymentView(attempt('awaitingCustomer')).countdownTo).toBe(180_000);
    expect(paymentView(attempt('awaitingCustomer', { scenario: 'OrderCode', qr: { codeValue: 'x', expiresAt: 90_000 } })).countdownTo).toBe(90_000);
  });

  it('plays a sound for paid and for declined', () => {
    expect(paymentView(attempt('succeeded')).sound).toBe('paid');
    expect(paymentView(attempt('failed')).sound).toBe('declined');
  });

  it('formats countdowns', () => {
    expect(formatCountdown(125_000)).toBe('2:05');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(1)).toBe('0:01');
  });
});

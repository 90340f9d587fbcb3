import { describe, expect, it } from 'vitest';
import type { AmsOutcome, AmsTrace } from '../../../../electron/payments/ams/amsClient';
import type { InquiryPaymentResponse, PayResponse } from '../../../../electron/payments/ams/amsWire';
import { inquiryResult, payResult } from '../../../../electron/payments/ams/amsResults';
import type { AttemptEvent, AttemptState } from '../../../../electron/payments/engine/attemptState';
import { toAttemptSnapshot } from '../../../../electron/payments/engine/attemptSnapshot';
import { customerIdMaskedOf, maskCustomerId } from '../../../../electron/payments/engine/customerId';
import { createAttempt, transition } from '../../../../electron/payments/engine/transition';
import { parseAttemptState } from '../../../../electron/payments/store/attemptStateSchema';
import { buildReceipt } from '../../../../shared/domain/buildReceipt';
import { money } from '../../../../shared/domain/money';

const T0 = 1_700_000_000_000;
const AMOUNT = money(1234, 'CNY');
const trace: AmsTrace = { api: 'pay', path: '/ams/api/v1/payments/pay', requestTime: '2026-01-15T10:00:00+08:00', durationMs: 5, requestSha256: 'x' };
const ok = (result: { resultCode: string; resultStatus: 'S'; resultMessage: string } = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }) => result;
const payS = (body: Partial<PayResponse>): AmsOutcome<PayResponse> => ({ outcome: 'S', body: { result: ok(), paymentId: 'A1', ...body } as PayResponse, trace });
const inqS = (body: Partial<InquiryPaymentResponse>): AmsOutcome<InquiryPaymentResponse> => ({
  outcome: 'S', body: { result: ok(), paymentStatus: 'SUCCESS', paymentId: 'A1', ...body } as InquiryPaymentResponse, trace,
});
const fresh = (): AttemptState => createAttempt({ paymentRequestId: 'P1', saleId: 'S1', scenario: 'PaymentCode', amount: AMOUNT, at: T0, codeHash: 'h', codeTail: '1234' }).state;

describe('masking the customer id', () => {
  it('keeps at most the first 2 and last 4 characters, and never more than half of a short id', () => {
    expect(maskCustomerId('2088123456789012')).toBe('20**********9012');
    expect(maskCustomerId('ab12cd34')).toBe('ab****34');
    expect(maskCustomerId('1234')).toBe('1**4');
    expect(maskCustomerId('123')).toBe('***');
    expect(maskCustomerId('x')).toBe('*');
    expect(maskCustomerId('a'.repeat(200))).toHaveLength(40);
  });

  it("prefers Alipay's masked display id; masks a bare pspCustomerId; an unmasked-looking display id is masked too", () => {
    expect(customerIdMaskedOf({ pspName: 'ALIPAY_CN', pspCustomerId: '2088123456789012', displayCustomerId: 'ka***@163.com' })).toBe('ka***@163.com');
    expect(customerIdMaskedOf({ displayCustomerId: ' 138****1234 ' })).toBe('138****1234');
    expect(customerIdMaskedOf({ pspName: 'ALIPAY_CN', pspCustomerId: '2088123456789012' })).toBe('20**********9012');
    expect(customerIdMaskedOf({ displayCustomerId: '13812341234' })).toBe('13*******34');
    expect(customerIdMaskedOf({ displayCustomerId: '', pspCustomerId: '  ' })).toBeNull();
    expect(customerIdMaskedOf({ pspName: 'ALIPAY_CN' })).toBeNull();
    expect(customerIdMaskedOf(undefined)).toBeNull();
  });

  it('the AMS result mappers carry it, masked, from pay and inquiry answers', () => {
    const pay = payResult(payS({ pspCustomerInfo: { pspName: 'ALIPAY_CN', pspCustomerId: '2088123456789012', displayCustomerId: '138****1234' } }), T0 + 180_000);
    expect(pay).toMatchObject({ kind: 'S', customerIdMasked: '138****1234' });
    expect(JSON.stringify(pay)).not.toContain('2088123456789012');
    expect(payResult(payS({ pspCustomerInfo: { pspCustomerId: '2088123456789012' } }), T0)).toMatchObject({ customerIdMasked: '20**********9012' });
    expect(payResult(payS({}), T0)).toMatchObject({ customerIdMasked: null });
    expect(inquiryResult(inqS({ pspCustomerInfo: { displayCustomerId: 'ka***@163.com' } }))).toMatchObject({ kind: 'status', status: 'SUCCESS', customerIdMasked: 'ka***@163.com' });
    expect(inquiryResult(inqS({}))).toMatchObject({ customerIdMasked: null });
  });
});

describe('the masked customer id through the state machine', () => {
  const payEvent = (customerIdMasked?: string | null): AttemptEvent => ({
    type: 'payAnswered', at: T0 + 100, result: { kind: 'S', paymentId: 'A1', qr: null, amount: AMOUNT, ...(customerIdMasked !== undefined ? { customerIdMasked } : {}) },
  });

  it('a new attempt has none; the succeeded transition keeps what proved the payment', () => {
    expect(fresh().customerIdMasked).toBeNull();
    const paid = transition(fresh(), payEvent('138****1234')).state;
    expect(paid).toMatchObject({ status: 'succeeded', customerIdMasked: '138****1234' });
    expect(toAttemptSnapshot(paid).customerIdMasked).toBe('138****1234');

    const polled = transition(fresh(), { type: 'payAnswered', at: T0 + 100, result: { kind: 'U', reason: 'timeout', resultCode: null, sent: true } }).state;
    const viaInquiry = transition(polled, {
      type: 'inquiryAnswered', at: T0 + 3_000, result: { kind: 'status', status: 'SUCCESS', paymentId: 'A1', resultCode: null, amount: AMOUNT, customerIdMasked: 'ka***@163.com' },
    }).state;
    expect(viaInquiry).toMatchObject({ status: 'succeeded', customerIdMasked: 'ka***@163.com' });
  });

  it('a notification fills in a paid attempt whose answer named no customer, and never overwrites one', () => {
    const notified = (customerIdMasked: string | null): AttemptEvent => ({
      type: 'notified', at: T0 + 500, status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS', customerIdMasked,
    });
    const bare = transition(fresh(), payEvent()).state;
    expect(bare).toMatchObject({ status: 'succeeded', customerIdMasked: null });
    const filled = transition(bare, notified('138****1234'));
    expect(filled.state).toMatchObject({ status: 'succeeded', customerIdMasked: '138****1234', updatedAt: T0 + 500 });
    expect(filled.commands).toEqual([]);
    const kept = transition(filled.state, notified('ka***@163.com'));
    expect(kept.state).toBe(filled.state);
    expect(transition(bare, notified(null)).state).toBe(bare);
  });

  it('survives a void that ends in a failed reversal (the attempt is a payment again)', () => {
    const paid = transition(fresh(), payEvent('138****1234')).state;
    const voiding = transition(paid, { type: 'cancelRequested', at: T0 + 1_000, reason: 'void' }).state;
    const reversing = transition(voiding, { type: 'cancelAnswered', at: T0 + 2_000, result: { kind: 'F', resultCode: 'CANCEL_WINDOW_EXCEED', resultMessage: 'x' }, reversalRefundRequestId: 'R1' }).state;
    const back = transition(reversing, { type: 'reversalAnswered', at: T0 + 3_000, result: { kind: 'F', resultCode: 'REFUND_WINDOW_EXCEED', resultMessage: 'x' } }).state;
    expect(back).toMatchObject({ status: 'succeeded', customerIdMasked: '138****1234' });
  });

  it('a state persisted before the field existed reads back with null', () => {
    const paid = transition(fresh(), payEvent('138****1234')).state;
    const { customerIdMasked: _dropped, ...old } = paid;
    expect(parseAttemptState(JSON.stringify(old))).toEqual({ ...paid, customerIdMasked: null });
    expect(parseAttemptState(JSON.stringify(paid))).toEqual(paid);
  });

  it('the receipt prints it, and falls back to the code tail only when there is none', () => {
    const sale = { saleId: 'S1', status: 'paid' as const, amount: AMOUNT, description: null, createdAt: T0, updatedAt: T0, attempts: [], active: null, paid: null, refunds: [], tenders: [], takenMinor: 0, dueMinor: 0, cashRefunds: [] };
    const store = { name: 'Shop', lines: [] };
    const withId = toAttemptSnapshot(transition(fresh(), payEvent('138****1234')).state);
    expect(buildReceipt(sale, withId, store, { utcOffsetMinutes: 480 }).payment!.customerIdMasked).toBe('138****1234');
    const without = toAttemptSnapshot(transition(fresh(), payEvent()).state);
    expect(buildReceipt(sale, without, store, { utcOffsetMinutes: 480 }).payment!.customerIdMasked).toBe('****1234');
    expect(buildReceipt(sale, { ...without, codeTail: null }, store, { utcOffsetMinutes: 480 }).payment!.customerIdMasked).toBeNull();
  });
});

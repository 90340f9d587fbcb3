import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { customerView, RESULT_SHOW_MS } from '../../../renderer/customer/customerView';

const attempt = (status: AttemptSnapshot['status'], extra: Partial<AttemptSnapshot> = {}): AttemptSnapshot => ({
  paymentRequestId: 'P1', saleId: 'S1', scenario: 'PaymentCode', status, final: ['succeeded', 'failed', 'cancelled', 'reversed'].includes(status), doNotHandOver: true,
  amount: { minor: 100, currency: 'CNY' }, createdAt: 0, updatedAt: 1_000, expiresAt: 181_000, codeTail: null, customerIdMasked: null, paymentId: null, paidAt: null,
  resultCode: null, message: null, qr: null, cancelReason: null, flags: [], refundedMinor: 0, refundableMinor: 0, ...extra,
});
const sale = (status: SaleSnapshot['status'], a: AttemptSnapshot | null): SaleSnapshot => ({
  saleId: 'S1', status, amount: { minor: 100, currency: 'CNY' }, description: null, createdAt: 0, updatedAt: 0,
  attempts: a ? [a] : [], active: a && !a.final ? a : null, paid: a?.status === 'succeeded' ? a : null, refunds: [], tenders: [], takenMinor: 0, dueMinor: 100, cashRefunds: [],
});

describe('customerView', () => {
  it('a sale settled in cash shows the change for a while, then idle (issue 14)', () => {
    const cash = { kind: 'cash' as const, tenderId: 'T1', amount: { minor: 100, currency: 'CNY' as const }, tenderedMinor: 500, changeMinor: 400, roundingMinor: 0, at: 0 };
    const paid: SaleSnapshot = { ...sale('paid', null), tenders: [cash], takenMinor: 100, dueMinor: 0 };
    expect(customerView(paid, 1_000, () => 0)).toMatchObject({ kind: 'change', changeMinor: 400 });
    expect(customerView(paid, RESULT_SHOW_MS + 1, () => 0).kind).toBe('idle');
    // A cash part of a split is not the end: the rest is still due.
    const part: SaleSnapshot = { ...sale('open', null), tenders: [{ ...cash, tenderedMinor: 40, changeMinor: 0, amount: { minor: 40, currency: 'CNY' } }], takenMinor: 40, dueMinor: 60 };
    expect(customerView(part, 1_000, () => 0).kind).toBe('amountDue');
  });

  it('idle with no sale, amount due with an open sale', () => {
    expect(customerView(null, 0, () => 0).kind).toBe('idle');
    expect(customerView(sale('open', null), 0, () => 1_000).kind).toBe('amountDue');
    expect(customerView(sale('voided', null), 0, () => 1_000).kind).toBe('idle');
  });

  it('shows the order QR with its own expiry, or asks to confirm in the app', () => {
    const qr = attempt('awaitingCustomer', { scenario: 'OrderCode', qr: { codeValue: 'https://qr.example/x', expiresAt: 90_000 } });
    expect(customerView(sale('paying', qr), 2_000, () => 1_000)).toMatchObject({ kind: 'scanQr', codeValue: 'https://qr.example/x', expiresAt: 90_000 });
    expect(customerView(sale('paying', attempt('awaitingCustomer')), 2_000, () => 1_000)).toMatchObject({ kind: 'confirm', expiresAt: 181_000 });
    expect(customerView(sale('paying', attempt('unknown')), 2_000, () => 1_000).kind).toBe('processing');
  });

  it('shows a result for a while, then moves on', () => {
    const paid = attempt('succeeded');
    expect(customerView(sale('paid', paid), 2_000, () => 1_000).kind).toBe('paid');
    expect(customerView(sale('paid', paid), 1_000 + RESULT_SHOW_MS + 1, () => 1_000).kind).toBe('idle');
    const declined = attempt('failed');
    expect(customerView(sale('open', declined), 2_000, () => 1_000).kind).toBe('declined');
    expect(customerView(sale('open', declined), 1_000 + RESULT_SHOW_MS + 1, () => 1_000).kind).toBe('amountDue');
  });
});

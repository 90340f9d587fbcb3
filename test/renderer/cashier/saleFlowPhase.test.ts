import { describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import { salePhase } from '../../../renderer/cashier/saleFlowPhase';

const attempt = (id: string, status: AttemptSnapshot['status'], final: boolean): AttemptSnapshot => ({
  paymentRequestId: id, saleId: 'S1', scenario: 'PaymentCode', status, final, doNotHandOver: !final, amount: { minor: 100, currency: 'CNY' },
  createdAt: 0, updatedAt: 0, expiresAt: 1, codeTail: null, customerIdMasked: null, paymentId: null, paidAt: null, resultCode: null, message: null, qr: null,
  cancelReason: null, flags: [], refundedMinor: 0, refundableMinor: 0,
});
const sale = (status: SaleSnapshot['status'], attempts: AttemptSnapshot[], active: AttemptSnapshot | null = null): SaleSnapshot => ({
  saleId: 'S1', status, amount: { minor: 100, currency: 'CNY' }, description: null, createdAt: 0, updatedAt: 0, attempts, active,
  paid: attempts.find((a) => a.status === 'succeeded') ?? null, refunds: [], tenders: [], takenMinor: 0, dueMinor: 100, cashRefunds: [],
});

describe('salePhase', () => {
  it('walks entry → tender → paying → result → next', () => {
    expect(salePhase(null, new Set()).kind).toBe('entry');
    expect(salePhase(sale('open', []), new Set()).kind).toBe('tender');
    const live = attempt('P1', 'awaitingCustomer', false);
    expect(salePhase(sale('paying', [live], live), new Set())).toMatchObject({ kind: 'paying', attempt: { paymentRequestId: 'P1' } });
    const paid = attempt('P1', 'succeeded', true);
    expect(salePhase(sale('paid', [paid]), new Set())).toMatchObject({ kind: 'result' });
    expect(salePhase(sale('paid', [paid]), new Set(['P1'])).kind).toBe('entry');
  });

  it('after a dismissed decline the same sale waits for another code', () => {
    const declined = attempt('P1', 'failed', true);
    expect(salePhase(sale('open', [declined]), new Set()).kind).toBe('result');
    expect(salePhase(sale('open', [declined]), new Set(['P1'])).kind).toBe('tender');
  });

  it('a live attempt always wins, even after a reload with nothing dismissed', () => {
    const old = attempt('P1', 'failed', true);
    const live = attempt('P2', 'unknown', false);
    expect(salePhase(sale('paying', [live, old], live), new Set()).kind).toBe('paying');
  });
});

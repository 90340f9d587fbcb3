import { describe, expect, it } from 'vitest';
import { createPaymentEvents } from '../../../electron/payments/paymentEvents';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';
import type { SaleSnapshot } from '../../../shared/domain/payment';

const sale = { saleId: 'S1', status: 'open' } as unknown as SaleSnapshot;

describe('payment events (the bus for business reactions)', () => {
  it('delivers to every listener in order; one that throws is logged and the rest still hear it', () => {
    const logged: Array<{ obj: object; msg?: string }> = [];
    const bus = createPaymentEvents({ error: (obj, msg) => logged.push({ obj, ...(msg ? { msg } : {}) }) });
    const heard: string[] = [];
    bus.on('saleChanged', () => heard.push('first'));
    bus.on('saleChanged', () => {
      throw new Error('printer gone');
    });
    bus.on('saleChanged', (p) => heard.push(`third:${p.sale.saleId}`));
    bus.emit('saleChanged', { sale, attempt: null });
    expect(heard).toEqual(['first', 'third:S1']);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.obj).toMatchObject({ event: 'saleChanged' });
  });

  it('onSale hears attempt, refund and sale changes as the plain {sale, attempt} a window gets; unsubscribe stops it', () => {
    const bus = createPaymentEvents();
    const heard: unknown[] = [];
    const off = bus.onSale((p) => heard.push(p));
    bus.emit('saleChanged', { sale, attempt: null });
    bus.emit('refundChanged', { sale, attempt: null, refund: null });
    bus.emit('queueChanged', { network: 'online', pending: 0, running: 0, dead: 0, jobs: [] });
    expect(heard).toEqual([{ sale, attempt: null }, { sale, attempt: null }]);
    off();
    bus.emit('saleChanged', { sale, attempt: null });
    expect(heard).toHaveLength(2);
  });

  it('payment ids of one kind are refused where another is expected (compile time)', () => {
    const takesAttempt = (id: PaymentRequestId): string => id;
    const saleId: SaleId = 'S1';
    // @ts-expect-error a SaleId is not a PaymentRequestId
    expect(takesAttempt(saleId)).toBe('S1');
    expect(takesAttempt('P1')).toBe('P1');
  });
});

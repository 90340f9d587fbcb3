/**
 * Sales use cases (DESIGN §5.1 step 1): open a sale, read it and the history, change its amount
 * (voiding a shown QR first), void it, and re-derive it after a cash tender was recorded beside it.
 */
import type { Clock } from '../../shared/domain/clock';
import { newSaleId } from '../../shared/domain/ids';
import type { Money } from '../../shared/domain/money';
import type { SaleSnapshot } from '../../shared/domain/payment';
import { PosError } from '../../shared/errors/posError';
import type { SaleSearchFilter } from '../journal/repos/salesRepo';
import type { EffectRunner } from './engine/effectRunner';
import type { PaymentEvents } from './paymentEvents';
import type { PaymentStore } from './store/paymentStore';
import type { SaleId } from '../../shared/domain/ids';

export interface SalesDeps {
  readonly clock: Clock;
  readonly store: PaymentStore;
  readonly runner: Pick<EffectRunner, 'requestCancel'>;
  readonly events: PaymentEvents;
  /** Throws when no new sale, payment or refund may be taken (the journal was lost under the station). */
  moneyGate?(): void;
}

export interface SalePage {
  readonly sales: SaleSnapshot[];
  readonly nextCursor: string | null;
}

export type Sales = ReturnType<typeof createSales>;

export function createSales(d: SalesDeps) {
  const { clock, store, events } = d;

  function getSale(saleId: SaleId): SaleSnapshot {
    const s = store.saleSnapshot(saleId);
    if (!s) throw new PosError('NOT_FOUND', `no sale ${saleId}`);
    return s;
  }

  function changed(saleId: SaleId): SaleSnapshot {
    const sale = getSale(saleId);
    events.emit('saleChanged', { sale, attempt: null });
    return sale;
  }

  return {
    getSale,
    /** The sale as it is now, told to everyone listening (a refund or tender changed it). */
    changed,

    createSale(amount: Money, description: string | null = null): SaleSnapshot {
      d.moneyGate?.();
      const id = newSaleId(clock.now());
      store.createSale(id, amount, description, clock.now());
      return changed(id);
    },

    /** Re-derives the sale's status (a tender was recorded beside the engine) and tells the windows. */
    tendersChanged(saleId: SaleId): SaleSnapshot {
      store.syncSale(saleId);
      return changed(saleId);
    },

    listSales(limit: number): SaleSnapshot[] {
      return store.recentSaleIds(limit).map((id) => getSale(id));
    },

    searchSales(filter: SaleSearchFilter): SalePage {
      const page = store.searchSales(filter);
      return { sales: page.ids.map((id) => getSale(id)), nextCursor: page.nextCursor };
    },

    /** The amount changes: a shown QR is voided first (cancel), a running user-presented payment refuses. */
    setSaleAmount(saleId: SaleId, amount: Money): Promise<SaleSnapshot> | SaleSnapshot {
      const sale = getSale(saleId);
      if (sale.paid || sale.status === 'voided') throw new PosError('INVALID_STATE', `the sale is ${sale.status}`);
      if (sale.takenMinor > 0) throw new PosError('INVALID_STATE', 'part of this sale is already paid: its amount cannot change');
      if (sale.active && sale.active.scenario === 'PaymentCode') throw new PosError('INVALID_STATE', 'a payment is in progress: cancel it before changing the amount');
      store.setSaleAmount(saleId, amount, clock.now());
      if (sale.active) {
        return d.runner.requestCancel(sale.active.paymentRequestId, 'amountChanged').then(() => changed(saleId));
      }
      return changed(saleId);
    },

    voidSale(saleId: SaleId): SaleSnapshot {
      const sale = getSale(saleId);
      if (sale.paid) throw new PosError('INVALID_STATE', 'the sale is paid: void the payment (supervisor) instead');
      if (sale.active) throw new PosError('INVALID_STATE', 'a payment is still in progress: cancel it first');
      if (sale.takenMinor > 0) throw new PosError('INVALID_STATE', 'part of this sale is paid: void or refund the parts taken first', { details: { takenMinor: sale.takenMinor } });
      store.setSaleStatus(saleId, 'voided', clock.now());
      return changed(saleId);
    },
  };
}

import { buildReceipt, buildTenderReceipt, isTenderSale, utcOffsetMinutes } from '../../shared/domain/buildReceipt';
import type { StationContext } from './stationContext';

/**
 * Prints the receipt when a payment succeeds, whatever the scenario. The print queue keys jobs by
 * `receipt:<paymentRequestId>`, so the repeated success events a sale produces (and a restart in the
 * middle) still make exactly one original receipt; reprints are marked DUPLICATE by the queue.
 */
export function startReceiptPrinting(ctx: StationContext): () => void {
  return ctx.events.subscribe((event) => {
    if (event.name !== 'payment:stateChanged') return;
    const { sale, attempt } = event.payload;
    if (!ctx.devices) return;
    if (isTenderSale(sale)) {
      // Cash or split (issue 14): one receipt for the whole sale once its tenders cover it, keyed by the sale.
      if (sale.dueMinor > 0 || sale.status !== 'paid') return;
      try {
        const receipt = buildTenderReceipt(sale, { name: ctx.config.store.name, lines: [ctx.config.store.merchantName] }, { utcOffsetMinutes: utcOffsetMinutes(ctx.config.reports.timeZone, sale.updatedAt) });
        ctx.devices.printReceipt(receipt, { key: `receipt:sale:${sale.saleId}`, reference: sale.saleId });
      } catch (e) {
        ctx.log.error({ err: e, saleId: sale.saleId }, 'receipt could not be queued');
      }
      return;
    }
    if (!attempt || attempt.status !== 'succeeded') return;
    try {
      const receipt = buildReceipt(sale, attempt, { name: ctx.config.store.name, lines: [ctx.config.store.merchantName] }, { utcOffsetMinutes: utcOffsetMinutes(ctx.config.reports.timeZone, attempt.paidAt ?? ctx.clock.now()) });
      ctx.devices.printReceipt(receipt, { key: `receipt:${attempt.paymentRequestId}`, reference: attempt.paymentRequestId });
    } catch (e) {
      // The money is taken either way; a receipt that cannot be queued is logged and can be reprinted.
      ctx.log.error({ err: e, paymentRequestId: attempt.paymentRequestId }, 'receipt could not be queued');
    }
  });
}

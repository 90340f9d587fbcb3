import type { CallContext, HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import type { PaymentsService } from '../paymentsService';
import { searchSaleIds } from '../../payments/store/saleSearch';

export function paymentsOf(ctx: StationContext): PaymentsService {
  if (!ctx.payments) throw new PosError('NOT_READY', 'payments are not available in setup mode');
  return ctx.payments;
}

/** The audit's actor for a command: the signed-in account (the window only for account-less calls). */
export function actorOf(call: CallContext): string {
  return call.account ? `account:${call.account.accountId}` : call.window;
}

export function saleHandlers(ctx: StationContext): HandlerGroup {
  return {
    'sale:create': ({ amountMinor, currency, description }, call) => {
      const p = paymentsOf(ctx);
      ctx.till?.service.assertNoTillSaleOpen();
      // A counter sale belongs to the terminal's open shift (SHIFT_NOT_OPEN; DEMO opens one itself).
      ctx.shifts?.requireForSale(call.account?.accountId);
      const sale = p.requireRuntime().createSale(money(amountMinor, currency ?? ctx.config.currency), description ?? null);
      p.currentSaleId = sale.saleId;
      p.shownSaleId = sale.saleId;
      return sale;
    },
    'sale:createWithCode': ({ amountMinor, currency, code }, call) => {
      const p = paymentsOf(ctx);
      ctx.till?.service.assertNoTillSaleOpen();
      ctx.shifts?.requireForSale(call.account?.accountId); // like sale:create: the payment belongs to the open shift
      const rt = p.requireRuntime();
      // The cashier's screen showed the keypad: a sale open here anyway (another window, a till) is
      // not this one, and the code must not be spent on an amount the cashier did not key.
      if (p.currentSaleId) {
        const open = rt.getSale(p.currentSaleId);
        if (open.status === 'open' || open.status === 'paying') throw new PosError('INVALID_STATE', 'a sale is already open at the counter: take the code there');
      }
      // One synchronous step: nothing can change the amount between the sale and its payment, and
      // the customer display's next snapshot already carries the amount being charged.
      const sale = rt.createSale(money(amountMinor, currency ?? ctx.config.currency), null);
      const before = { current: p.currentSaleId, shown: p.shownSaleId };
      p.currentSaleId = sale.saleId;
      p.shownSaleId = sale.saleId;
      try {
        rt.startWithCode(sale.saleId, code);
      } catch (e) {
        // Refused before anything was sent (not an Alipay code, a replay, offline): no sale stays open.
        rt.voidSale(sale.saleId);
        p.currentSaleId = before.current;
        p.shownSaleId = before.shown;
        throw e;
      }
      return rt.getSale(sale.saleId);
    },
    'sale:get': ({ saleId }) => paymentsOf(ctx).requireRuntime().getSale(saleId),
    'sale:list': ({ limit }) => paymentsOf(ctx).requireRuntime().listSales(limit),
    'sale:current': () => {
      const p = paymentsOf(ctx);
      const id = p.currentSaleId ?? p.shownSaleId;
      return id ? p.requireRuntime().getSale(id) : null;
    },
    'sale:dismiss': ({ saleId }) => {
      const p = paymentsOf(ctx);
      if (p.shownSaleId === saleId && p.currentSaleId !== saleId) p.shownSaleId = null;
      return null;
    },
    'sale:setAmount': async ({ saleId, amountMinor }) => {
      const rt = paymentsOf(ctx).requireRuntime();
      return rt.setSaleAmount(saleId, money(amountMinor, rt.getSale(saleId).amount.currency));
    },
    'sale:search': (filter) => {
      const rt = paymentsOf(ctx).requireRuntime();
      const page = searchSaleIds(rt.store.db, filter);
      return { sales: page.ids.map((id) => rt.getSale(id)), nextCursor: page.nextCursor };
    },
    'sale:void': ({ saleId }) => {
      const p = paymentsOf(ctx);
      const sale = p.requireRuntime().voidSale(saleId);
      if (p.currentSaleId === saleId) p.currentSaleId = null;
      if (p.shownSaleId === saleId) p.shownSaleId = null;
      return sale;
    },
  };
}

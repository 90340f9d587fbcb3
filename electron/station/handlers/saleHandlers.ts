import type { CallContext, HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { money } from '../../../shared/domain/money';
import { PosError } from '../../../shared/errors/posError';
import { requirePayments } from '../paymentsService';

/** The audit's actor for a command: the signed-in account (the window only for account-less calls). */
export function actorOf(call: CallContext): string {
  return call.account ? `account:${call.account.accountId}` : call.window;
}

export function saleHandlers(ctx: StationContext): HandlerGroup {
  // Resolved per call: setup mode has no payments, and a restart after an internal error starts new ones.
  const sales = () => requirePayments(ctx).sales();
  return {
    'sale:create': ({ amountMinor, currency, description }, call) => {
      const p = requirePayments(ctx);
      ctx.till?.service.assertNoTillSaleOpen();
      // A counter sale belongs to the terminal's open shift (SHIFT_NOT_OPEN; DEMO opens one itself).
      ctx.shifts?.requireForSale(call.account?.accountId);
      const sale = p.sales().createSale(money(amountMinor, currency ?? ctx.config.currency), description ?? null);
      p.currentSaleId = sale.saleId;
      p.shownSaleId = sale.saleId;
      return sale;
    },
    'sale:createWithCode': ({ amountMinor, currency, code }, call) => {
      const p = requirePayments(ctx);
      ctx.till?.service.assertNoTillSaleOpen();
      ctx.shifts?.requireForSale(call.account?.accountId); // like sale:create: the payment belongs to the open shift
      const s = p.sales();
      const checkout = p.checkout();
      // The cashier's screen showed the keypad: a sale open here anyway (another window, a till) is
      // not this one, and the code must not be spent on an amount the cashier did not key.
      if (p.currentSaleId) {
        const open = s.getSale(p.currentSaleId);
        if (open.status === 'open' || open.status === 'paying') throw new PosError('INVALID_STATE', 'a sale is already open at the counter: take the code there');
      }
      // One synchronous step: nothing can change the amount between the sale and its payment, and
      // the customer display's next snapshot already carries the amount being charged.
      const sale = s.createSale(money(amountMinor, currency ?? ctx.config.currency), null);
      const before = { current: p.currentSaleId, shown: p.shownSaleId };
      p.currentSaleId = sale.saleId;
      p.shownSaleId = sale.saleId;
      try {
        checkout.startWithCode(sale.saleId, code);
      } catch (e) {
        // Refused before anything was sent (not an Alipay code, a replay, offline): no sale stays open.
        s.voidSale(sale.saleId);
        p.currentSaleId = before.current;
        p.shownSaleId = before.shown;
        throw e;
      }
      return s.getSale(sale.saleId);
    },
    'sale:get': ({ saleId }) => sales().getSale(saleId),
    'sale:list': ({ limit }) => sales().listSales(limit),
    'sale:current': () => {
      const p = requirePayments(ctx);
      const id = p.currentSaleId ?? p.shownSaleId;
      return id ? p.sales().getSale(id) : null;
    },
    'sale:dismiss': ({ saleId }) => {
      const p = requirePayments(ctx);
      if (p.shownSaleId === saleId && p.currentSaleId !== saleId) p.shownSaleId = null;
      return null;
    },
    'sale:setAmount': async ({ saleId, amountMinor }) => {
      const s = sales();
      return s.setSaleAmount(saleId, money(amountMinor, s.getSale(saleId).amount.currency));
    },
    'sale:search': (filter) => sales().searchSales(filter),
    'sale:void': ({ saleId }) => {
      const p = requirePayments(ctx);
      const sale = p.sales().voidSale(saleId);
      if (p.currentSaleId === saleId) p.currentSaleId = null;
      if (p.shownSaleId === saleId) p.shownSaleId = null;
      return sale;
    },
  };
}

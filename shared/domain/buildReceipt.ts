import type { AttemptSnapshot, SaleSnapshot } from './payment';
import type { Receipt, ReceiptTender } from './receipt';
import { money } from './money';

export interface ReceiptStore {
  readonly name: string;
  /** Address, phone, tax id: printed under the name as given. */
  readonly lines: readonly string[];
}

/**
 * The receipt for a paid attempt, built the same way for the printer (station) and the on-screen
 * preview (renderer), so what the cashier sees is what the customer gets.
 */
export function buildReceipt(sale: SaleSnapshot, attempt: AttemptSnapshot, store: ReceiptStore, opts: { utcOffsetMinutes: number; copy?: 'original' | 'duplicate'; cashier?: string | null }): Receipt {
  const amount = attempt.amount;
  return {
    store: { name: store.name, lines: store.lines },
    title: '销售小票 Sales receipt',
    saleId: sale.saleId,
    cashier: opts.cashier ?? null,
    items: [{ name: sale.description && sale.description.trim() !== '' ? sale.description : '商品 Goods', quantity: 1, unitPrice: amount, amount }],
    totals: { subtotal: amount, discount: null, total: amount },
    payment: {
      scenario: attempt.scenario,
      method: attempt.acquirer === 'alipay-cn' ? '支付宝当面付 Alipay F2F' : '支付宝 Alipay',
      paymentId: attempt.paymentId,
      paymentRequestId: attempt.paymentRequestId,
      // Alipay's masked payer id when it named one; the code's last 4 only as a fallback (older payments).
      customerIdMasked: attempt.customerIdMasked ?? (attempt.codeTail ? `****${attempt.codeTail}` : null),
      ...(attempt.acquirer === 'alipay-cn' ? { acquirer: 'alipay-cn' as const } : {}),
    },
    at: attempt.paidAt ?? attempt.updatedAt,
    utcOffsetMinutes: opts.utcOffsetMinutes,
    footer: ['谢谢惠顾 Thank you', '请保留小票 Please keep this receipt'],
    copy: opts.copy ?? 'original',
  };
}

/** Offset of an IANA zone from UTC at an instant, in minutes (Asia/Shanghai → 480). */
export function utcOffsetMinutes(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
}

/** Cash and split sales print one receipt listing every tender (and the change), not one per Alipay part. */
export function isTenderSale(sale: SaleSnapshot): boolean {
  return sale.tenders.length > 1 || sale.tenders.some((t) => t.kind === 'cash');
}

/** The receipt of a cash or split sale, once its tenders cover it. */
export function buildTenderReceipt(sale: SaleSnapshot, store: ReceiptStore, opts: { utcOffsetMinutes: number; copy?: 'original' | 'duplicate'; cashier?: string | null }): Receipt {
  const tenders: ReceiptTender[] = sale.tenders.map((t) =>
    t.kind === 'cash'
      ? { method: '现金 Cash', amount: t.amount, reference: null }
      : { method: `支付宝 Alipay${t.codeTail ? ` ****${t.codeTail}` : ''}`, amount: t.amount, reference: t.paymentRequestId });
  const lastCash = [...sale.tenders].reverse().find((t) => t.kind === 'cash');
  const last = sale.tenders[sale.tenders.length - 1];
  return {
    store: { name: store.name, lines: store.lines },
    title: '销售小票 Sales receipt',
    saleId: sale.saleId,
    cashier: opts.cashier ?? null,
    items: [{ name: sale.description && sale.description.trim() !== '' ? sale.description : '商品 Goods', quantity: 1, unitPrice: sale.amount, amount: sale.amount }],
    totals: { subtotal: sale.amount, discount: null, total: sale.amount },
    payment: null,
    tenders,
    change: lastCash && lastCash.kind === 'cash' ? { tendered: money(lastCash.tenderedMinor, sale.amount.currency), change: money(lastCash.changeMinor, sale.amount.currency, { allowZero: true }) } : null,
    at: last?.at ?? sale.updatedAt,
    utcOffsetMinutes: opts.utcOffsetMinutes,
    footer: ['谢谢惠顾 Thank you', '请保留小票 Please keep this receipt'],
    copy: opts.copy ?? 'original',
  };
}

/**
 * Validates a print document loaded from the queue or received over the bridge: a job written by
 * an older version, or a hand-edited row, must fail here with a reason, not halfway through a
 * printout.
 */
import { z } from 'zod';

const money = z.object({ minor: z.number().int().safe(), currency: z.string().length(3) }).strict();
const copy = z.enum(['original', 'duplicate']);
const line = z.string().max(500);

export const receiptSchema = z
  .object({
    store: z.object({ name: line, lines: z.array(line).max(10) }).strict(),
    title: line,
    saleId: line,
    cashier: line.nullable(),
    items: z.array(z.object({ name: line, quantity: z.number().positive(), unitPrice: money, amount: money }).strict()).max(500),
    totals: z.object({ subtotal: money, discount: money.nullable(), total: money }).strict(),
    payment: z
      .object({
        scenario: z.enum(['PaymentCode', 'OrderCode', 'EntryCode']),
        method: line,
        paymentId: line.nullable(),
        paymentRequestId: line,
        customerIdMasked: line.nullable(),
        // 当面付 receipts name their acquirer (trade_no / out_trade_no); AMS ones leave it out.
        acquirer: z.enum(['ams', 'alipay-cn']).optional(),
      })
      .strict()
      .nullable(),
    // Cash and split sales (issue 14).
    tenders: z.array(z.object({ method: line, amount: money, reference: line.nullable() }).strict()).max(50).optional(),
    change: z.object({ tendered: money, change: money }).strict().nullable().optional(),
    at: z.number().int(),
    utcOffsetMinutes: z.number().int().min(-720).max(840),
    footer: z.array(line).max(10),
    copy,
  })
  .strict();

export const textDocumentSchema = z.object({ title: line, lines: z.array(line).max(2000), copy }).strict();

export const printDocumentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('receipt'), receipt: receiptSchema }).strict(),
  z.object({ type: z.literal('text'), text: textDocumentSchema }).strict(),
]);

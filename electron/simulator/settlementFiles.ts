import { businessDayOf } from './businessDay';
import { formatAmsTime } from '../payments/ams/amsTime';
import type { SimStore } from './simStore';

/**
 * Alipay's reconciliation files for one business day (AMS.md §8): CSV, UTF-8, header row, last
 * line `<END>`. Fees are a flat simulated rate so settlement ≠ transaction amount, as in real files.
 */
export const TRANSACTION_ITEM_COLUMNS = [
  'customerId', 'referenceMerchantId', 'referenceStoreId', 'transactionId', 'originalTransactionId', 'transactionRequestId',
  'referenceTransactionId', 'orderDescription', 'paymentMethodType', 'pspName', 'transactionType', 'paymentTime', 'productCode',
  'transactionAmountValue', 'transactionCurrency',
] as const;

export const SETTLEMENT_ITEM_COLUMNS = [
  'settlementBatchId', 'customerId', 'referenceMerchantId', 'transactionId', 'originalTransactionId', 'transactionRequestId', 'transactionType',
  'paymentTime', 'transactionAmountValue', 'transactionCurrency', 'settlementAmountValue', 'settlementCurrency', 'feeAmountValue', 'feeCurrency',
] as const;

/**
 * The current summary layout (Alipay's report field summary): one row per summaryType of the batch
 * (PAYMENT, REFUND, CANCEL …) and a TOTAL row, with `count` and settlement/fee amounts — the gross
 * `transactionAmountValue` is no longer in the summary (removed in 2021, AMS.md §10).
 */
export const SETTLEMENT_SUMMARY_COLUMNS = [
  'settlementBatchId', 'customerId', 'acquirer', 'summaryType', 'count', 'settlementTime', 'settlementAmountValue', 'settlementCurrency',
  'feeAmountValue', 'feeCurrency', 'taxFeeAmountValue', 'taxFeeCurrency',
] as const;

/** 0.6 % in basis points; integer arithmetic only, rounded half up per item. */
export const SIM_FEE_BPS = 60;
const PSP_NAME = 'ALIPAY_CN';

export interface SettlementFile {
  /** Path as Alipay's SFTP drop would have it. */
  readonly path: string;
  readonly csv: string;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return [header.join(','), ...rows.map((r) => r.map(csvCell).join(',')), '<END>'].join('\n') + '\n';
}

interface Txn {
  referenceMerchantId: string; referenceStoreId: string; transactionId: string; originalTransactionId: string; transactionRequestId: string;
  referenceTransactionId: string; orderDescription: string; transactionType: 'PAYMENT' | 'REFUND' | 'CANCEL'; time: number; minor: number; currency: string;
}

/** Every money movement of day `day` (YYYYMMDD, Beijing): payments, refunds (negative) and cancels of paid payments (negative). */
export function transactionsOfDay(store: SimStore, day: string): Txn[] {
  const out: Txn[] = [];
  for (const p of store.payments.values()) {
    const base = { referenceMerchantId: p.referenceMerchantId, referenceStoreId: p.referenceStoreId, referenceTransactionId: p.paymentRequestId, orderDescription: p.orderDescription, currency: p.amount.currency };
    if (p.paidAt !== undefined && p.businessDay === day) {
      out.push({ ...base, transactionId: p.paymentId, originalTransactionId: '', transactionRequestId: p.paymentRequestId, transactionType: 'PAYMENT', time: p.paidAt, minor: Number(p.amount.value) });
    }
    if (p.cancelledAt !== undefined && p.paidAt !== undefined && businessDayOf(p.cancelledAt) === day) {
      out.push({ ...base, transactionId: `${p.paymentId}C`, originalTransactionId: p.paymentId, transactionRequestId: p.paymentRequestId, transactionType: 'CANCEL', time: p.cancelledAt, minor: -Number(p.amount.value) });
    }
  }
  for (const r of store.refunds.values()) {
    if (r.status !== 'SUCCESS' || r.businessDay !== day) continue;
    const p = store.payments.get(r.paymentId);
    out.push({
      referenceMerchantId: p?.referenceMerchantId ?? '', referenceStoreId: p?.referenceStoreId ?? '', transactionId: r.refundId, originalTransactionId: r.paymentId,
      transactionRequestId: r.refundRequestId, referenceTransactionId: r.refundRequestId, orderDescription: p?.orderDescription ?? '', transactionType: 'REFUND',
      time: r.createdAt, minor: -Number(r.amount.value), currency: r.amount.currency,
    });
  }
  return out.sort((a, b) => a.time - b.time || a.transactionId.localeCompare(b.transactionId));
}

export function transactionItemsFile(store: SimStore, customerId: string, day: string, seq = '000'): SettlementFile {
  const rows = transactionsOfDay(store, day).map((t) => [
    customerId, t.referenceMerchantId, t.referenceStoreId, t.transactionId, t.originalTransactionId, t.transactionRequestId, t.referenceTransactionId,
    t.orderDescription, 'CONNECT_WALLET', PSP_NAME, t.transactionType, formatAmsTime(t.time), 'IN_STORE_PAYMENT', t.minor, t.currency,
  ]);
  return { path: `/v1/settlements/${customerId}/${day}/transactionItems_${day}_${seq}.csv`, csv: toCsv(TRANSACTION_ITEM_COLUMNS, rows) };
}

const fee = (minor: number): number => Math.sign(minor) * Math.floor((Math.abs(minor) * SIM_FEE_BPS + 5_000) / 10_000);

/** `currencyWhenEmpty`: the summary of a day without transactions still comes, in the contract's currency. */
export function settlementFiles(store: SimStore, customerId: string, day: string, seq = '000', currencyWhenEmpty = 'CNY'): SettlementFile[] {
  const byCurrency = new Map<string, Txn[]>();
  for (const t of transactionsOfDay(store, day)) byCurrency.set(t.currency, [...(byCurrency.get(t.currency) ?? []), t]);
  const files: SettlementFile[] = [];
  for (const [currency, txns] of [...byCurrency.entries()].sort()) {
    const batchId = `${day}${currency}`;
    const rows = txns.map((t) => {
      const f = fee(t.minor);
      return [batchId, customerId, t.referenceMerchantId, t.transactionId, t.originalTransactionId, t.transactionRequestId, t.transactionType,
        formatAmsTime(t.time), t.minor, currency, t.minor - f, currency, f, currency];
    });
    files.push({ path: `/v1/settlements/${customerId}/${day}/settlementItems_${PSP_NAME}_${currency}_${batchId}_${seq}.csv`, csv: toCsv(SETTLEMENT_ITEM_COLUMNS, rows) });
  }
  // One summary per batch (currency), also when the day had nothing (AMS.md §8): then a TOTAL of zero.
  const settledAt = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T23:59:59+08:00`;
  const batches = byCurrency.size > 0 ? [...byCurrency.entries()].sort() : [[currencyWhenEmpty, []] as [string, Txn[]]];
  for (const [currency, txns] of batches) {
    const batchId = `${day}${currency}`;
    const row = (type: string, ts: readonly Txn[]): Array<string | number> => {
      const amount = ts.reduce((s, t) => s + t.minor, 0);
      const fees = ts.reduce((s, t) => s + fee(t.minor), 0);
      return [batchId, customerId, PSP_NAME, type, ts.length, settledAt, amount - fees, currency, fees, currency, 0, currency];
    };
    const rows = (['PAYMENT', 'REFUND', 'CANCEL'] as const).map((type) => txns.filter((t) => t.transactionType === type)).filter((ts) => ts.length > 0).map((ts) => row(ts[0]!.transactionType, ts));
    rows.push(row('TOTAL', txns));
    files.push({ path: `/v1/settlements/${customerId}/${day}/settlementSummary_${PSP_NAME}_${currency}_${batchId}_${seq}.csv`, csv: toCsv(SETTLEMENT_SUMMARY_COLUMNS, rows) });
  }
  return files;
}

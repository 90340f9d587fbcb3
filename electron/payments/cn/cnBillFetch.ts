/**
 * End of day for 当面付: ask for the day's trade bill URL, download the zip at once (the URL lives
 * ~30 s), parse it, check it is this merchant's bill for that day, and import it into the settlement
 * tables the existing reconciliation (end-of-day screen, `npm run report`) reads.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../journal/openJournal';
import { importCnBillRows, type CnBillImportRow } from '../../journal/repos/cnBillRepo';
import { CnBillError, parseCnBillZip, type CnBill } from './cnBill';
import type { CnClient } from './cnClient';
import { CN_METHODS, billUrlSchema } from './cnSchemas';
import { cnRefundId } from './cnAcquirer';

export interface CnBillFetchResult {
  readonly date: string;
  readonly status: 'imported' | 'alreadyImported';
  readonly rows: number;
  readonly fileName: string;
  readonly importId: number;
}

/** One bill row → one settlement row: payments by out_trade_no, refunds by out_request_no, cancels (blank request no) by out_trade_no. */
export function cnBillImportRows(bill: CnBill): CnBillImportRow[] {
  return bill.rows.map((r) => {
    if (r.kind === 'trade') return { lineNo: r.lineNo, transactionId: r.tradeNo, requestId: r.outTradeNo, type: 'PAYMENT', at: r.finishedAt, minor: r.fen, feeMinor: r.feeFen, storeId: r.storeId };
    if (r.outRequestNo) return { lineNo: r.lineNo, transactionId: cnRefundId(r.tradeNo, r.outRequestNo), requestId: r.outRequestNo, type: 'REFUND', at: r.finishedAt, minor: r.fen, feeMinor: r.feeFen, storeId: r.storeId };
    return { lineNo: r.lineNo, transactionId: `${r.tradeNo}:cancel`, requestId: r.outTradeNo, type: 'CANCEL', at: r.finishedAt, minor: r.fen, feeMinor: r.feeFen, storeId: r.storeId };
  });
}

/** Parse + checks + import of bill bytes (also the bench's unit of work). */
export function importCnBillZip(db: Db, zip: Buffer, opts: { date: string; sellerId?: string; now: number; fileName: string }): CnBillFetchResult {
  const bill = parseCnBillZip(zip);
  if (bill.date !== opts.date) throw new CnBillError('wrong', `the bill is for ${bill.date}, not ${opts.date}`, { expected: opts.date, found: bill.date });
  if (opts.sellerId && bill.account !== opts.sellerId) throw new CnBillError('wrong', `the bill is for account ${bill.account}, this terminal's merchant is ${opts.sellerId}`, { expected: opts.sellerId, found: bill.account });
  const rows = cnBillImportRows(bill);
  const sums = bill.summaries.filter((s) => s.storeId !== '合计').map((s) => ({ storeId: s.storeId, count: s.trades + s.refunds, minor: s.receivedFen, feeMinor: s.feeFen, netMinor: s.netFen }));
  const sha = createHash('sha256').update(zip).digest('hex');
  const r = importCnBillRows(db, { date: opts.date, fileName: opts.fileName, sha256: sha, account: bill.account, rows, summaries: sums, now: opts.now });
  if (r.status === 'duplicateRows') throw new CnBillError('invalid', `${r.transactionIds.length} transaction(s) of this bill were already imported from another file (${r.transactionIds.slice(0, 3).join(', ')}); nothing was imported`, { transactionIds: r.transactionIds });
  return { date: opts.date, status: r.status, rows: rows.length, fileName: opts.fileName, importId: r.status === 'imported' ? r.importIds[0]! : r.importId };
}

export async function fetchCnBill(client: CnClient, db: Db, opts: { date: string; sellerId?: string; now: () => number; timeoutMs?: number }): Promise<CnBillFetchResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new CnBillError('invalid', `"${opts.date}" is not a day yyyy-MM-dd`);
  const o = await client.call(CN_METHODS.billUrl, { bill_type: 'trade', bill_date: opts.date }, billUrlSchema);
  if (o.outcome === 'F') throw new CnBillError('invalid', `Alipay refused the bill: ${o.subCode ?? o.code} ${o.message}`, { code: o.subCode ?? o.code });
  if (o.outcome === 'U') throw new CnBillError('invalid', `no verified answer for the bill URL (${o.reason}): try again`, { reason: o.reason });
  const url = o.body.bill_download_url;
  if (!url) throw new CnBillError('invalid', 'Alipay answered without a bill_download_url');
  const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000) });
  if (!res.ok) throw new CnBillError('invalid', `the bill download answered HTTP ${res.status} (the link lives ~30 s: fetch again)`, { httpStatus: res.status });
  const zip = Buffer.from(await res.arrayBuffer());
  const fileName = new URL(url).searchParams.get('downloadFileName') ?? `${opts.date}.csv.zip`;
  return importCnBillZip(db, zip, { date: opts.date, ...(opts.sellerId ? { sellerId: opts.sellerId } : {}), now: opts.now(), fileName });
}

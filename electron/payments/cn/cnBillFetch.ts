/**
 * End of day for 当面付: ask for the day's trade bill URL, download the zip at once (the URL lives
 * ~30 s), parse it, check it is this merchant's bill for that day, and import it into the settlement
 * tables the existing reconciliation (end-of-day screen, `npm run report`) reads.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../journal/openJournal';
import { importCnBillRows, type CnBillRowWriter } from '../../journal/repos/cnBillRepo';
import { assertNever } from '../../../shared/errors/posError';
import { CnBillError, openCnBill, type CnBillRow } from './cnBill';
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

/**
 * One bill row → one settlement row: payments by out_trade_no, refunds by out_request_no, cancels
 * (blank request no) by out_trade_no. The transaction id keys the row (never counted twice).
 */
function writeBillRow(r: CnBillRow, write: CnBillRowWriter): void {
  if (r.kind === 'trade') write(r.lineNo, r.tradeNo, r.outTradeNo, 'PAYMENT', r.finishedAt, r.fen, r.feeFen, r.storeId);
  else if (r.outRequestNo) write(r.lineNo, cnRefundId(r.tradeNo, r.outRequestNo), r.outRequestNo, 'REFUND', r.finishedAt, r.fen, r.feeFen, r.storeId);
  else write(r.lineNo, `${r.tradeNo}:cancel`, r.outTradeNo, 'CANCEL', r.finishedAt, r.fen, r.feeFen, r.storeId);
}

/**
 * Unzip + checks + import of bill bytes (also the bench's unit of work): the head is checked (day,
 * merchant) before any row, then the rows are parsed straight into the journal in one transaction,
 * so a bad row or a summary that does not add up leaves nothing behind.
 */
export function importCnBillZip(db: Db, zip: Buffer, opts: { date: string; sellerId?: string; now: number; fileName: string }): CnBillFetchResult {
  const bill = openCnBill(zip);
  if (bill.head.date !== opts.date) throw new CnBillError('wrong', `the bill is for ${bill.head.date}, not ${opts.date}`, { expected: opts.date, found: bill.head.date });
  if (opts.sellerId && bill.head.account !== opts.sellerId) throw new CnBillError('wrong', `the bill is for account ${bill.head.account}, this terminal's merchant is ${opts.sellerId}`, { expected: opts.sellerId, found: bill.head.account });
  const sha = createHash('sha256').update(zip).digest('hex');
  const ids = (): string[] => {
    const out: string[] = [];
    bill.eachRow((r) => writeBillRow(r, (_l, transactionId) => out.push(transactionId)));
    return out;
  };
  const r = importCnBillRows(db, { date: opts.date, fileName: opts.fileName, sha256: sha, account: bill.head.account, now: opts.now }, (write) => bill.eachRow((row) => writeBillRow(row, write)), ids);
  switch (r.status) {
    case 'duplicateRows':
      throw new CnBillError('invalid', `${r.transactionIds.length} transaction(s) of this bill were already imported from another file (${r.transactionIds.slice(0, 3).join(', ')}); nothing was imported`, { transactionIds: r.transactionIds });
    case 'imported':
      return { date: opts.date, status: 'imported', rows: r.rows, fileName: opts.fileName, importId: r.importId };
    case 'alreadyImported':
      return { date: opts.date, status: 'alreadyImported', rows: 0, fileName: opts.fileName, importId: r.importId };
    default:
      return assertNever(r, 'bill import');
  }
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

/**
 * The end-of-day import on an alipay-cn terminal: instead of reading Alipay's AMS files from the drop
 * folder, fetch the 当面付 trade bill for the day and import it. The answer has the shape the
 * end-of-day screen already shows (report:importSettlement), and the reconciliation reads it as is.
 */
import type { ImportResult } from '../../shared/domain/report';
import { PosError } from '../../shared/errors/posError';
import { fetchCnBill } from '../payments/cn/cnBillFetch';
import type { CnClient } from '../payments/cn/cnClient';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { Logger } from 'pino';

export interface CnBillImportDeps {
  readonly db: Db | null;
  readonly clock: Clock;
  readonly log: Logger;
  /** alipay-cn: what fetches the day's bill (payments' cnBillSource; null before payments start). */
  cnBillSource(): { readonly client: CnClient; readonly sellerId?: string } | null;
}

export async function importCnBillDay(ctx: CnBillImportDeps, date: string): Promise<ImportResult> {
  const src = ctx.cnBillSource();
  if (!ctx.db || !src) throw new PosError('NOT_READY', 'payments are still starting', { retryable: true });
  const r = await fetchCnBill(src.client, ctx.db, { date, ...(src.sellerId ? { sellerId: src.sellerId } : {}), now: () => ctx.clock.now() });
  ctx.log.info({ date, status: r.status, rows: r.rows }, '当面付 bill imported');
  return {
    date,
    unrecognised: [],
    files: [r.status === 'imported'
      ? { status: 'imported', fileName: r.fileName, import: { id: r.importId, kind: 'transactionItems', fileName: r.fileName, settlementDate: date, rows: r.rows, importedAt: ctx.clock.now() } }
      : { status: 'alreadyImported', fileName: r.fileName, importId: r.importId }],
  };
}

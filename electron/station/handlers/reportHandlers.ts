import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { createReportService, type ReportService } from '../../reports/reportService';
import { PAPER_COLUMNS } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import { importCnBillDay } from '../cnBillImport';

/** End of day (DESIGN.md §9): X/Z, settlement imports, reconciliation, printing and exports. */
export function reportHandlers(ctx: StationContext): HandlerGroup {
  let service: ReportService | null = null;
  const reports = (): ReportService => {
    if (!ctx.db) throw new PosError('NOT_READY', 'the journal is not open');
    service ??= createReportService({
      db: ctx.db,
      clock: ctx.clock,
      config: () => ctx.config,
      dataDir: ctx.dataDir,
      printer: () => {
        const devices = ctx.devices;
        if (!devices) return null;
        return { printText: (doc, opts) => devices.printText(doc, opts), columns: () => PAPER_COLUMNS[devices.status().paper] };
      },
      onImportProgress: (p) => ctx.events.emit('report:importProgress', p),
    });
    return service;
  };
  return {
    'report:day': ({ date }) => reports().day(date),
    'report:get': ({ ref }) => reports().report(ref),
    'report:closeDay': ({ date }, call) => {
      const z = reports().book.closeDay(date, `${call.window}@${ctx.config.store.terminalId}`);
      ctx.log.info({ date, number: z.kind === 'Z' ? z.number : null }, 'business day closed');
      return z;
    },
    'report:listClosed': ({ limit }) => reports().book.listClosed(limit),
    'report:importSettlement': ({ date, jobId }) => (ctx.config.alipay.acquirer === 'alipay-cn' ? importCnBillDay(ctx, date) : reports().importDay(date, jobId)),
    'report:cancelImport': ({ jobId }) => ({ cancelled: reports().cancelImport(jobId) }),
    'report:reconcile': ({ date, includeMatched }) => reports().reconcile(date, includeMatched),
    'report:print': ({ ref, locale }) => reports().print(ref, locale),
    'report:export': (input) =>
      input.what === 'report' ? reports().exportReport(input.ref, input.format, input.locale) : reports().exportReconciliation(input.date, input.locale),
  };
}

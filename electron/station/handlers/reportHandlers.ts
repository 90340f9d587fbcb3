import type { HandlerGroup } from '../dispatcher';
import { createReportService, type ReportService } from '../../reports/reportService';
import { PAPER_COLUMNS } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import { importCnBillDay } from '../cnBillImport';
import type { DayReport, DayShift } from '../../../shared/domain/report';
import { actorOf } from './actorOf';
import type { Db } from '../../journal/openJournal';
import type { Clock } from '../../../shared/domain/clock';
import type { Logger } from 'pino';
import type { PosConfig } from '../../config/configSchema';
import type { DeviceManager } from '../../devices/deviceManager';
import type { EventHub } from '../eventHub';
import type { ShiftService } from '../shiftService';
import type { CnBillImportDeps } from '../cnBillImport';

export interface ReportHandlerDeps extends CnBillImportDeps {
  readonly db: Db | null;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: EventHub;
  readonly dataDir: string;
  readonly state: { readonly config: PosConfig };
  readonly devices: DeviceManager | null;
  /** Null in setup mode: reports then list no shifts. */
  readonly shifts: ShiftService | null;
}

/** End of day (DESIGN.md §9): X/Z, settlement imports, reconciliation, printing and exports. */
export function reportHandlers(deps: ReportHandlerDeps): HandlerGroup {
  const dayShifts = (start: number, end: number): DayShift[] =>
    (deps.shifts?.ofDay(start, end) ?? []).map((s) => ({ shiftId: s.shiftId, cashierName: s.cashierName, openedAt: s.openedAt, closedAt: s.closedAt, varianceMinor: s.varianceMinor, currency: s.currency }));
  let service: ReportService | null = null;
  const reports = (): ReportService => {
    if (!deps.db) throw new PosError('NOT_READY', 'the journal is not open');
    service ??= createReportService({
      db: deps.db,
      clock: deps.clock,
      config: () => deps.state.config,
      dataDir: deps.dataDir,
      printer: () => {
        const devices = deps.devices;
        if (!devices) return null;
        return { printText: (doc, opts) => devices.printText(doc, opts), columns: () => PAPER_COLUMNS[devices.status().paper] };
      },
      onImportProgress: (p) => deps.events.emit('report:importProgress', p),
      shifts: (start, end) => dayShifts(start, end),
    });
    return service;
  };
  const withShifts = (r: DayReport): DayReport => (deps.shifts ? { ...r, shifts: dayShifts(r.day.start, r.day.end) } : r);
  return {
    'report:day': ({ date }) => reports().day(date),
    'report:get': ({ ref }) => withShifts(reports().report(ref)),
    'report:closeDay': ({ date }, call) => {
      // The Z needs every shift of the day closed: an open drawer's cash is not counted yet (issue 14).
      const day = reports().day(date);
      deps.shifts?.closeCashlessAutoShifts(day.start, day.end, actorOf(call));
      const open = deps.shifts?.ofDay(day.start, day.end).filter((s) => s.status === 'open') ?? [];
      if (open.length > 0) {
        throw new PosError('SHIFTS_OPEN', `${open.length} shift(s) of ${date} are still open: close them first`, { details: { shifts: open.map((s) => ({ shiftId: s.shiftId, cashier: s.cashierName })) } });
      }
      const z = reports().book.closeDay(date, `${call.window}@${deps.state.config.store.terminalId}`);
      deps.log.info({ date, number: z.kind === 'Z' ? z.number : null }, 'business day closed');
      return withShifts(z);
    },
    'report:listClosed': ({ limit }) => reports().book.listClosed(limit),
    'report:importSettlement': ({ date, jobId }) => (deps.state.config.alipay.acquirer === 'alipay-cn' ? importCnBillDay(deps, date) : reports().importDay(date, jobId)),
    'report:cancelImport': ({ jobId }) => ({ cancelled: reports().cancelImport(jobId) }),
    'report:reconcile': ({ date, includeMatched }) => reports().reconcile(date, includeMatched),
    'report:print': ({ ref, locale }) => reports().print(ref, locale),
    'report:export': (input) =>
      input.what === 'report' ? reports().exportReport(input.ref, input.format, input.locale) : reports().exportReconciliation(input.date, input.locale),
  };
}

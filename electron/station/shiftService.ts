/**
 * Shifts and cash at one terminal (issue 14): the drawer's float, cash in and out, cash tenders and
 * cash refunds, the blind count at close and the 交班单. The rules are the pure shared/domain/shift.ts
 * and tender.ts; this wires them to the journal (one transaction per change, audited), the drawer
 * kick and the print queue. Alipay parts stay the payment engine's: nothing here touches an attempt.
 */
import { newId } from '../../shared/domain/ids';
import { money } from '../../shared/domain/money';
import type { CashRefundSnapshot } from '../../shared/domain/payment';
import {
  buildShiftReport, checkPaidOut, checkReason, closeVerdict, countTotal, parseCountText, requireApproval,
  type CashCount, type ShiftReport, type ShiftSnapshot,
} from '../../shared/domain/shift';
import { cashRoundingFor, checkCashFigure, checkCashRefund, planCashTender, type CashTenderMode } from '../../shared/domain/tender';
import type { PrintDocument } from '../../shared/domain/receipt';
import { PosError } from '../../shared/errors/posError';
import type { CashCountInput, CashTendered } from '../../shared/ipc/commands/shift';
import type { PrintJobView } from '../../shared/ipc/commands/device';
import { appendAudit } from '../journal/appendAudit';
import type { Db } from '../journal/openJournal';
import { createShiftRepo, type ShiftRow } from '../journal/repos/shiftRepo';
import { shiftReportLines, SHIFT_REPORT_TITLE } from '../reports/output/shiftReportLines';
import { PAPER_COLUMNS } from '../../shared/domain/receipt';
import type { Clock } from '../../shared/domain/clock';
import type { StationMode } from '../../shared/domain/station';
import type { PosConfig } from '../config/configSchema';
import type { AccountsService } from '../accounts/accountsService';
import type { DeviceManager } from '../devices/deviceManager';
import type { EventHub } from './eventHub';
import type { Logger } from 'pino';
import type { Payments as PaymentsRuntime } from '../payments/createPayments';

export type ShiftService = ReturnType<typeof createShiftService>;

/** A count as the window sent it: pieces typed as text are parsed here (letters: COUNT_INVALID). */
export function toCashCount(c: CashCountInput): CashCount {
  if ('totalMinor' in c) return { totalMinor: c.totalMinor };
  const pieces: Record<string, number> = {};
  for (const [k, v] of Object.entries(c.pieces)) pieces[k] = typeof v === 'number' ? v : parseCountText(v);
  return { pieces };
}

/**
 * What shifts need of the station. Structural (the station context fits as it is), so this module does
 * not import the context and no import cycle runs through it.
 */
export interface ShiftServiceDeps {
  readonly config: PosConfig;
  readonly mode: StationMode;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: EventHub;
  readonly accounts: Pick<AccountsService, 'list'> | null;
  readonly devices: DeviceManager | null;
}

export function createShiftService(ctx: ShiftServiceDeps, db: Db, runtime: () => PaymentsRuntime) {
  const repo = createShiftRepo(db);
  const terminal = (): string => ctx.config.store.terminalId;
  const now = (): number => ctx.clock.now();
  const maxCash = (): number => ctx.config.shifts.maxCashMinor;
  const audit = (actor: string, action: string, details: Record<string, unknown>): void => appendAudit(db, { at: now(), actor, action, details });
  const nameOf = (accountId: string): string => ctx.accounts?.list().find((a) => a.accountId === accountId)?.name ?? accountId;

  function snapshot(r: ShiftRow): ShiftSnapshot {
    return {
      shiftId: r.id, terminalId: r.terminal_id, cashierId: r.cashier_id, cashierName: nameOf(r.cashier_id), status: r.status, currency: r.currency,
      openedAt: r.opened_at, floatMinor: r.float_minor, closedAt: r.closed_at, expectedMinor: r.expected_minor, countedMinor: r.counted_minor,
      varianceMinor: r.variance_minor, approvedBy: r.approved_by ? nameOf(r.approved_by) : null, handedFrom: r.handed_from,
      drawerMinor: r.status === 'open' ? repo.expectedMinor(r.id) : (r.expected_minor ?? 0),
    };
  }

  function openRow(): ShiftRow {
    const r = repo.openShift(terminal());
    if (!r) throw new PosError('SHIFT_NOT_OPEN', 'no shift is open at this terminal: open one with the float first');
    return r;
  }

  const publish = (): void => {
    const r = repo.openShift(terminal());
    ctx.events.emit('shift:changed', r ? snapshot(r) : null);
  };

  /** The drawer opens for cash; a missing or jammed printer never undoes what was recorded. */
  function kick(why: string): void {
    if (!ctx.devices) return;
    ctx.devices.kickDrawer().catch((e: unknown) => ctx.log.warn({ err: e, why }, 'cash drawer did not open'));
  }

  const openTx = db.transaction((p: { cashierId: string; count: CashCount; handedFrom: string | null; auto: boolean; actor: string }): ShiftRow => {
    if (repo.openShift(terminal())) throw new PosError('SHIFT_ALREADY_OPEN', 'a shift is already open at this terminal: close or hand it over first');
    const currency = ctx.config.currency;
    const floatMinor = countTotal(currency, p.count, maxCash());
    const id = newId('SH', now());
    repo.insert({
      id, terminal_id: terminal(), cashier_id: p.cashierId, currency, opened_at: now(), float_minor: floatMinor,
      float_json: 'pieces' in p.count ? JSON.stringify(p.count.pieces) : null, handed_from: p.handedFrom, auto_opened: p.auto ? 1 : 0,
    });
    repo.addMovement({ shiftId: id, at: now(), kind: 'float', amountMinor: floatMinor, currency, reason: null, actor: p.actor });
    audit(p.actor, p.auto ? 'shift.autoOpen' : 'shift.open', { shiftId: id, floatMinor, handedFrom: p.handedFrom });
    return repo.get(id)!;
  });

  function open(cashierId: string, count: CashCount, opts: { handedFrom?: string | null; auto?: boolean } = {}): ShiftSnapshot {
    const r = openTx({ cashierId, count, handedFrom: opts.handedFrom ?? null, auto: opts.auto ?? false, actor: `account:${cashierId}` });
    publish();
    return snapshot(r);
  }

  /** DEMO (or shifts.autoOpen): the first sale opens a shift at float 0 for whoever is signed in. */
  const autoOpen = (): boolean => ctx.config.shifts.autoOpen ?? ctx.mode === 'demo';

  /** Everything that refuses a close, checked before anything changes. */
  function precheck(r: ShiftRow, count: CashCount, approved: boolean): { counted: number; verdict: ReturnType<typeof closeVerdict> } {
    // Every payment resolved first: an unknown Alipay payment could still be money in or not.
    const unresolved = runtime().unresolved().attempts;
    if (unresolved.length > 0) {
      throw new PosError('SHIFT_UNRESOLVED', `${unresolved.length} payment(s) are not resolved yet: wait or resolve them before closing`, { details: { attempts: unresolved.map((a) => a.paymentRequestId) } });
    }
    const counted = countTotal(r.currency, count, maxCash());
    const verdict = closeVerdict(repo.expectedMinor(r.id), counted, ctx.config.shifts.varianceApprovalMinor);
    requireApproval(verdict, approved);
    return { counted, verdict };
  }

  function closeTx(count: CashCount, closedBy: string, approvedBy: string | null): ShiftRow {
    const r = openRow();
    const { counted, verdict } = precheck(r, count, approvedBy !== null);
    db.transaction(() => {
      if (!repo.close({
        id: r.id, closed_at: now(), closed_by: closedBy, expected_minor: verdict.expectedMinor, counted_minor: counted,
        counted_json: 'pieces' in count ? JSON.stringify(count.pieces) : null, variance_minor: verdict.varianceMinor, approved_by: approvedBy,
      })) throw new PosError('CONFLICT', 'the shift was closed meanwhile');
      audit(`account:${closedBy}`, 'shift.close', { shiftId: r.id, expectedMinor: verdict.expectedMinor, countedMinor: counted, varianceMinor: verdict.varianceMinor, approvedBy });
    })();
    return repo.get(r.id)!;
  }

  function reportOf(r: ShiftRow): ShiftReport {
    return buildShiftReport(snapshot(r), repo.reportRows(r.id), now());
  }

  function shiftFor(shiftId: string | undefined): ShiftRow {
    if (shiftId) {
      const r = repo.get(shiftId);
      if (!r) throw new PosError('NOT_FOUND', `no shift ${shiftId}`);
      return r;
    }
    const r = repo.openShift(terminal()) ?? repo.recent(terminal(), 1)[0];
    if (!r) throw new PosError('NOT_FOUND', 'no shift yet at this terminal');
    return r;
  }

  return {
    repo,
    current: (): ShiftSnapshot | null => {
      const r = repo.openShift(terminal());
      return r ? snapshot(r) : null;
    },
    open,
    /** The open shift a counter sale belongs to; opened at float 0 when auto-open is on. */
    requireForSale(accountId: string | undefined): ShiftSnapshot {
      const r = repo.openShift(terminal());
      if (r) return snapshot(r);
      if (!autoOpen() || !accountId) throw new PosError('SHIFT_NOT_OPEN', 'no shift is open at this terminal: open one with the float first');
      return open(accountId, { totalMinor: 0 }, { auto: true });
    },
    cashMovement(kind: 'paidIn' | 'paidOut', amountMinor: number, reason: string, actor: string): ShiftSnapshot {
      const why = checkReason(reason);
      const amount = checkCashFigure(amountMinor, maxCash(), kind === 'paidIn' ? 'the paid-in amount' : 'the paid-out amount');
      db.transaction(() => {
        const r = openRow();
        if (kind === 'paidOut') checkPaidOut(amount, repo.expectedMinor(r.id));
        repo.addMovement({ shiftId: r.id, at: now(), kind, amountMinor: amount, currency: r.currency, reason: why, actor });
        audit(actor, `shift.${kind}`, { shiftId: r.id, amountMinor: amount, reason: why });
      })();
      kick(kind);
      publish();
      return snapshot(openRow());
    },
    noSale(reason: string, actor: string): ShiftSnapshot {
      const why = checkReason(reason);
      db.transaction(() => {
        const r = openRow();
        repo.addMovement({ shiftId: r.id, at: now(), kind: 'noSale', amountMinor: 0, currency: r.currency, reason: why, actor });
        audit(actor, 'shift.noSale', { shiftId: r.id, reason: why });
      })();
      kick('noSale');
      publish();
      return snapshot(openRow());
    },
    close(count: CashCount, closedBy: string, approvedBy: string | null): ShiftReport {
      const r = closeTx(count, closedBy, approvedBy);
      publish();
      return reportOf(r);
    },
    /** 交班: the outgoing shift closes on its count; the next cashier's shift opens with that cash as float. */
    async handOver(count: CashCount, closedBy: string, next: () => Promise<string>, approvedBy: string | null = null): Promise<{ closed: ShiftReport; opened: ShiftSnapshot }> {
      // Checked before anyone is signed in or anything closed: a refused hand-over changes nothing.
      // A variance above the limit needs a supervisor's approval (shift:handOverApproved).
      const { counted } = precheck(openRow(), count, approvedBy !== null);
      const nextId = await next();
      const closed = closeTx(count, closedBy, approvedBy);
      const opened = open(nextId, { totalMinor: counted }, { handedFrom: closed.id });
      audit(`account:${closedBy}`, 'shift.handOver', { from: closed.id, to: opened.shiftId, nextCashier: nextId, floatMinor: counted, approvedBy });
      return { closed: reportOf(closed), opened };
    },
    report: (shiftId?: string): ShiftReport => reportOf(shiftFor(shiftId)),
    print(shiftId: string | undefined, locale: 'zh-CN' | 'en'): PrintJobView {
      if (!ctx.devices) throw new PosError('DEVICE_UNAVAILABLE', 'no printer in setup mode');
      const report = reportOf(shiftFor(shiftId));
      const cols = PAPER_COLUMNS[ctx.devices.status().paper];
      const doc: PrintDocument = { type: 'text', text: { title: SHIFT_REPORT_TITLE[locale], lines: shiftReportLines(report, locale, cols, ctx.config.reports.timeZone), copy: 'original' } };
      return ctx.devices.printText(doc, { kind: 'report', key: `shift:${report.shift.shiftId}:${locale}:${now()}`, reference: report.shift.shiftId });
    },
    /**
     * DEMO's automatic shift (float 0, never any cash) has no drawer to count: the Z closes it itself
     * (audited shift.autoClose). A shift with any cash, or opened by a person, must be closed on a count.
     */
    closeCashlessAutoShifts(start: number, end: number, actor: string): void {
      for (const r of repo.ofDay(terminal(), start, end)) {
        if (r.status !== 'open' || r.auto_opened !== 1) continue;
        const moved = repo.reportRows(r.id).movements.some((m) => m.kind !== 'float' || m.minor !== 0);
        if (moved) continue;
        db.transaction(() => {
          repo.close({ id: r.id, closed_at: now(), closed_by: r.cashier_id, expected_minor: 0, counted_minor: 0, counted_json: null, variance_minor: 0, approved_by: null });
          audit(actor, 'shift.autoClose', { shiftId: r.id });
        })();
        publish();
      }
    },
    list: (limit: number): ShiftSnapshot[] => repo.recent(terminal(), limit).map(snapshot),
    /** Shifts overlapping a business day, for the Z report: it may close only when none is open. */
    ofDay: (start: number, end: number): ShiftSnapshot[] => repo.ofDay(terminal(), start, end).map(snapshot),

    tenderCash(saleId: string, tenderedMinor: number, mode: CashTenderMode, actor: string): CashTendered {
      const rt = runtime();
      const sale = rt.getSale(saleId);
      if (sale.status !== 'open') throw new PosError('INVALID_STATE', `the sale is ${sale.status}`);
      if (sale.active) throw new PosError('INVALID_STATE', 'an Alipay payment for this sale is still in progress: wait for it or cancel it');
      const plan = planCashTender({ dueMinor: sale.dueMinor, tenderedMinor, mode, rounding: cashRoundingFor(sale.amount.currency, ctx.config.cashRounding), maxCashMinor: maxCash() });
      db.transaction(() => {
        const r = openRow();
        const tenderId = newId('T', now());
        repo.insertCashTender({
          id: tenderId, saleId, shiftId: r.id, appliedMinor: plan.appliedMinor, tenderedMinor: plan.tenderedMinor, changeMinor: plan.changeMinor,
          roundingMinor: plan.roundingMinor, currency: sale.amount.currency, at: now(), actor,
        });
        repo.addMovement({ shiftId: r.id, at: now(), kind: 'cashSale', amountMinor: plan.appliedMinor, currency: sale.amount.currency, reason: null, actor, saleId, tenderId });
        audit(actor, 'tender.cash', { saleId, tenderId, tenderedMinor: plan.tenderedMinor, appliedMinor: plan.appliedMinor, changeMinor: plan.changeMinor, roundingMinor: plan.roundingMinor });
      })();
      const after = rt.tendersChanged(saleId);
      kick('cashSale');
      publish();
      return { sale: after, tenderedMinor: plan.tenderedMinor, changeMinor: plan.changeMinor, roundingMinor: plan.roundingMinor, settles: plan.settles };
    },

    refundCash(saleId: string, amountMinor: number, reason: string | null, actor: string, approvedBy: string | null): CashRefundSnapshot {
      const rt = runtime();
      const sale = rt.getSale(saleId);
      const cashTaken = sale.tenders.reduce((n, t) => (t.kind === 'cash' ? n + t.amount.minor : n), 0);
      const cashRefunded = sale.cashRefunds.reduce((n, c) => n + c.amount.minor, 0);
      const amount = checkCashRefund({ cashTakenMinor: cashTaken, cashRefundedMinor: cashRefunded, amountMinor, maxCashMinor: maxCash() });
      const id = newId('CR', now());
      db.transaction(() => {
        const r = openRow();
        checkPaidOut(amount, repo.expectedMinor(r.id));
        repo.insertCashRefund({ id, saleId, shiftId: r.id, amountMinor: amount, currency: sale.amount.currency, reason, actor, approvedBy, at: now() });
        repo.addMovement({ shiftId: r.id, at: now(), kind: 'cashRefund', amountMinor: amount, currency: sale.amount.currency, reason, actor, saleId, tenderId: id });
        audit(actor, 'refund.cash', { saleId, cashRefundId: id, amountMinor: amount, reason, approvedBy });
      })();
      rt.tendersChanged(saleId);
      kick('cashRefund');
      publish();
      return { cashRefundId: id, saleId, amount: money(amount, sale.amount.currency), reason, createdAt: now() };
    },
  };
}

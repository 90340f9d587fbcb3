/**
 * The payments' unit of work over the journal repos (journal/repos: sales, attempts, refunds,
 * notifications, outbox jobs): every write that changes money state appends its hash-chained event
 * in the same transaction (DESIGN §6 write-ahead rule), and the sale's status follows. No SQL here:
 * this file decides what the rows mean (snapshots, a sale's status), the repos hold the statements.
 */
import { appendAudit } from '../../journal/appendAudit';
import { currentActor } from '../../journal/auditActor';
import { appendPaymentEvent } from '../../journal/hashChain';
import type { Db } from '../../journal/openJournal';
import { money, type Money } from '../../../shared/domain/money';
import {
  FINAL_ATTEMPT_STATUSES, type AttemptSnapshot, type QueueJobSnapshot, type QueueSnapshot,
  type RefundSnapshot, type RefundStatus, type SaleSnapshot, type SaleStatus, type TenderSnapshot, type CashRefundSnapshot,
} from '../../../shared/domain/payment';
import type { NetworkState } from '../../../shared/domain/station';
import { lookupResultCode } from '../ams/resultCodes';
import type { AttemptState, QueueJobRequest } from '../engine/attemptState';
import type { QueueJobKind } from '../../../shared/domain/payment';
import { toAttemptSnapshot } from '../engine/attemptSnapshot';
import type { AttemptStore, JournalEntry, OutboxJob, OutboxStore, RefundRecord } from '../engine/enginePorts';
import { createOutboxLane, outboxJobOf, type OutboxRow } from '../../journal/outbox/outboxLane';
import { parseAttemptState } from './attemptStateSchema';
import { createAttemptAcquirerRepo, type AttemptAcquirer } from '../../journal/repos/attemptAcquirerRepo';
import { createAttemptsRepo, type AttemptRow, type AttemptUpdate } from '../../journal/repos/attemptsRepo';
import { createNotificationsRepo } from '../../journal/repos/notificationsRepo';
import { createOutboxJobsRepo, type OutboxJobRow } from '../../journal/repos/outboxJobsRepo';
import { createRefundsRepo, type RefundRow } from '../../journal/repos/refundsRepo';
import { createSalesRepo, type SaleRow, type SaleSearchFilter, type SaleIdPage } from '../../journal/repos/salesRepo';
import { attemptJournal } from './attemptJournal';
import type { PaymentJournalEvent } from '../../../shared/ipc/commands/payment';
import type { PaymentRequestId, SaleId } from '../../../shared/domain/ids';

function traceData(entry: JournalEntry): Record<string, unknown> {
  if (!entry.trace) return entry.data;
  const t = entry.trace;
  return { ...entry.data, request: { api: t.api, sha256: t.requestSha256, time: t.requestTime, ms: t.durationMs }, response: { http: t.httpStatus ?? null, sha256: t.responseSha256 ?? null } };
}

export type PaymentStore = ReturnType<typeof createPaymentStore>;

export function createPaymentStore(db: Db, clock: { now(): number }, acquirer: AttemptAcquirer = 'ams') {
  const acquirers = createAttemptAcquirerRepo(db);
  const sales = createSalesRepo(db);
  const attemptRows = createAttemptsRepo(db);
  const refunds = createRefundsRepo(db);
  const notifications = createNotificationsRepo(db);
  const jobs = createOutboxJobsRepo(db);

  const readAttempt = (row: AttemptRow | undefined): AttemptState | null => (row ? parseAttemptState(row.state_json) : null);

  function attemptParams(s: AttemptState): AttemptUpdate {
    return { id: s.paymentRequestId, status: s.status, payment_id: s.paymentId, updated_at: s.updatedAt, result_code: s.resultCode, state_json: JSON.stringify(s), customer_id_masked: s.customerIdMasked };
  }

  function enqueueJobs(list: readonly QueueJobRequest[]): void {
    const now = clock.now();
    for (const j of list) jobs.enqueue(j.kind, j.key, j.subject, now);
  }

  function takenOf(saleId: SaleId, attempts: readonly AttemptState[]): number {
    const alipay = attempts.reduce((n, a) => (a.status === 'succeeded' ? n + a.amount.minor : n), 0);
    return alipay + sales.cashTakenMinor(saleId);
  }

  /** A sale's status follows its attempts and refunds; a voided sale stays voided. */
  function syncSale(saleId: SaleId, now: number): void {
    const sale: SaleRow | undefined = sales.get(saleId);
    if (!sale) return;
    const attempts = attemptRows.ofSale(saleId).map((r) => parseAttemptState(r.state_json));
    // Paid once the tenders cover the amount: succeeded Alipay parts plus cash (issue 14). A sale
    // with one full-amount Alipay attempt is covered by it, exactly as before tenders existed.
    const taken = takenOf(saleId, attempts);
    let status: SaleStatus;
    if (taken > 0 && taken >= sale.amount_minor) {
      const refunded = refunds.succeededMinorOfSale(saleId) + sales.cashRefundedMinor(saleId);
      status = refunded >= taken ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid';
    } else if (attempts.some((a) => !FINAL_ATTEMPT_STATUSES.includes(a.status))) status = 'paying';
    else if (attempts.some((a) => (a.status === 'cancelled' || a.status === 'reversed') && a.reason === 'void')) status = 'voided';
    else status = sale.status === 'voided' ? 'voided' : 'open';
    if (status !== sale.status) sales.setStatus(saleId, status, now);
  }

  function appendEvent(paymentRequestId: PaymentRequestId, at: number, status: string, entry: JournalEntry): void {
    appendPaymentEvent(db, { paymentRequestId, at, type: entry.type, status, data: traceData(entry) });
  }

  const attempts: AttemptStore = {
    insertAttempt: db.transaction((s: AttemptState, entry: JournalEntry) => {
      attemptRows.insert({
        ...attemptParams(s), sale_id: s.saleId, scenario: s.scenario, amount_minor: s.amount.minor, currency: s.amount.currency,
        code_hash: s.codeHash, code_tail: s.codeTail, expires_at: s.expiresAt, created_at: s.createdAt,
      });
      if (acquirer !== 'ams') acquirers.set(s.paymentRequestId, acquirer);
      appendEvent(s.paymentRequestId, s.createdAt, s.status, entry);
      syncSale(s.saleId, s.updatedAt);
    }),
    saveAttempt: db.transaction((s: AttemptState, entry: JournalEntry, jobs: readonly QueueJobRequest[]) => {
      attemptRows.update(attemptParams(s));
      appendEvent(s.paymentRequestId, s.updatedAt, s.status, entry);
      enqueueJobs(jobs);
      syncSale(s.saleId, s.updatedAt);
    }),
    enqueueJobs: (jobs) => enqueueJobs(jobs),
    getAttempt: (id) => readAttempt(attemptRows.get(id)),
    listUnresolved: () => attemptRows.unresolved().map((r) => parseAttemptState(r.state_json)),
  };

  const toJob = outboxJobOf;

  const outbox: OutboxStore & { retryDead(id: number, now: number): boolean; openJobs(): OutboxJob[] } = {
    // Upload jobs have their own lane and loop (hq/terminal/hqLink): a long catch-up never holds a cancel back.
    ...createOutboxLane(db, 'payments'),
    retryDead: (id, now) => jobs.retryDead(id, now),
    openJobs: () => jobs.open().map((r) => toJob(r as OutboxRow)),
  };

  function refundSnapshot(r: RefundRow): RefundSnapshot {
    const status: RefundStatus = r.status === 'pending' && r.job_status === 'dead' ? 'dead' : r.status;
    return {
      refundRequestId: r.id, paymentRequestId: r.payment_request_id, saleId: r.sale_id, amount: money(r.amount_minor, r.currency), status, reason: r.reason,
      refundId: r.refund_id, resultCode: r.result_code, message: r.result_code && r.status === 'failed' ? lookupResultCode(r.result_code, { api: 'refund' }).message : null,
      lastError: r.status === 'pending' ? r.job_error : null, createdAt: r.created_at, updatedAt: r.updated_at,
    };
  }

  function attemptSnapshot(s: AttemptState): AttemptSnapshot {
    return { ...toAttemptSnapshot(s, refunds.committedMinor(s.paymentRequestId)), acquirer: acquirers.get(s.paymentRequestId) };
  }

  function saleSnapshot(saleId: SaleId): SaleSnapshot | null {
    const sale: SaleRow | undefined = sales.get(saleId);
    if (!sale) return null;
    const states = attemptRows.ofSale(saleId).map((r) => parseAttemptState(r.state_json));
    const list = states.map(attemptSnapshot);
    const taken = takenOf(saleId, states);
    const covered = taken > 0 && taken >= sale.amount_minor;
    const cash: TenderSnapshot[] = sales.cashTenders(saleId)
      .map((t) => ({ kind: 'cash', tenderId: t.id, amount: money(t.applied_minor, t.currency), tenderedMinor: t.tendered_minor, changeMinor: t.change_minor, roundingMinor: t.rounding_minor, at: t.created_at }));
    const alipay: TenderSnapshot[] = list.filter((a) => a.status === 'succeeded')
      .map((a) => ({ kind: 'alipay', paymentRequestId: a.paymentRequestId, scenario: a.scenario, amount: a.amount, at: a.paidAt ?? a.updatedAt, codeTail: a.codeTail }));
    const cashRefunds: CashRefundSnapshot[] = sales.cashRefunds(saleId)
      .map((r) => ({ cashRefundId: r.id, saleId, amount: money(r.amount_minor, r.currency), reason: r.reason, createdAt: r.created_at }));
    return {
      saleId: sale.id, status: sale.status, amount: money(sale.amount_minor, sale.currency), description: sale.description, createdAt: sale.created_at, updatedAt: sale.updated_at,
      // `paid` is the Alipay attempt that took money once the sale is covered; a part of a split still owing is not "paid".
      attempts: list, active: list.find((a) => !a.final) ?? null, paid: covered ? (list.find((a) => a.status === 'succeeded') ?? null) : null,
      refunds: refunds.ofSale(saleId).map(refundSnapshot),
      tenders: [...cash, ...alipay].sort((a, b) => a.at - b.at), takenMinor: taken, dueMinor: Math.max(0, sale.amount_minor - taken), cashRefunds,
    };
  }

  function jobSnapshot(j: OutboxJobRow): QueueJobSnapshot {
    return {
      id: j.id, kind: j.kind as QueueJobKind, key: j.idempotency_key, status: j.status, attempts: j.attempts, nextAttemptAt: j.next_attempt_at, lastError: j.last_error,
      subject: j.subject ?? '', createdAt: j.created_at, updatedAt: j.updated_at,
    };
  }

  return {
    db,
    attempts,
    outbox,
    createSale(id: string, amount: Money, description: string | null, now: number): void {
      // The signed-in account (runAs) is the sale's cashier: reports group by it. Entry-code sales have none.
      sales.insert({ id, at: now, amountMinor: amount.minor, currency: amount.currency, description, cashierId: currentActor()?.accountId ?? 'default' });
    },
    getSale: (id: string): SaleRow | undefined => sales.get(id),
    setSaleAmount(id: string, amount: Money, now: number): void {
      sales.setAmount(id, amount.minor, amount.currency, now);
    },
    setSaleStatus(id: string, status: SaleStatus, now: number): void {
      sales.setStatus(id, status, now);
    },
    syncSale: (id: string) => syncSale(id, clock.now()),
    recentSaleIds: (limit: number) => sales.recentIds(limit),
    /** History search (DESIGN §5.4): newest first, paged by cursor. */
    searchSales: (filter: SaleSearchFilter): SaleIdPage => sales.search(filter),
    attemptsOfSale: (saleId: SaleId) => attemptRows.ofSale(saleId).map((r) => parseAttemptState(r.state_json)),
    /** The attempt's journal as the history timeline shows it (redacted). */
    attemptJournal: (paymentRequestId: PaymentRequestId): PaymentJournalEvent[] => attemptJournal(attemptRows.events(paymentRequestId)),
    /** Was this customer code presented since `since`? (one-time credential: a replay is refused) */
    codeSeenSince: (codeHash: string, since: number) => attemptRows.codeSeenSince(codeHash, since),
    refundedMinor: (paymentRequestId: PaymentRequestId) => refunds.committedMinor(paymentRequestId),
    /** The refund row, its event and its queue job in one transaction, before anything is sent. */
    insertRefund: db.transaction((r: RefundRecord & { actor: string }, now: number) => {
      refunds.insert({ id: r.refundRequestId, paymentRequestId: r.paymentRequestId, saleId: r.saleId, amountMinor: r.amount.minor, currency: r.amount.currency, reason: r.reason, actor: r.actor, at: now });
      appendPaymentEvent(db, { paymentRequestId: r.paymentRequestId, at: now, type: 'refund.requested', status: 'pending', data: { refundRequestId: r.refundRequestId, amount: r.amount, actor: r.actor } });
      jobs.enqueue('refund', `refund:${r.refundRequestId}`, r.refundRequestId, now);
    }),
    finishRefund: db.transaction((id: string, status: 'succeeded' | 'failed', refundId: string | null, resultCode: string | null, now: number, entry: JournalEntry) => {
      const row = refunds.get(id);
      if (!row || row.status !== 'pending') return;
      refunds.finish(id, status, refundId, resultCode, now);
      appendPaymentEvent(db, { paymentRequestId: row.payment_request_id, at: now, type: `refund.${status}`, status, data: traceData(entry) });
      syncSale(row.sale_id, now);
    }),
    getRefund(id: string): (RefundRecord & { snapshot: RefundSnapshot }) | null {
      const r = refunds.get(id);
      if (!r) return null;
      const attempt = readAttempt(attemptRows.get(r.payment_request_id));
      return {
        refundRequestId: r.id, paymentRequestId: r.payment_request_id, saleId: r.sale_id, paymentId: attempt?.paymentId ?? '', amount: money(r.amount_minor, r.currency),
        reason: r.reason, status: r.status, snapshot: refundSnapshot(r),
      };
    },
    notificationSeen: (key: string) => notifications.seen(key),
    /** True when this notification is new (a resend of one already handled changes nothing). */
    recordNotification(key: string, paymentRequestId: PaymentRequestId | null, bodySha256: string, outcome: string, now: number): boolean {
      return notifications.record(key, paymentRequestId, bodySha256, outcome, now);
    },
    audit(actor: string, action: string, details: Record<string, unknown>): void {
      appendAudit(db, { at: clock.now(), actor, action, details });
    },
    attemptSnapshot,
    saleSnapshot,
    unresolvedSnapshots: () => attempts.listUnresolved().map(attemptSnapshot),
    jobById: (id: number) => {
      const r = jobs.byId(id);
      return r ? toJob(r as OutboxRow) : null;
    },
    queueSnapshot(network: NetworkState): QueueSnapshot {
      const open = jobs.open().map(jobSnapshot);
      return {
        network,
        pending: open.filter((j) => j.status === 'pending').length,
        running: open.filter((j) => j.status === 'running').length,
        dead: open.filter((j) => j.status === 'dead').length,
        jobs: open,
      };
    },
  };
}

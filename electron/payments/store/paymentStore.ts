/**
 * The payments journal on SQLite: sales, attempts (state_json as the engine left it), refunds, the
 * outbox and applied notifications. Every write that changes money state appends its hash-chained
 * event in the same transaction (DESIGN §6 write-ahead rule).
 */
import { appendAudit } from '../../journal/appendAudit';
import { currentActor } from '../../journal/auditActor';
import { appendPaymentEvent } from '../../journal/hashChain';
import type { Db } from '../../journal/openJournal';
import { money, type Money } from '../../../shared/domain/money';
import {
  FINAL_ATTEMPT_STATUSES, type AttemptSnapshot, type QueueJobSnapshot, type QueueJobStatus, type QueueSnapshot,
  type RefundSnapshot, type RefundStatus, type SaleSnapshot, type SaleStatus, type TenderSnapshot, type CashRefundSnapshot,
} from '../../../shared/domain/payment';
import type { NetworkState } from '../../../shared/domain/station';
import { lookupResultCode } from '../ams/resultCodes';
import type { AttemptState, QueueJobRequest } from '../engine/attemptState';
import { toAttemptSnapshot } from '../engine/attemptSnapshot';
import type { AttemptStore, JournalEntry, OutboxJob, OutboxStore, RefundRecord } from '../engine/enginePorts';
import { createOutboxLane, outboxJobOf, type OutboxRow } from '../../journal/outbox/outboxLane';
import { parseAttemptState } from './attemptStateSchema';
import { createAttemptAcquirerRepo, type AttemptAcquirer } from '../../journal/repos/attemptAcquirerRepo';

interface SaleRow {
  id: string; created_at: number; updated_at: number; status: SaleStatus; amount_minor: number; currency: string; description: string | null;
}
interface AttemptRow { id: string; sale_id: string; status: string; state_json: string }
interface RefundRow {
  id: string; payment_request_id: string; sale_id: string; amount_minor: number; currency: string; status: 'pending' | 'succeeded' | 'failed';
  reason: string | null; refund_id: string | null; result_code: string | null; actor: string; created_at: number; updated_at: number;
  job_status: QueueJobStatus | null; job_error: string | null;
}

const FINAL_SQL = FINAL_ATTEMPT_STATUSES.map((s) => `'${s}'`).join(',');

function traceData(entry: JournalEntry): Record<string, unknown> {
  if (!entry.trace) return entry.data;
  const t = entry.trace;
  return { ...entry.data, request: { api: t.api, sha256: t.requestSha256, time: t.requestTime, ms: t.durationMs }, response: { http: t.httpStatus ?? null, sha256: t.responseSha256 ?? null } };
}

export type PaymentStore = ReturnType<typeof createPaymentStore>;

export function createPaymentStore(db: Db, clock: { now(): number }, acquirer: AttemptAcquirer = 'ams') {
  const acquirers = createAttemptAcquirerRepo(db);
  const stmt = {
    insertSale: db.prepare('INSERT INTO sales (id, created_at, updated_at, status, amount_minor, currency, description, cashier_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    getSale: db.prepare('SELECT id, created_at, updated_at, status, amount_minor, currency, description FROM sales WHERE id = ?'),
    setSaleStatus: db.prepare('UPDATE sales SET status = ?, updated_at = ? WHERE id = ?'),
    setSaleAmount: db.prepare('UPDATE sales SET amount_minor = ?, currency = ?, updated_at = ? WHERE id = ?'),
    recentSales: db.prepare('SELECT id FROM sales ORDER BY created_at DESC, id DESC LIMIT ?'),
    insertAttempt: db.prepare(`INSERT INTO payment_attempts (id, sale_id, scenario, status, amount_minor, currency, payment_id, code_hash, code_tail, expires_at, created_at, updated_at, result_code, state_json, customer_id_masked)
      VALUES (@id, @sale_id, @scenario, @status, @amount_minor, @currency, @payment_id, @code_hash, @code_tail, @expires_at, @created_at, @updated_at, @result_code, @state_json, @customer_id_masked)`),
    // coalesce: a masked id found later by another path (the entry-code feed's inquiry) is not wiped by a state without one.
    updateAttempt: db.prepare(`UPDATE payment_attempts SET status = @status, payment_id = @payment_id, updated_at = @updated_at, result_code = @result_code, state_json = @state_json,
      customer_id_masked = coalesce(@customer_id_masked, customer_id_masked) WHERE id = @id`),
    getAttempt: db.prepare('SELECT id, sale_id, status, state_json FROM payment_attempts WHERE id = ?'),
    attemptsOfSale: db.prepare('SELECT id, sale_id, status, state_json FROM payment_attempts WHERE sale_id = ? ORDER BY created_at DESC, id DESC'),
    unresolved: db.prepare(`SELECT id, sale_id, status, state_json FROM payment_attempts WHERE status NOT IN (${FINAL_SQL}) ORDER BY created_at`),
    codeSeen: db.prepare('SELECT id FROM payment_attempts WHERE code_hash = ? AND created_at >= ? LIMIT 1'),
    enqueue: db.prepare(`INSERT INTO outbox (kind, idempotency_key, payload_json, status, attempts, next_attempt_at, created_at, updated_at, subject)
      VALUES (?, ?, '{}', 'pending', 0, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`),
    retryDead: db.prepare("UPDATE outbox SET status = 'pending', failures = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'dead'"),
    openJobs: db.prepare("SELECT * FROM outbox WHERE status IN ('pending','running','dead') AND kind <> 'print' ORDER BY id"),
    jobById: db.prepare('SELECT * FROM outbox WHERE id = ?'),
    insertRefund: db.prepare(`INSERT INTO refunds (id, payment_request_id, sale_id, amount_minor, currency, status, reason, actor, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`),
    updateRefund: db.prepare('UPDATE refunds SET status = ?, refund_id = ?, result_code = ?, updated_at = ? WHERE id = ?'),
    refundSelect: db.prepare(`SELECT r.*, o.status AS job_status, o.last_error AS job_error FROM refunds r
      LEFT JOIN outbox o ON o.idempotency_key = 'refund:' || r.id WHERE r.id = ?`),
    refundsOfSale: db.prepare(`SELECT r.*, o.status AS job_status, o.last_error AS job_error FROM refunds r
      LEFT JOIN outbox o ON o.idempotency_key = 'refund:' || r.id WHERE r.sale_id = ? ORDER BY r.created_at, r.id`),
    refundedSum: db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds WHERE payment_request_id = ? AND status IN ('pending','succeeded')"),
    refundedDone: db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM refunds WHERE sale_id = ? AND status = 'succeeded'"),
    // Tenders (0140-shifts): the cash parts of a sale and the cash refunded out of the drawer.
    cashTenders: db.prepare('SELECT id, applied_minor, tendered_minor, change_minor, rounding_minor, currency, created_at FROM sale_tenders WHERE sale_id = ? ORDER BY created_at, id'),
    cashTaken: db.prepare('SELECT coalesce(sum(applied_minor - rounding_minor), 0) AS n FROM sale_tenders WHERE sale_id = ?'),
    cashRefunds: db.prepare('SELECT id, amount_minor, currency, reason, created_at FROM cash_refunds WHERE sale_id = ? ORDER BY created_at, id'),
    cashRefunded: db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM cash_refunds WHERE sale_id = ?'),
    notificationSeen: db.prepare('SELECT 1 FROM payment_notifications WHERE dedupe_key = ?'),
    insertNotification: db.prepare('INSERT INTO payment_notifications (dedupe_key, payment_request_id, body_sha256, received_at, outcome) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING'),
  };

  const readAttempt = (row: AttemptRow | undefined): AttemptState | null => (row ? parseAttemptState(row.state_json) : null);

  function attemptParams(s: AttemptState): Record<string, unknown> {
    return { id: s.paymentRequestId, status: s.status, payment_id: s.paymentId, updated_at: s.updatedAt, result_code: s.resultCode, state_json: JSON.stringify(s), customer_id_masked: s.customerIdMasked };
  }

  function enqueueJobs(jobs: readonly QueueJobRequest[]): void {
    const now = clock.now();
    for (const j of jobs) stmt.enqueue.run(j.kind, j.key, now, now, now, j.subject);
  }

  function takenOf(saleId: string, attempts: readonly AttemptState[]): number {
    const alipay = attempts.reduce((n, a) => (a.status === 'succeeded' ? n + a.amount.minor : n), 0);
    return alipay + (stmt.cashTaken.get(saleId) as { n: number }).n;
  }

  /** A sale's status follows its attempts and refunds; a voided sale stays voided. */
  function syncSale(saleId: string, now: number): void {
    const sale = stmt.getSale.get(saleId) as SaleRow | undefined;
    if (!sale) return;
    const attempts = (stmt.attemptsOfSale.all(saleId) as AttemptRow[]).map((r) => parseAttemptState(r.state_json));
    // Paid once the tenders cover the amount: succeeded Alipay parts plus cash (issue 14). A sale
    // with one full-amount Alipay attempt is covered by it, exactly as before tenders existed.
    const taken = takenOf(saleId, attempts);
    let status: SaleStatus;
    if (taken > 0 && taken >= sale.amount_minor) {
      const refunded = (stmt.refundedDone.get(saleId) as { n: number }).n + (stmt.cashRefunded.get(saleId) as { n: number }).n;
      status = refunded >= taken ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid';
    } else if (attempts.some((a) => !FINAL_ATTEMPT_STATUSES.includes(a.status))) status = 'paying';
    else if (attempts.some((a) => (a.status === 'cancelled' || a.status === 'reversed') && a.reason === 'void')) status = 'voided';
    else status = sale.status === 'voided' ? 'voided' : 'open';
    if (status !== sale.status) stmt.setSaleStatus.run(status, now, saleId);
  }

  function appendEvent(paymentRequestId: string, at: number, status: string, entry: JournalEntry): void {
    appendPaymentEvent(db, { paymentRequestId, at, type: entry.type, status, data: traceData(entry) });
  }

  const attempts: AttemptStore = {
    insertAttempt: db.transaction((s: AttemptState, entry: JournalEntry) => {
      stmt.insertAttempt.run({
        ...attemptParams(s), sale_id: s.saleId, scenario: s.scenario, amount_minor: s.amount.minor, currency: s.amount.currency,
        code_hash: s.codeHash, code_tail: s.codeTail, expires_at: s.expiresAt, created_at: s.createdAt,
      });
      if (acquirer !== 'ams') acquirers.set(s.paymentRequestId, acquirer);
      appendEvent(s.paymentRequestId, s.createdAt, s.status, entry);
      syncSale(s.saleId, s.updatedAt);
    }),
    saveAttempt: db.transaction((s: AttemptState, entry: JournalEntry, jobs: readonly QueueJobRequest[]) => {
      stmt.updateAttempt.run(attemptParams(s));
      appendEvent(s.paymentRequestId, s.updatedAt, s.status, entry);
      enqueueJobs(jobs);
      syncSale(s.saleId, s.updatedAt);
    }),
    enqueueJobs: (jobs) => enqueueJobs(jobs),
    getAttempt: (id) => readAttempt(stmt.getAttempt.get(id) as AttemptRow | undefined),
    listUnresolved: () => (stmt.unresolved.all() as AttemptRow[]).map((r) => parseAttemptState(r.state_json)),
  };

  const toJob = outboxJobOf;

  const outbox: OutboxStore & { retryDead(id: number, now: number): boolean; openJobs(): OutboxJob[] } = {
    // Upload jobs have their own lane and loop (hq/terminal/hqLink): a long catch-up never holds a cancel back.
    ...createOutboxLane(db, 'payments'),
    retryDead: (id, now) => stmt.retryDead.run(now, now, id).changes > 0,
    openJobs: () => (stmt.openJobs.all() as OutboxRow[]).map(toJob),
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
    return { ...toAttemptSnapshot(s, (stmt.refundedSum.get(s.paymentRequestId) as { n: number }).n), acquirer: acquirers.get(s.paymentRequestId) };
  }

  function saleSnapshot(saleId: string): SaleSnapshot | null {
    const sale = stmt.getSale.get(saleId) as SaleRow | undefined;
    if (!sale) return null;
    const states = (stmt.attemptsOfSale.all(saleId) as AttemptRow[]).map((r) => parseAttemptState(r.state_json));
    const list = states.map(attemptSnapshot);
    const taken = takenOf(saleId, states);
    const covered = taken > 0 && taken >= sale.amount_minor;
    const cash: TenderSnapshot[] = (stmt.cashTenders.all(saleId) as Array<{ id: string; applied_minor: number; tendered_minor: number; change_minor: number; rounding_minor: number; currency: string; created_at: number }>)
      .map((t) => ({ kind: 'cash', tenderId: t.id, amount: money(t.applied_minor, t.currency), tenderedMinor: t.tendered_minor, changeMinor: t.change_minor, roundingMinor: t.rounding_minor, at: t.created_at }));
    const alipay: TenderSnapshot[] = list.filter((a) => a.status === 'succeeded')
      .map((a) => ({ kind: 'alipay', paymentRequestId: a.paymentRequestId, scenario: a.scenario, amount: a.amount, at: a.paidAt ?? a.updatedAt, codeTail: a.codeTail }));
    const cashRefunds: CashRefundSnapshot[] = (stmt.cashRefunds.all(saleId) as Array<{ id: string; amount_minor: number; currency: string; reason: string | null; created_at: number }>)
      .map((r) => ({ cashRefundId: r.id, saleId, amount: money(r.amount_minor, r.currency), reason: r.reason, createdAt: r.created_at }));
    return {
      saleId: sale.id, status: sale.status, amount: money(sale.amount_minor, sale.currency), description: sale.description, createdAt: sale.created_at, updatedAt: sale.updated_at,
      // `paid` is the Alipay attempt that took money once the sale is covered; a part of a split still owing is not "paid".
      attempts: list, active: list.find((a) => !a.final) ?? null, paid: covered ? (list.find((a) => a.status === 'succeeded') ?? null) : null,
      refunds: (stmt.refundsOfSale.all(saleId) as RefundRow[]).map(refundSnapshot),
      tenders: [...cash, ...alipay].sort((a, b) => a.at - b.at), takenMinor: taken, dueMinor: Math.max(0, sale.amount_minor - taken), cashRefunds,
    };
  }

  function jobSnapshot(j: OutboxRow): QueueJobSnapshot {
    return {
      id: j.id, kind: j.kind, key: j.idempotency_key, status: j.status, attempts: j.attempts, nextAttemptAt: j.next_attempt_at, lastError: j.last_error,
      subject: j.subject ?? '', createdAt: j.created_at, updatedAt: j.updated_at,
    };
  }

  return {
    db,
    attempts,
    outbox,
    createSale(id: string, amount: Money, description: string | null, now: number): void {
      stmt.// The signed-in account (runAs) is the sale's cashier: reports group by it. Entry-code sales have none.
      insertSale.run(id, now, now, 'open', amount.minor, amount.currency, description, currentActor()?.accountId ?? 'default');
    },
    getSale: (id: string) => stmt.getSale.get(id) as SaleRow | undefined,
    setSaleAmount(id: string, amount: Money, now: number): void {
      stmt.setSaleAmount.run(amount.minor, amount.currency, now, id);
    },
    setSaleStatus(id: string, status: SaleStatus, now: number): void {
      stmt.setSaleStatus.run(status, now, id);
    },
    syncSale: (id: string) => syncSale(id, clock.now()),
    recentSaleIds: (limit: number) => (stmt.recentSales.all(limit) as Array<{ id: string }>).map((r) => r.id),
    attemptsOfSale: (saleId: string) => (stmt.attemptsOfSale.all(saleId) as AttemptRow[]).map((r) => parseAttemptState(r.state_json)),
    /** Was this customer code presented since `since`? (one-time credential: a replay is refused) */
    codeSeenSince: (codeHash: string, since: number) => stmt.codeSeen.get(codeHash, since) !== undefined,
    refundedMinor: (paymentRequestId: string) => (stmt.refundedSum.get(paymentRequestId) as { n: number }).n,
    /** The refund row, its event and its queue job in one transaction, before anything is sent. */
    insertRefund: db.transaction((r: RefundRecord & { actor: string }, now: number) => {
      stmt.insertRefund.run(r.refundRequestId, r.paymentRequestId, r.saleId, r.amount.minor, r.amount.currency, r.reason, r.actor, now, now);
      appendPaymentEvent(db, { paymentRequestId: r.paymentRequestId, at: now, type: 'refund.requested', status: 'pending', data: { refundRequestId: r.refundRequestId, amount: r.amount, actor: r.actor } });
      stmt.enqueue.run('refund', `refund:${r.refundRequestId}`, now, now, now, r.refundRequestId);
    }),
    finishRefund: db.transaction((id: string, status: 'succeeded' | 'failed', refundId: string | null, resultCode: string | null, now: number, entry: JournalEntry) => {
      const row = stmt.refundSelect.get(id) as RefundRow | undefined;
      if (!row || row.status !== 'pending') return;
      stmt.updateRefund.run(status, refundId, resultCode, now, id);
      appendPaymentEvent(db, { paymentRequestId: row.payment_request_id, at: now, type: `refund.${status}`, status, data: traceData(entry) });
      syncSale(row.sale_id, now);
    }),
    getRefund(id: string): (RefundRecord & { snapshot: RefundSnapshot }) | null {
      const r = stmt.refundSelect.get(id) as RefundRow | undefined;
      if (!r) return null;
      const attempt = readAttempt(stmt.getAttempt.get(r.payment_request_id) as AttemptRow | undefined);
      return {
        refundRequestId: r.id, paymentRequestId: r.payment_request_id, saleId: r.sale_id, paymentId: attempt?.paymentId ?? '', amount: money(r.amount_minor, r.currency),
        reason: r.reason, status: r.status, snapshot: refundSnapshot(r),
      };
    },
    notificationSeen: (key: string) => stmt.notificationSeen.get(key) !== undefined,
    /** True when this notification is new (a resend of one already handled changes nothing). */
    recordNotification(key: string, paymentRequestId: string | null, bodySha256: string, outcome: string, now: number): boolean {
      return stmt.insertNotification.run(key, paymentRequestId, bodySha256, now, outcome).changes > 0;
    },
    audit(actor: string, action: string, details: Record<string, unknown>): void {
      appendAudit(db, { at: clock.now(), actor, action, details });
    },
    attemptSnapshot,
    saleSnapshot,
    unresolvedSnapshots: () => attempts.listUnresolved().map(attemptSnapshot),
    jobById: (id: number) => {
      const r = stmt.jobById.get(id) as OutboxRow | undefined;
      return r ? toJob(r) : null;
    },
    queueSnapshot(network: NetworkState): QueueSnapshot {
      const jobs = (stmt.openJobs.all() as OutboxRow[]).map(jobSnapshot);
      return {
        network,
        pending: jobs.filter((j) => j.status === 'pending').length,
        running: jobs.filter((j) => j.status === 'running').length,
        dead: jobs.filter((j) => j.status === 'dead').length,
        jobs,
      };
    },
  };
}

/**
 * The runner: feeds events to `transition`, writes every change to the journal before anyone is
 * told, and carries out the commands with the injected clock and gateway. Events for one attempt are
 * handled one at a time (a chain of promises per attempt), so an answer and a timer never race.
 */
import type { Clock } from '../../../shared/domain/clock';
import type { Money } from '../../../shared/domain/money';
import type { CancelReason, PaymentScenario } from '../../../shared/domain/payment';
import { isFinal, type AttemptCommand, type AttemptEvent, type AttemptState, type QueueJobRequest, type TimerName } from './attemptState';
import { DEFAULT_POLICY, type EnginePolicy } from './enginePolicy';
import { reachableOf, type AcquirerAnswer, type AcquirerPort, type AttemptStore, type CallTrace, type JobOutcome, type JournalEntry, type PayContext, type PortPaymentRef } from './enginePorts';
import { createAttempt, nextResolveCall, transition } from './transition';

export interface EngineDeps {
  readonly clock: Clock;
  readonly gateway: AcquirerPort;
  readonly store: AttemptStore;
  readonly policy?: EnginePolicy;
  payContext(): PayContext;
  newPaymentRequestId(): string;
  newRefundRequestId(): string;
  /** After the journal has it: push the new state to the UI. */
  onChange?(state: AttemptState): void;
  onAlert?(message: string, state: AttemptState): void;
  /** Every answer (or its absence) tells us whether Alipay is reachable. */
  onOutcome?(answer: AcquirerAnswer<unknown>): void;
  /** Jobs were written to the outbox: wake the drain loop. */
  onEnqueued?(): void;
  /** A journal write failed (the event is tried again after policy.journalRetryMs). */
  onJournalError?(error: unknown, paymentRequestId: string, event: AttemptEvent['type']): void;
}

export interface StartPayment {
  readonly saleId: string;
  readonly amount: Money;
  readonly scenario: PaymentScenario;
  /** PaymentCode only: the customer's code, kept in memory for the one pay request, never stored. */
  readonly code?: string;
  /** EntryCode only: what the H5 page learnt from the wallet, kept in memory for pay and its repeats. */
  readonly entry?: { readonly userAgent: string; readonly paymentRedirectUrl: string };
  readonly codeHash?: string;
  readonly codeTail?: string;
}

/** Journal data for an event: never the customer code, never a whole response body. */
function describe(e: AttemptEvent): Record<string, unknown> {
  switch (e.type) {
    case 'payAnswered':
    case 'inquiryAnswered':
    case 'cancelAnswered':
    case 'reversalAnswered': {
      const r = e.result as { kind: string; resultCode?: string | null; reason?: string; status?: string; action?: string };
      return {
        result: r.kind, ...(r.status ? { paymentStatus: r.status } : {}), ...(r.resultCode ? { resultCode: r.resultCode } : {}), ...(r.reason ? { reason: r.reason } : {}),
        ...(r.action ? { action: r.action } : {}),
      };
    }
    case 'timerFired': return { timer: e.timer };
    case 'cancelRequested': return { reason: e.reason };
    case 'notified': return { status: e.status, resultCode: e.resultCode, paymentId: e.paymentId };
    case 'cancelSending':
    case 'recovered':
      return {};
  }
}

export function journalEntry(e: AttemptEvent, state: AttemptState, trace?: CallTrace): JournalEntry {
  return { type: e.type, data: { event: describe(e), state: { status: state.status, paymentId: state.paymentId, resultCode: state.resultCode, polls: state.polls, flags: state.flags } }, ...(trace ? { trace } : {}) };
}

const refOf = (s: AttemptState): PortPaymentRef => ({ paymentRequestId: s.paymentRequestId, paymentId: s.paymentId });

export class PaymentEngine {
  private readonly policy: EnginePolicy;
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, Map<TimerName, unknown>>();
  private readonly codes = new Map<string, string>();
  private readonly entries = new Map<string, { readonly userAgent: string; readonly paymentRedirectUrl: string }>();
  private readonly inquiring = new Set<string>();
  /** Journal-retry timers (durably): cleared on stop. */
  private readonly retrying = new Set<unknown>();
  private readonly waiters = new Map<string, Array<(s: AttemptState) => void>>();
  /** Calls on the wire (their answers are not queued events yet): idle() waits for them too. */
  private readonly inflight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly deps: EngineDeps) {
    this.policy = deps.policy ?? DEFAULT_POLICY;
  }

  get enginePolicy(): EnginePolicy {
    return this.policy;
  }

  /** Commits the attempt (write-ahead) and sends pay; resolves once the attempt is in the journal. */
  start(input: StartPayment): AttemptState {
    const t = createAttempt({
      paymentRequestId: this.deps.newPaymentRequestId(),
      saleId: input.saleId,
      scenario: input.scenario,
      amount: input.amount,
      at: this.deps.clock.now(),
      codeHash: input.codeHash ?? null,
      codeTail: input.codeTail ?? null,
    }, this.policy);
    this.deps.store.insertAttempt(t.state, { type: 'created', data: { scenario: t.state.scenario, amount: t.state.amount, expiresAt: t.state.expiresAt, codeTail: t.state.codeTail } });
    if (input.code !== undefined) this.codes.set(t.state.paymentRequestId, input.code);
    if (input.entry !== undefined) this.entries.set(t.state.paymentRequestId, input.entry);
    this.deps.onChange?.(t.state);
    this.serial(t.state.paymentRequestId, async () => this.execute(t.state, t.commands));
    return t.state;
  }

  /** Feeds one event to an attempt, after any event already queued for it. */
  dispatch(paymentRequestId: string, event: AttemptEvent | ((s: AttemptState) => AttemptEvent | null), trace?: CallTrace): Promise<AttemptState> {
    return this.serial(paymentRequestId, async () => {
      const prev = this.deps.store.getAttempt(paymentRequestId);
      if (!prev) throw new Error(`no attempt ${paymentRequestId}`);
      const e = typeof event === 'function' ? event(prev) : event;
      if (!e) return prev;
      return this.apply(prev, e, trace);
    });
  }

  /** Start-up recovery (DESIGN §5.6): every attempt not final is resumed before scans are accepted. */
  async recover(): Promise<AttemptState[]> {
    const open = this.deps.store.listUnresolved();
    const now = this.deps.clock.now();
    return Promise.all(open.map((s) => this.dispatch(s.paymentRequestId, { type: 'recovered', at: now })));
  }

  /** Resolves when the attempt reaches a final state (tests, bench). */
  waitFinal(paymentRequestId: string): Promise<AttemptState> {
    const s = this.deps.store.getAttempt(paymentRequestId);
    if (s && isFinal(s)) return Promise.resolve(s);
    return new Promise((resolve) => {
      const list = this.waiters.get(paymentRequestId) ?? [];
      list.push(resolve);
      this.waiters.set(paymentRequestId, list);
    });
  }

  requestCancel(paymentRequestId: string, reason: CancelReason): Promise<AttemptState> {
    return this.dispatch(paymentRequestId, { type: 'cancelRequested', at: this.deps.clock.now(), reason });
  }

  /**
   * The offline-queue job for a cancelling or reversing attempt: a last inquiry, then cancel (same id),
   * or the reversal refund. U answers leave the state alone and come back here with backoff.
   */
  async runResolveJob(paymentRequestId: string): Promise<JobOutcome> {
    let inquired = false;
    for (let step = 0; step < 5; step++) {
      const s = this.deps.store.getAttempt(paymentRequestId);
      if (!s) return { kind: 'dead', reason: `no attempt ${paymentRequestId}` };
      const call = nextResolveCall(s, inquired);
      if (call === null) return { kind: 'done' };
      switch (call) {
        case 'inquiry': {
          const o = await this.deps.gateway.inquiryPayment(refOf(s));
          this.deps.onOutcome?.(o);
          await this.dispatch(paymentRequestId, { type: 'inquiryAnswered', at: this.deps.clock.now(), result: o.result }, o.trace);
          // No usable answer (U, an unsigned rejection …): the cancel goes anyway. It is safe to repeat
          // and its answer decides; only a dead link makes it wait.
          if (o.result.kind === 'U' && !reachableOf(o)) return retry(o);
          inquired = true;
          break;
        }
        case 'cancel': {
          await this.dispatch(paymentRequestId, { type: 'cancelSending', at: this.deps.clock.now() });
          const o = await this.deps.gateway.cancel(refOf(s));
          this.deps.onOutcome?.(o);
          const after = await this.dispatch(paymentRequestId, { type: 'cancelAnswered', at: this.deps.clock.now(), result: o.result, reversalRefundRequestId: this.deps.newRefundRequestId() }, o.trace);
          if (o.result.kind === 'U') return retry(o);
          if (after.status === 'cancelling') {
            // Refused (F) but not final: a slow pay may still be recorded. Again on the bounded schedule.
            const refusals = after.cancelRefusals ?? 0;
            const schedule = this.policy.cancelRetryScheduleMs;
            const code = o.result.kind === 'F' ? o.result.resultCode : 'unknown';
            if (!this.policy.codes.notFound.includes(code) && refusals > schedule.length) return { kind: 'dead', reason: `cancel refused ${refusals} times: ${code}` };
            const delay = schedule[Math.min(refusals, schedule.length) - 1] ?? 1_000;
            return { kind: 'wait', until: this.deps.clock.now() + delay, note: `cancel refused (${code}): again with an inquiry first` };
          }
          // A reversal has its own job (enqueued with the state change).
          if (after.status === 'reversing') return { kind: 'done' };
          break;
        }
        case 'refund': {
          if (s.status !== 'reversing' || !s.paymentId) return { kind: 'dead', reason: 'reversal without a paymentId' };
          const o = await this.deps.gateway.refund({ refundRequestId: s.refundRequestId, paymentRequestId: s.paymentRequestId, paymentId: s.paymentId, amount: s.amount, reason: 'sale cancelled after the cancel window' });
          this.deps.onOutcome?.(o);
          await this.dispatch(paymentRequestId, { type: 'reversalAnswered', at: this.deps.clock.now(), result: o.result }, o.trace);
          if (o.result.kind === 'U') return retry(o);
          break;
        }
      }
    }
    return { kind: 'retry', error: 'still unresolved', network: false };
  }

  stop(): void {
    this.stopped = true;
    for (const m of this.timers.values()) for (const h of m.values()) this.deps.clock.clearTimeout(h);
    this.timers.clear();
    for (const h of this.retrying) this.deps.clock.clearTimeout(h);
    this.retrying.clear();
  }

  /** Settles when every event queued so far has been handled. */
  async idle(): Promise<void> {
    while (this.chains.size > 0 || this.inflight.size > 0) await Promise.allSettled([...this.chains.values(), ...this.inflight]);
  }

  private track(p: Promise<unknown>): void {
    const t = p.catch(() => undefined).finally(() => this.inflight.delete(t));
    this.inflight.add(t);
  }

  private serial<T>(paymentRequestId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(paymentRequestId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.chains.set(paymentRequestId, tail);
    void tail.then(() => {
      if (this.chains.get(paymentRequestId) === tail) this.chains.delete(paymentRequestId);
    });
    return next;
  }

  private async apply(prev: AttemptState, e: AttemptEvent, trace?: CallTrace): Promise<AttemptState> {
    const t = transition(prev, e, this.policy);
    const jobs = t.commands.flatMap((c): QueueJobRequest[] => (c.type === 'enqueue' ? [c.job] : []));
    if (t.state !== prev) {
      this.deps.store.saveAttempt(t.state, journalEntry(e, t.state, trace), jobs);
      this.deps.onChange?.(t.state);
    } else if (jobs.length > 0) {
      this.deps.store.enqueueJobs(jobs);
    }
    if (isFinal(t.state)) {
      this.codes.delete(t.state.paymentRequestId);
      this.entries.delete(t.state.paymentRequestId);
      const list = this.waiters.get(t.state.paymentRequestId);
      this.waiters.delete(t.state.paymentRequestId);
      for (const w of list ?? []) w(t.state);
    }
    await this.execute(t.state, t.commands);
    return t.state;
  }

  /** Runs effects. Network answers come back as new events through dispatch, never inline. */
  private async execute(state: AttemptState, commands: readonly AttemptCommand[]): Promise<void> {
    for (const c of commands) {
      switch (c.type) {
        case 'callPay':
          this.track(this.sendPay(state));
          break;
        case 'callInquiry':
          this.track(this.sendInquiry(state));
          break;
        case 'startTimer':
          this.startTimer(state.paymentRequestId, c.timer, c.at);
          break;
        case 'stopTimers':
          this.stopTimers(state.paymentRequestId);
          break;
        case 'enqueue':
          this.deps.onEnqueued?.();
          break;
        case 'alert':
          this.deps.onAlert?.(c.message, state);
          break;
      }
    }
  }

  private async sendPay(s: AttemptState): Promise<void> {
    const req = { paymentRequestId: s.paymentRequestId, saleId: s.saleId, scenario: s.scenario, amount: s.amount, createdAt: s.createdAt, expiresAt: s.expiresAt, context: this.deps.payContext() };
    let o;
    if (s.scenario === 'PaymentCode') {
      const code = this.codes.get(s.paymentRequestId);
      // The code lives only in memory: without it (never after a restart) pay is not sent again.
      if (code === undefined) {
        await this.durably(s.paymentRequestId, { type: 'payAnswered', at: this.deps.clock.now(), result: { kind: 'U', reason: 'code-lost', resultCode: null, sent: true } });
        return;
      }
      o = await this.deps.gateway.pay({ ...req, paymentCode: code });
    } else if (s.scenario === 'EntryCode') {
      const entry = this.entries.get(s.paymentRequestId);
      // Like the code: after a restart pay is never sent again; the attempt is resolved by inquiry and cancel.
      if (entry === undefined) {
        await this.durably(s.paymentRequestId, { type: 'payAnswered', at: this.deps.clock.now(), result: { kind: 'U', reason: 'entry-context-lost', resultCode: null, sent: true } });
        return;
      }
      o = await this.deps.gateway.pay({ ...req, entry });
    } else {
      o = await this.deps.gateway.pay(req);
    }
    this.deps.onOutcome?.(o);
    if (this.stopped) return;
    await this.durably(s.paymentRequestId, { type: 'payAnswered', at: this.deps.clock.now(), result: o.result }, o.trace);
  }

  private async sendInquiry(s: AttemptState): Promise<void> {
    if (this.inquiring.has(s.paymentRequestId)) return;
    this.inquiring.add(s.paymentRequestId);
    try {
      const o = await this.deps.gateway.inquiryPayment(refOf(s));
      this.deps.onOutcome?.(o);
      if (this.stopped) return;
      await this.durably(s.paymentRequestId, { type: 'inquiryAnswered', at: this.deps.clock.now(), result: o.result }, o.trace);
    } finally {
      this.inquiring.delete(s.paymentRequestId);
    }
  }

  private startTimer(paymentRequestId: string, timer: TimerName, at: number): void {
    if (this.stopped) return;
    const mine = this.timers.get(paymentRequestId) ?? new Map<TimerName, unknown>();
    this.timers.set(paymentRequestId, mine);
    const old = mine.get(timer);
    if (old !== undefined) this.deps.clock.clearTimeout(old);
    const h = this.deps.clock.setTimeout(() => {
      if (mine.get(timer) === h) mine.delete(timer);
      void this.dispatch(paymentRequestId, { type: 'timerFired', at: this.deps.clock.now(), timer }).catch((err: unknown) => {
        // The journal refused the write (disk full for a moment): nothing changed, so the timer
        // must survive or polling (or the expiry cancel) would silently stop. Arm it again.
        this.deps.onJournalError?.(err, paymentRequestId, 'timerFired');
        if (!this.stopped && !mine.has(timer)) this.startTimer(paymentRequestId, timer, this.deps.clock.now() + this.policy.journalRetryMs);
      });
    }, Math.max(0, at - this.deps.clock.now()));
    mine.set(timer, h);
  }

  /**
   * An answer from Alipay must reach the journal: if the write fails, the same answer is applied
   * again after policy.journalRetryMs (transitions read the stored state, so this is idempotent).
   */
  private async durably(paymentRequestId: string, event: AttemptEvent, trace?: CallTrace): Promise<void> {
    try {
      await this.dispatch(paymentRequestId, event, trace);
    } catch (err) {
      this.deps.onJournalError?.(err, paymentRequestId, event.type);
      if (this.stopped) return;
      const h = this.deps.clock.setTimeout(() => {
        this.retrying.delete(h);
        if (!this.stopped) this.track(this.durably(paymentRequestId, event, trace));
      }, this.policy.journalRetryMs);
      this.retrying.add(h);
    }
  }

  private stopTimers(paymentRequestId: string): void {
    const mine = this.timers.get(paymentRequestId);
    if (!mine) return;
    for (const h of mine.values()) this.deps.clock.clearTimeout(h);
    this.timers.delete(paymentRequestId);
  }
}

function retry(o: AcquirerAnswer<unknown>): JobOutcome {
  return { kind: 'retry', error: o.detail.slice(0, 300), network: o.link === 'no-answer' };
}

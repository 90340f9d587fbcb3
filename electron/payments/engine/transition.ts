/**
 * The payment state machine (DESIGN §5.1, §5.2, §5.5): pure, over plain JSON, no clock and no I/O.
 * `transition(state, event)` → the next state and the effects to run. Reading top to bottom follows
 * the flow: pay → (paid | declined | unknown → poll) → expiry or cashier → last inquiry → cancel →
 * (cancelled | too late → full refund).
 */
import { sameMoney, type Money } from '../../../shared/domain/money';
import type { AttemptFlag, CancelReason, PaymentScenario } from '../../../shared/domain/payment';
import { assertNever } from '../../../shared/errors/posError';
import { UNKNOWN_OUTCOME_MESSAGE } from './engineMessages';
import {
  ATTEMPT_STATE_VERSION,
  type AttemptCommand, type AttemptEvent, type AttemptState, type AttemptStatusOf, type Transition,
} from './attemptState';
import { DEFAULT_POLICY, nextPollDelay, type EnginePolicy } from './enginePolicy';
import {
  MSG_CANCELLED, MSG_CANCELLING, MSG_CLOSED, MSG_ENTRY_WAITING, MSG_EXPIRED, MSG_NOT_FOUND, MSG_NOT_SENT, MSG_PAID, MSG_REVERSAL_FAILED, MSG_REVERSED, MSG_REVERSING,
  MSG_SHOW_QR, MSG_UNPROVEN, MSG_CANCEL_REFUSED, msgRequestRejected,
} from './engineMessages';

export interface NewAttempt {
  readonly paymentRequestId: string;
  readonly saleId: string;
  readonly scenario: PaymentScenario;
  readonly amount: Money;
  readonly at: number;
  readonly codeHash: string | null;
  readonly codeTail: string | null;
}

/** A new attempt: written to the journal by the runner before callPay runs (write-ahead). */
export function createAttempt(input: NewAttempt, policy: EnginePolicy = DEFAULT_POLICY): Transition {
  const expiresAt = input.at + policy.expiryMs;
  const state: AttemptState = {
    v: ATTEMPT_STATE_VERSION,
    status: 'created',
    paymentRequestId: input.paymentRequestId,
    saleId: input.saleId,
    scenario: input.scenario,
    amount: input.amount,
    createdAt: input.at,
    updatedAt: input.at,
    expiresAt,
    codeHash: input.codeHash,
    codeTail: input.codeTail,
    paymentId: null,
    customerIdMasked: null,
    polls: 0,
    resultCode: null,
    message: null,
    flags: [],
    payRepeats: 0,
    pendingCancel: null,
  };
  return { state, commands: [{ type: 'callPay' }, { type: 'startTimer', timer: 'expiry', at: expiresAt + policy.graceMs }] };
}

const stay = (state: AttemptState): Transition => ({ state, commands: [] });

const withFlag = (flags: readonly AttemptFlag[], f: AttemptFlag): readonly AttemptFlag[] => (flags.includes(f) ? flags : [...flags, f]);

type Polling = AttemptStatusOf<'awaitingCustomer'> | AttemptStatusOf<'unknown'>;
type Base = Omit<AttemptStatusOf<'failed'>, 'status'>;

function base(s: AttemptState, at: number): Base {
  return {
    v: s.v, paymentRequestId: s.paymentRequestId, saleId: s.saleId, scenario: s.scenario, amount: s.amount, createdAt: s.createdAt, updatedAt: at,
    expiresAt: s.expiresAt, codeHash: s.codeHash, codeTail: s.codeTail, paymentId: s.paymentId, customerIdMasked: s.customerIdMasked, polls: s.polls,
    resultCode: s.resultCode, message: s.message, flags: s.flags,
  };
}

function pollCommands(s: AttemptState, at: number, policy: EnginePolicy): AttemptCommand[] {
  // Order and entry codes wait for a customer who has not started yet: the slower schedule.
  const schedule = s.scenario === 'PaymentCode' ? policy.userPollScheduleMs : policy.orderPollScheduleMs;
  const delay = nextPollDelay(schedule, s.polls, policy.maxPolls);
  // Past the deadline only the expiry timer is left: it leads to the last inquiry and the cancel.
  if (delay === null || at + delay >= s.expiresAt + policy.graceMs) return [];
  return [{ type: 'startTimer', timer: 'poll', at: at + delay }];
}

/** `customerIdMasked`: from the answer that proved the payment; a missing one keeps what we knew. */
function succeeded(s: AttemptState, at: number, paymentId: string | null, amount: Money | null, customerIdMasked: string | null | undefined): Transition {
  const mismatch = amount !== null && !sameMoney(amount, s.amount);
  const state: AttemptState = {
    ...base(s, at),
    status: 'succeeded',
    paidAt: at,
    paymentId: paymentId ?? s.paymentId,
    customerIdMasked: customerIdMasked ?? s.customerIdMasked,
    resultCode: 'SUCCESS',
    message: MSG_PAID,
    flags: mismatch ? withFlag(s.flags, 'amountMismatch') : s.flags,
  };
  const commands: AttemptCommand[] = [{ type: 'stopTimers' }];
  if (mismatch) commands.push({ type: 'alert', message: `attempt ${s.paymentRequestId} paid ${amount.minor} ${amount.currency}, expected ${s.amount.minor} ${s.amount.currency}` });
  return { state, commands };
}

function failed(s: AttemptState, at: number, resultCode: string, api: 'pay' | 'inquiryPayment', policy: EnginePolicy): Transition {
  const info = policy.codes.lookup(resultCode, { api, scenario: s.scenario });
  const alert = info.action === 'alert-operator';
  const state: AttemptState = {
    ...base(s, at),
    status: 'failed',
    resultCode,
    message: info.message,
    flags: alert ? withFlag(s.flags, 'needsAttention') : s.flags,
  };
  const commands: AttemptCommand[] = [{ type: 'stopTimers' }];
  if (alert) commands.push({ type: 'alert', message: `attempt ${s.paymentRequestId}: ${resultCode} needs an operator` });
  return { state, commands };
}

function cancelled(s: AttemptState, at: number, reason: CancelReason | null, resultCode: string | null): Transition {
  const message = reason === 'expiry' ? MSG_EXPIRED : reason === 'notFound' ? MSG_NOT_FOUND : reason === null ? MSG_CLOSED : MSG_CANCELLED;
  return { state: { ...base(s, at), status: 'cancelled', reason, resultCode: resultCode ?? s.resultCode, message }, commands: [{ type: 'stopTimers' }] };
}

function cancelling(s: AttemptState, at: number, reason: CancelReason): Transition {
  const kind = reason === 'void' ? 'void' : 'cancel';
  return {
    state: { ...base(s, at), status: 'cancelling', reason, cancelSent: false, cancelTries: 0, cancelRefusals: 0, message: MSG_CANCELLING },
    commands: [{ type: 'stopTimers' }, { type: 'enqueue', job: { kind, key: `${kind}:${s.paymentRequestId}`, subject: s.paymentRequestId } }],
  };
}

/** Still unresolved: keep polling (or wait for the expiry timer), remembering what Alipay said. */
function keepPolling(s: Polling, at: number, policy: EnginePolicy, patch: Partial<Polling> = {}): Transition {
  const state = { ...s, ...patch, updatedAt: at } as AttemptState;
  return { state, commands: pollCommands(state, at, policy) };
}

function onPayAnswered(s: AttemptState, e: Extract<AttemptEvent, { type: 'payAnswered' }>, policy: EnginePolicy): Transition {
  if (s.status !== 'created') return stay(s);
  const r = e.result;
  switch (r.kind) {
    case 'S': {
      if (s.scenario === 'PaymentCode') return succeeded(s, e.at, r.paymentId, r.amount, r.customerIdMasked);
      // OrderCode / EntryCode: no money has moved; show the QR, or send the wallet to Alipay's cashier, and wait.
      const waiting: AttemptState = s.scenario === 'EntryCode'
        ? {
          ...base(s, e.at), status: 'awaitingCustomer', paymentId: r.paymentId ?? s.paymentId, qr: null, message: MSG_ENTRY_WAITING,
          ...(r.redirectUrl ? { redirectUrl: r.redirectUrl } : {}),
        }
        : { ...base(s, e.at), status: 'awaitingCustomer', paymentId: r.paymentId ?? s.paymentId, qr: r.qr, message: MSG_SHOW_QR };
      if (s.pendingCancel) return cancelling(waiting, e.at, s.pendingCancel);
      return { state: waiting, commands: pollCommands(waiting, e.at, policy) };
    }
    case 'F':
      return failed(s, e.at, r.resultCode, 'pay', policy);
    case 'U': {
      // Provably never reached Alipay (connect refused): nothing exists to inquire about or cancel.
      if (!r.sent) return { state: { ...base(s, e.at), status: 'failed', resultCode: 'NOT_SENT', message: MSG_NOT_SENT }, commands: [{ type: 'stopTimers' }] };
      // The gateway refused the request itself (unsigned INVALID_SIGNATURE, KEY_NOT_FOUND …): it was never
      // processed, so nothing was charged (amsClient `rejected`). Unblock the sale and tell a human.
      if (r.reason === 'rejected' && r.resultCode) {
        const info = policy.codes.lookup(r.resultCode, { api: 'pay', scenario: s.scenario });
        return {
          state: { ...base(s, e.at), status: 'failed', resultCode: r.resultCode, message: msgRequestRejected(r.resultCode, info.message), flags: withFlag(s.flags, 'needsAttention') },
          commands: [{ type: 'stopTimers' }, { type: 'alert', message: `attempt ${s.paymentRequestId}: Alipay rejected the request (${r.resultCode}): check client id and keys` }],
        };
      }
      const info = r.resultCode ? policy.codes.lookup(r.resultCode, { api: 'pay', scenario: s.scenario }) : null;
      const alert = info?.action === 'alert-operator';
      const flags = alert ? withFlag(s.flags, 'needsAttention') : s.flags;
      const extra: AttemptCommand[] = alert ? [{ type: 'alert', message: `attempt ${s.paymentRequestId}: unverified ${r.resultCode} (${r.reason})` }] : [];
      if (s.scenario === 'EntryCode') {
        // The wallet has no redirect yet, so nobody can pay this order: the identical request is safe
        // to repeat (seed 004: U → pay again). PAYMENT_IN_PROCESS, or repeats used up, abandons this
        // id (seed 004: a new paymentRequestId); the cancel makes sure the abandoned order cannot stand.
        if (!s.pendingCancel && s.payRepeats < policy.orderPayRepeats && info?.action !== 'new-request-id') {
          return {
            state: { ...s, updatedAt: e.at, payRepeats: s.payRepeats + 1, flags },
            commands: [{ type: 'startTimer', timer: 'payRepeat', at: e.at + policy.orderPayRepeatDelayMs * (s.payRepeats + 1) }, ...extra],
          };
        }
        const t = cancelling({ ...s, resultCode: r.resultCode ?? s.resultCode, flags }, e.at, s.pendingCancel ?? 'superseded');
        return { state: t.state, commands: [...t.commands, ...extra] };
      }
      if (s.scenario === 'OrderCode' && !s.pendingCancel && s.payRepeats < policy.orderPayRepeats && info?.action !== 'poll') {
        // No money moves before the QR is scanned: the identical request is safe and returns the QR.
        return {
          state: { ...s, updatedAt: e.at, payRepeats: s.payRepeats + 1, flags },
          commands: [{ type: 'startTimer', timer: 'payRepeat', at: e.at + policy.orderPayRepeatDelayMs * (s.payRepeats + 1) }, ...extra],
        };
      }
      const next: Polling = r.resultCode !== null && policy.codes.inProcess.includes(r.resultCode)
        ? { ...base(s, e.at), status: 'awaitingCustomer', qr: null, resultCode: r.resultCode, message: info?.message ?? UNKNOWN_OUTCOME_MESSAGE, flags }
        : { ...base(s, e.at), status: 'unknown', reason: r.reason, resultCode: r.resultCode ?? s.resultCode, message: UNKNOWN_OUTCOME_MESSAGE, flags };
      if (s.pendingCancel) {
        const t = cancelling(next, e.at, s.pendingCancel);
        return { state: t.state, commands: [...t.commands, ...extra] };
      }
      // Never rescan: the same paymentRequestId is resolved by inquiry (AMS.md §4).
      return { state: next, commands: [...pollCommands(next, e.at, policy), ...extra] };
    }
    default:
      return assertNever(r, 'pay result');
  }
}

function onInquiryAnswered(s: AttemptState, e: Extract<AttemptEvent, { type: 'inquiryAnswered' }>, policy: EnginePolicy): Transition {
  const r = e.result;
  switch (s.status) {
    case 'awaitingCustomer':
    case 'unknown': {
      if (r.kind === 'status') {
        switch (r.status) {
          case 'SUCCESS': return succeeded(s, e.at, r.paymentId, r.amount, r.customerIdMasked);
          case 'FAIL': return failed(s, e.at, r.resultCode ?? 'FAIL', 'inquiryPayment', policy);
          case 'CANCELLED': return cancelled(s, e.at, null, r.resultCode);
          case 'PROCESSING': {
            // It exists at Alipay: the customer is confirming (or the QR is not scanned yet).
            if (s.status === 'unknown') {
              const next: Polling = { ...base(s, e.at), status: 'awaitingCustomer', qr: null, paymentId: r.paymentId ?? s.paymentId };
              return keepPolling(next, e.at, policy);
            }
            return keepPolling(s, e.at, policy, { paymentId: r.paymentId ?? s.paymentId });
          }
          default: return assertNever(r.status, 'payment status');
        }
      }
      if (r.kind === 'F' && !policy.codes.notFound.includes(r.resultCode) && policy.codes.lookup(r.resultCode, { api: 'inquiryPayment' }).action === 'alert-operator') {
        const t = keepPolling(s, e.at, policy, { flags: withFlag(s.flags, 'needsAttention') });
        return { state: t.state, commands: [...t.commands, { type: 'alert', message: `inquiry for ${s.paymentRequestId}: ${r.resultCode}` }] };
      }
      // Long after pay left, Alipay still has no record: it never got the pay. Cancel to make sure
      // rather than hold the till until expiry (the cancel's own ORDER_NOT_EXIST then closes it).
      if (r.kind === 'F' && policy.codes.notFound.includes(r.resultCode) && s.status === 'unknown' && e.at >= s.createdAt + policy.orderAbsentAfterMs) {
        return cancelling({ ...s, resultCode: r.resultCode }, e.at, 'notFound');
      }
      // ORDER_NOT_EXIST may only mean pay has not reached Alipay yet; U is a lost answer: ask again.
      return keepPolling(s, e.at, policy);
    }
    case 'cancelling': {
      if (r.kind !== 'status') return stay(s);
      switch (r.status) {
        // The last inquiry found it paid before any cancel left: the payment stands. Once a cancel may
        // have left, only the cancel decides: it is repeated (with the paymentId) and refunds the money.
        case 'SUCCESS':
          return s.cancelSent ? stay({ ...s, updatedAt: e.at, flags: withFlag(s.flags, 'paidWhileCancelling'), paymentId: r.paymentId ?? s.paymentId }) : succeeded(s, e.at, r.paymentId, r.amount, r.customerIdMasked);
        case 'FAIL': return failed(s, e.at, r.resultCode ?? 'FAIL', 'inquiryPayment', policy);
        case 'CANCELLED': return cancelled(s, e.at, s.reason, r.resultCode);
        case 'PROCESSING': return r.paymentId && !s.paymentId ? stay({ ...s, paymentId: r.paymentId, updatedAt: e.at }) : stay(s);
        default: return assertNever(r.status, 'payment status');
      }
    }
    case 'reversing': {
      if (r.kind !== 'status') return stay(s);
      if (r.status === 'SUCCESS') return r.paymentId && r.paymentId !== s.paymentId ? stay({ ...s, paymentId: r.paymentId, updatedAt: e.at }) : stay(s);
      if (r.status === 'FAIL' || r.status === 'CANCELLED') return cancelled(s, e.at, s.reason, r.resultCode);
      return stay(s);
    }
    case 'created':
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      return stay(s);
    default:
      return assertNever(s, 'attempt state');
  }
}

function onTimer(s: AttemptState, e: Extract<AttemptEvent, { type: 'timerFired' }>): Transition {
  switch (e.timer) {
    case 'payRepeat':
      return s.status === 'created' ? { state: s, commands: [{ type: 'callPay' }] } : stay(s);
    case 'poll':
      if (s.status !== 'awaitingCustomer' && s.status !== 'unknown') return stay(s);
      if (e.at >= s.expiresAt && s.scenario !== 'PaymentCode') return stay(s);
      return { state: { ...s, polls: s.polls + 1, updatedAt: e.at }, commands: [{ type: 'callInquiry' }] };
    case 'expiry':
      // Expiry + grace with no final answer: a last inquiry, then cancel (from the queue).
      if (s.status === 'created' || s.status === 'awaitingCustomer' || s.status === 'unknown') return cancelling(s, e.at, 'expiry');
      return stay(s);
    default:
      return assertNever(e.timer, 'timer');
  }
}

function onCancelRequested(s: AttemptState, e: Extract<AttemptEvent, { type: 'cancelRequested' }>): Transition {
  switch (s.status) {
    case 'created':
      // Pay is on the wire: cancelling now could race it. Decide when its answer is in.
      return e.reason === 'void' || s.pendingCancel ? stay(s) : stay({ ...s, pendingCancel: e.reason, updatedAt: e.at });
    case 'awaitingCustomer':
    case 'unknown':
      return e.reason === 'void' ? stay(s) : cancelling(s, e.at, e.reason);
    case 'succeeded':
      // A supervisor voids a paid sale: cancel (refunds in full the same day), else a refund follows.
      return e.reason === 'void' ? cancelling(s, e.at, 'void') : stay(s);
    case 'cancelling':
    case 'reversing':
    case 'failed':
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      return stay(s);
    default:
      return assertNever(s, 'attempt state');
  }
}

function onCancelAnswered(s: AttemptState, e: Extract<AttemptEvent, { type: 'cancelAnswered' }>, policy: EnginePolicy): Transition {
  if (s.status !== 'cancelling') return stay(s);
  const r = e.result;
  switch (r.kind) {
    case 'S':
      return cancelled(s, e.at, s.reason, 'SUCCESS');
    case 'F': {
      if (policy.codes.cancelTooLate.includes(r.resultCode)) {
        // Paid on an earlier business day: the money comes back by a full refund (same id on every retry).
        return {
          state: { ...base(s, e.at), status: 'reversing', refundRequestId: e.reversalRefundRequestId, reason: s.reason, resultCode: r.resultCode, message: MSG_REVERSING },
          commands: [{ type: 'enqueue', job: { kind: 'reverse', key: `reverse:${s.paymentRequestId}`, subject: s.paymentRequestId } }],
        };
      }
      // Proof that nothing was charged only once the pay cannot still be on its way to being recorded.
      const notFound = policy.codes.notFound.includes(r.resultCode);
      if (notFound && e.at >= s.createdAt + policy.orderAbsentAfterMs) return cancelled(s, e.at, s.reason, r.resultCode);
      // Any other F (and an early "no such order") is not final: a slow pay may be recorded any moment.
      // The job inquires and cancels again on a bounded schedule (cancelRetryScheduleMs); past it, a human.
      const refusals = (s.cancelRefusals ?? 0) + 1;
      const exhausted = !notFound && refusals > policy.cancelRetryScheduleMs.length;
      if (!exhausted) return stay({ ...s, updatedAt: e.at, resultCode: r.resultCode, cancelRefusals: refusals, message: MSG_CANCELLING });
      return {
        state: { ...s, updatedAt: e.at, resultCode: r.resultCode, cancelRefusals: refusals, message: MSG_CANCEL_REFUSED, flags: withFlag(s.flags, 'needsAttention') },
        commands: [{ type: 'alert', message: `cancel of ${s.paymentRequestId} refused ${refusals} times: ${r.resultCode}` }],
      };
    }
    case 'U':
      return stay({ ...s, updatedAt: e.at });
    default:
      return assertNever(r, 'cancel result');
  }
}

function onReversalAnswered(s: AttemptState, e: Extract<AttemptEvent, { type: 'reversalAnswered' }>): Transition {
  if (s.status !== 'reversing') return stay(s);
  const r = e.result;
  switch (r.kind) {
    case 'S':
      return { state: { ...base(s, e.at), status: 'reversed', refundRequestId: s.refundRequestId, refundId: r.id, reason: s.reason, resultCode: 'SUCCESS', message: MSG_REVERSED }, commands: [{ type: 'stopTimers' }] };
    case 'F':
      if (s.reason === 'void') {
        // A supervisor's void of a payment we saw succeed: the money is proven taken and stays taken.
        return {
          state: {
            ...base(s, e.at), status: 'succeeded', paidAt: e.at, resultCode: r.resultCode, message: MSG_REVERSAL_FAILED,
            flags: withFlag(withFlag(s.flags, 'reversalFailed'), 'needsAttention'),
          },
          commands: [{ type: 'alert', message: `reversal of ${s.paymentRequestId} refused: ${r.resultCode}` }],
        };
      }
      // The payment was never confirmed to us (an expiry or cashier cancel found it too late): nothing
      // proves the money was taken nor that it came back. Never "succeeded": unproven, for a human.
      return {
        state: {
          ...base(s, e.at), status: 'unproven', refundRequestId: s.refundRequestId, reason: s.reason, resultCode: r.resultCode, message: MSG_UNPROVEN,
          flags: withFlag(withFlag(s.flags, 'reversalFailed'), 'needsAttention'),
        },
        commands: [{ type: 'stopTimers' }, { type: 'alert', message: `reversal of ${s.paymentRequestId} refused: ${r.resultCode}; money unproven` }],
      };
    case 'U':
      return stay(s);
    default:
      return assertNever(r, 'refund result');
  }
}

function onNotified(s: AttemptState, e: Extract<AttemptEvent, { type: 'notified' }>, policy: EnginePolicy): Transition {
  if (e.amount !== null && !sameMoney(e.amount, s.amount)) {
    // A verified notice for a different amount is not our payment's success: inquiry will say the truth.
    return { state: { ...s, updatedAt: e.at, flags: withFlag(s.flags, 'amountMismatch') }, commands: [{ type: 'alert', message: `notification for ${s.paymentRequestId} has another amount` }] };
  }
  const success = e.status === 'SUCCESS';
  switch (s.status) {
    case 'created':
    case 'awaitingCustomer':
    case 'unknown':
      return success ? succeeded(s, e.at, e.paymentId, e.amount, e.customerIdMasked) : failed(s, e.at, e.resultCode, 'inquiryPayment', policy);
    case 'cancelling':
      if (!s.cancelSent) return success ? succeeded(s, e.at, e.paymentId, e.amount, e.customerIdMasked) : failed(s, e.at, e.resultCode, 'inquiryPayment', policy);
      // The cancel may already have closed or refunded it: the cancel's answer decides, not this notice.
      return success ? stay({ ...s, updatedAt: e.at, flags: withFlag(s.flags, 'paidWhileCancelling') }) : stay(s);
    case 'cancelled':
    case 'failed':
      // Never resurrect: record it and tell a human (AMS.md §5: a cancelled payment stays cancelled).
      if (!success || s.flags.includes('lateSuccessAfterCancel')) return stay(s);
      return {
        state: { ...s, updatedAt: e.at, flags: withFlag(s.flags, 'lateSuccessAfterCancel') },
        commands: [{ type: 'alert', message: `late success notification for ${s.status} attempt ${s.paymentRequestId}` }],
      };
    case 'succeeded': {
      // Already paid (the pay or inquiry answer came first): the notice may still fill in what that answer lacked.
      const paymentId = s.paymentId ?? e.paymentId;
      const customerIdMasked = s.customerIdMasked ?? e.customerIdMasked ?? null;
      return paymentId !== s.paymentId || customerIdMasked !== s.customerIdMasked ? stay({ ...s, paymentId, customerIdMasked, updatedAt: e.at }) : stay(s);
    }
    case 'reversing':
    case 'reversed':
    case 'unproven':
      return stay(s);
    default:
      return assertNever(s, 'attempt state');
  }
}

/** After a restart: nothing in memory survived, so re-arm what the stored state needs. */
function onRecovered(s: AttemptState, e: Extract<AttemptEvent, { type: 'recovered' }>, policy: EnginePolicy): Transition {
  const deadline = s.expiresAt + policy.graceMs;
  switch (s.status) {
    case 'created': {
      // We cannot know whether pay left before the crash: never resend it, ask Alipay instead.
      if (s.pendingCancel) return cancelling(s, e.at, s.pendingCancel);
      if (e.at >= deadline) return cancelling(s, e.at, 'expiry');
      const next: AttemptState = { ...base(s, e.at), status: 'unknown', reason: 'restart', message: UNKNOWN_OUTCOME_MESSAGE };
      return { state: next, commands: [{ type: 'startTimer', timer: 'poll', at: e.at }, { type: 'startTimer', timer: 'expiry', at: deadline }] };
    }
    case 'awaitingCustomer':
    case 'unknown':
      if (e.at >= deadline) return cancelling(s, e.at, 'expiry');
      return { state: s, commands: [{ type: 'startTimer', timer: 'poll', at: e.at }, { type: 'startTimer', timer: 'expiry', at: deadline }] };
    case 'cancelling': {
      const kind = s.reason === 'void' ? 'void' : 'cancel';
      return { state: s, commands: [{ type: 'enqueue', job: { kind, key: `${kind}:${s.paymentRequestId}`, subject: s.paymentRequestId } }] };
    }
    case 'reversing':
      return { state: s, commands: [{ type: 'enqueue', job: { kind: 'reverse', key: `reverse:${s.paymentRequestId}`, subject: s.paymentRequestId } }] };
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      return stay(s);
    default:
      return assertNever(s, 'attempt state');
  }
}

export function transition(s: AttemptState, e: AttemptEvent, policy: EnginePolicy = DEFAULT_POLICY): Transition {
  switch (e.type) {
    case 'payAnswered': return onPayAnswered(s, e, policy);
    case 'inquiryAnswered': return onInquiryAnswered(s, e, policy);
    case 'timerFired': return onTimer(s, e);
    case 'cancelRequested': return onCancelRequested(s, e);
    case 'cancelSending':
      return s.status === 'cancelling' ? stay({ ...s, cancelSent: true, cancelTries: s.cancelTries + 1, updatedAt: e.at }) : stay(s);
    case 'cancelAnswered': return onCancelAnswered(s, e, policy);
    case 'reversalAnswered': return onReversalAnswered(s, e);
    case 'notified': return onNotified(s, e, policy);
    case 'recovered': return onRecovered(s, e, policy);
    default: return assertNever(e, 'attempt event');
  }
}

/** What the offline-queue job for a cancelling/reversing attempt must ask Alipay next. */
export type ResolveCall = 'inquiry' | 'cancel' | 'refund' | null;
export function nextResolveCall(s: AttemptState, inquiredThisRun: boolean): ResolveCall {
  switch (s.status) {
    case 'cancelling':
      // A void is of a known-paid payment; after a cancel may have left, only the cancel decides —
      // but after a refusal, ask first what Alipay has now (a slow pay may have been recorded).
      if (inquiredThisRun) return 'cancel';
      if ((s.cancelRefusals ?? 0) > 0) return 'inquiry';
      if (s.reason === 'void' || s.cancelSent) return 'cancel';
      return 'inquiry';
    case 'reversing':
      return s.paymentId ? 'refund' : 'inquiry';
    case 'created':
    case 'awaitingCustomer':
    case 'unknown':
    case 'succeeded':
    case 'failed':
    case 'cancelled':
    case 'reversed':
    case 'unproven':
      return null;
    default:
      return assertNever(s, 'attempt state');
  }
}

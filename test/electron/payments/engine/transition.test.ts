import { describe, expect, it } from 'vitest';
import type { AttemptCommand, AttemptEvent, AttemptState } from '../../../../electron/payments/engine/attemptState';
import { DEFAULT_POLICY, nextPollDelay } from '../../../../electron/payments/engine/enginePolicy';
import { createAttempt, nextResolveCall, transition } from '../../../../electron/payments/engine/transition';
import { money } from '../../../../shared/domain/money';

const T0 = 1_700_000_000_000;
const AMOUNT = money(1234, 'CNY');
const GRACE = DEFAULT_POLICY.graceMs;
const EXP = T0 + DEFAULT_POLICY.expiryMs;

function fresh(scenario: 'PaymentCode' | 'OrderCode' = 'PaymentCode'): AttemptState {
  return createAttempt({ paymentRequestId: 'P1', saleId: 'S1', scenario, amount: AMOUNT, at: T0, codeHash: scenario === 'PaymentCode' ? 'h' : null, codeTail: scenario === 'PaymentCode' ? '1234' : null }).state;
}
function run(s: AttemptState, ...events: AttemptEvent[]): { state: AttemptState; commands: AttemptCommand[] } {
  let state = s;
  let commands: AttemptCommand[] = [];
  for (const e of events) {
    const t = transition(state, e);
    state = t.state;
    commands = [...t.commands];
  }
  return { state, commands };
}
const at = (ms: number): number => T0 + ms;
const payS = (ms = 100): AttemptEvent => ({ type: 'payAnswered', at: at(ms), result: { kind: 'S', paymentId: 'A1', qr: null, amount: AMOUNT } });
const payF = (code: string): AttemptEvent => ({ type: 'payAnswered', at: at(100), result: { kind: 'F', resultCode: code, resultMessage: code } });
const payU = (resultCode: string | null, reason = 'result-U', sent = true): AttemptEvent => ({ type: 'payAnswered', at: at(100), result: { kind: 'U', reason, resultCode, sent } });
const inq = (status: 'SUCCESS' | 'FAIL' | 'PROCESSING' | 'CANCELLED', ms: number, resultCode: string | null = null): AttemptEvent => ({
  type: 'inquiryAnswered', at: at(ms), result: { kind: 'status', status, paymentId: 'A1', resultCode, amount: null },
});
const timer = (name: 'poll' | 'expiry' | 'payRepeat', ms: number): AttemptEvent => ({ type: 'timerFired', at: at(ms), timer: name });

describe('createAttempt', () => {
  it('commits state created with expiry = request + policy and asks for pay then an expiry timer', () => {
    const t = createAttempt({ paymentRequestId: 'P1', saleId: 'S1', scenario: 'PaymentCode', amount: AMOUNT, at: T0, codeHash: 'h', codeTail: '1234' });
    expect(t.state).toMatchObject({ status: 'created', expiresAt: T0 + 180_000, codeTail: '1234' });
    expect(JSON.stringify(t.state)).not.toMatch(/\d{16}/);
    expect(t.commands).toEqual([{ type: 'callPay' }, { type: 'startTimer', timer: 'expiry', at: T0 + 180_000 + GRACE }]);
  });
  it('honours a configured expiry (1–10 minutes)', () => {
    const t = createAttempt({ paymentRequestId: 'P1', saleId: 'S1', scenario: 'PaymentCode', amount: AMOUNT, at: T0, codeHash: null, codeTail: null }, { ...DEFAULT_POLICY, expiryMs: 60_000 });
    expect(t.state.expiresAt).toBe(T0 + 60_000);
  });
});

describe('pay answers (user-presented)', () => {
  const rows: Array<[string, AttemptEvent, Partial<AttemptState>, string[]]> = [
    ['S → succeeded', payS(), { status: 'succeeded', paymentId: 'A1' }, ['stopTimers']],
    ['F decline → failed with the message', payF('USER_BALANCE_NOT_ENOUGH'), { status: 'failed', resultCode: 'USER_BALANCE_NOT_ENOUGH' }, ['stopTimers']],
    ['F code problem → failed (new id next time)', payF('EXPIRED_CODE'), { status: 'failed', resultCode: 'EXPIRED_CODE' }, ['stopTimers']],
    ['F config error → failed and alert', payF('ACCESS_DENIED'), { status: 'failed', flags: ['needsAttention'] }, ['stopTimers', 'alert']],
    ['F system error → failed and alert (no retry)', payF('SYSTEM_ERROR'), { status: 'failed', flags: ['needsAttention'] }, ['stopTimers', 'alert']],
    ['U PAYMENT_IN_PROCESS → awaitingCustomer, poll', payU('PAYMENT_IN_PROCESS'), { status: 'awaitingCustomer' }, ['startTimer']],
    ['U UNKNOWN_EXCEPTION → unknown, poll (never rescan)', payU('UNKNOWN_EXCEPTION'), { status: 'unknown' }, ['startTimer']],
    ['timeout → unknown, poll', payU(null, 'timeout'), { status: 'unknown' }, ['startTimer']],
    ['HTTP 5xx → unknown, poll', payU(null, 'http-status'), { status: 'unknown' }, ['startTimer']],
    ['unsigned → unknown, poll', payU(null, 'unsigned'), { status: 'unknown' }, ['startTimer']],
    ['unsigned INVALID_SIGNATURE → unknown + alert', payU('INVALID_SIGNATURE', 'unsigned'), { status: 'unknown', flags: ['needsAttention'] }, ['startTimer', 'alert']],
    ['connect refused (never sent) → failed NOT_SENT', payU(null, 'network', false), { status: 'failed', resultCode: 'NOT_SENT' }, ['stopTimers']],
  ];
  it.each(rows)('%s', (_name, event, expected, commandTypes) => {
    const { state, commands } = run(fresh(), event);
    expect(state).toMatchObject(expected);
    expect(commands.map((c) => c.type)).toEqual(commandTypes);
  });

  it('every decline class in the table ends the attempt: never polls a verified F', () => {
    for (const code of ['USER_AMOUNT_EXCEED_LIMIT', 'RISK_REJECT', 'FRAUD_REJECT', 'INVALID_PAYMENT_CODE', 'ORDER_IS_CLOSED', 'REPEAT_REQ_INCONSISTENT', 'MERCHANT_NOT_REGISTERED', 'SOME_NEW_CODE']) {
      const { state, commands } = run(fresh(), payF(code));
      expect(state.status, code).toBe('failed');
      expect(commands.some((c) => c.type === 'callInquiry' || c.type === 'startTimer'), code).toBe(false);
    }
  });

  it('first poll 1.5 s after the U answer', () => {
    const { commands } = run(fresh(), payU('PAYMENT_IN_PROCESS'));
    expect(commands).toEqual([{ type: 'startTimer', timer: 'poll', at: at(100 + 1_500) }]);
  });
});

describe('polling', () => {
  const waiting = run(fresh(), payU('PAYMENT_IN_PROCESS')).state;
  const rows: Array<[string, AttemptEvent[], Partial<AttemptState>, string[]]> = [
    ['poll timer → inquiry', [timer('poll', 2_100)], { status: 'awaitingCustomer', polls: 1 }, ['callInquiry']],
    ['SUCCESS → succeeded', [timer('poll', 2_100), inq('SUCCESS', 2_200)], { status: 'succeeded', paymentId: 'A1' }, ['stopTimers']],
    ['FAIL → failed with its code', [timer('poll', 2_100), inq('FAIL', 2_200, 'USER_BALANCE_NOT_ENOUGH')], { status: 'failed', resultCode: 'USER_BALANCE_NOT_ENOUGH' }, ['stopTimers']],
    ['CANCELLED by Alipay → cancelled', [timer('poll', 2_100), inq('CANCELLED', 2_200, 'ORDER_IS_CLOSED')], { status: 'cancelled' }, ['stopTimers']],
    ['PROCESSING → next poll 3 s later', [timer('poll', 2_100), inq('PROCESSING', 2_200)], { status: 'awaitingCustomer', polls: 1 }, ['startTimer']],
    ['expiry timer → cancelling + queued cancel', [timer('expiry', 190_000)], { status: 'cancelling', reason: 'expiry', cancelSent: false }, ['stopTimers', 'enqueue']],
    ['cashier cancel → cancelling', [{ type: 'cancelRequested', at: at(5_000), reason: 'cashier' }], { status: 'cancelling', reason: 'cashier' }, ['stopTimers', 'enqueue']],
    ['success notification → succeeded', [{ type: 'notified', at: at(3_000), status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS' }], { status: 'succeeded' }, ['stopTimers']],
    ['notification with another amount is not applied', [{ type: 'notified', at: at(3_000), status: 'SUCCESS', paymentId: 'A1', amount: money(1, 'CNY'), resultCode: 'SUCCESS' }], { status: 'awaitingCustomer', flags: ['amountMismatch'] }, ['alert']],
  ];
  it.each(rows)('%s', (_name, events, expected, commandTypes) => {
    const { state, commands } = run(waiting, ...events);
    expect(state).toMatchObject(expected);
    expect(commands.map((c) => c.type)).toEqual(commandTypes);
  });

  it('unknown + ORDER_NOT_EXIST keeps polling (pay may not have arrived yet); PROCESSING → awaitingCustomer', () => {
    const unknown = run(fresh(), payU(null, 'timeout')).state;
    const notYet = run(unknown, timer('poll', 2_100), { type: 'inquiryAnswered', at: at(2_200), result: { kind: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '' } });
    expect(notYet.state.status).toBe('unknown');
    expect(notYet.commands).toEqual([{ type: 'startTimer', timer: 'poll', at: at(2_200 + 2_500) }]);
    expect(run(unknown, timer('poll', 2_100), inq('PROCESSING', 2_200)).state.status).toBe('awaitingCustomer');
  });

  it('unknown + ORDER_NOT_EXIST long after pay left (orderAbsentAfterMs) → cancelling notFound, not polling to expiry', () => {
    const unknown = run(fresh(), payU(null, 'http-status')).state;
    const late = DEFAULT_POLICY.orderAbsentAfterMs;
    const gone = run(unknown, timer('poll', late), { type: 'inquiryAnswered', at: at(late + 50), result: { kind: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '' } });
    expect(gone.state).toMatchObject({ status: 'cancelling', reason: 'notFound', cancelSent: false });
    expect(gone.commands.map((c) => c.type)).toEqual(['stopTimers', 'enqueue']);
    // Once Alipay said the customer is confirming, ORDER_NOT_EXIST is never taken as absence.
    const waiting = run(fresh(), payU('PAYMENT_IN_PROCESS')).state;
    expect(run(waiting, timer('poll', late), { type: 'inquiryAnswered', at: at(late + 50), result: { kind: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '' } }).state.status).toBe('awaitingCustomer');
  });

  it('an unsigned request-level rejection of pay (wrong key) → failed at once with the keys message and an alert; other unsigned answers stay unknown', () => {
    const rejected = run(fresh(), payU('INVALID_SIGNATURE', 'rejected'));
    expect(rejected.state).toMatchObject({ status: 'failed', resultCode: 'INVALID_SIGNATURE', flags: ['needsAttention'] });
    expect(rejected.state.message?.en).toMatch(/refused our signature.*check the keys in Settings/i);
    expect(rejected.state.message?.['zh-CN']).toMatch(/签名/);
    expect(rejected.commands.map((c) => c.type)).toEqual(['stopTimers', 'alert']);
    expect(run(fresh(), payU('CLIENT_INVALID', 'rejected')).state.message?.en).toMatch(/client id/);
    expect(run(fresh(), payU('SUCCESS', 'unsigned')).state.status).toBe('unknown');
  });

  it('schedule is front-loaded and bounded, and never past expiry + grace', () => {
    let s = run(fresh(), payU('PAYMENT_IN_PROCESS')).state;
    let now = at(100);
    const times: number[] = [];
    let next: AttemptCommand | undefined = { type: 'startTimer', timer: 'poll', at: now + 1_500 };
    while (next && next.type === 'startTimer') {
      now = next.at;
      times.push(now - T0);
      s = transition(s, timer('poll', now - T0)).state;
      const t = transition(s, inq('PROCESSING', now - T0 + 50));
      s = t.state;
      next = t.commands.find((c) => c.type === 'startTimer');
    }
    expect(times.slice(0, 5)).toEqual([1_600, 4_150, 6_700, 9_250, 11_800]);
    expect(times.length).toBeLessThanOrEqual(DEFAULT_POLICY.maxPolls);
    expect(Math.max(...times)).toBeLessThan(EXP + GRACE - T0);
    expect(s.status).toBe('awaitingCustomer');
    expect(transition(s, timer('expiry', EXP + GRACE - T0)).state.status).toBe('cancelling');
  });

  it('nextPollDelay repeats the last entry and stops at the bound', () => {
    expect(nextPollDelay([1, 2], 0, 5)).toBe(1);
    expect(nextPollDelay([1, 2], 4, 5)).toBe(2);
    expect(nextPollDelay([1, 2], 5, 5)).toBeNull();
  });
});

describe('cancelling (from the offline queue)', () => {
  const c = run(fresh(), payU('PAYMENT_IN_PROCESS'), timer('expiry', 190_000)).state;
  const rows: Array<[string, AttemptEvent[], Partial<AttemptState>, string[]]> = [
    ['last inquiry SUCCESS before any cancel → succeeded', [inq('SUCCESS', 190_100)], { status: 'succeeded' }, ['stopTimers']],
    ['last inquiry PROCESSING → unchanged, cancel next', [inq('PROCESSING', 190_100)], { status: 'cancelling', cancelSent: false }, []],
    ['cancel S → cancelled (expired)', [{ type: 'cancelSending', at: at(190_200) }, { type: 'cancelAnswered', at: at(190_300), result: { kind: 'S', id: null }, reversalRefundRequestId: 'R1' }], { status: 'cancelled', reason: 'expiry' }, ['stopTimers']],
    ['cancel U → still cancelling (the queue retries)', [{ type: 'cancelSending', at: at(190_200) }, { type: 'cancelAnswered', at: at(190_300), result: { kind: 'U', reason: 'timeout', resultCode: null }, reversalRefundRequestId: 'R1' }], { status: 'cancelling', cancelSent: true, cancelTries: 1 }, []],
    ['CANCEL_WINDOW_EXCEED → reversing with a persisted refund id', [{ type: 'cancelSending', at: at(190_200) }, { type: 'cancelAnswered', at: at(190_300), result: { kind: 'F', resultCode: 'CANCEL_WINDOW_EXCEED', resultMessage: '' }, reversalRefundRequestId: 'R1' }], { status: 'reversing', refundRequestId: 'R1' }, ['enqueue']],
    ['cancel ORDER_NOT_EXIST long after pay left → cancelled (never created)', [{ type: 'cancelSending', at: at(190_200) }, { type: 'cancelAnswered', at: at(190_300), result: { kind: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '' }, reversalRefundRequestId: 'R1' }], { status: 'cancelled' }, ['stopTimers']],
    ['cancel F other → not final: stays cancelling, counted, retried', [{ type: 'cancelSending', at: at(190_200) }, { type: 'cancelAnswered', at: at(190_300), result: { kind: 'F', resultCode: 'ORDER_STATUS_INVALID', resultMessage: '' }, reversalRefundRequestId: 'R1' }], { status: 'cancelling', cancelRefusals: 1, flags: [] }, []],
    ['success notice after the cancel left → flagged, cancel decides', [{ type: 'cancelSending', at: at(190_200) }, { type: 'notified', at: at(190_250), status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS' }], { status: 'cancelling', flags: ['paidWhileCancelling'] }, []],
    ['success notice before the cancel left → succeeded', [{ type: 'notified', at: at(190_250), status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS' }], { status: 'succeeded' }, ['stopTimers']],
  ];
  it.each(rows)('%s', (_name, events, expected, commandTypes) => {
    const { state, commands } = run(c, ...events);
    expect(state).toMatchObject(expected);
    expect(commands.map((x) => x.type)).toEqual(commandTypes);
  });

  it('cancel ORDER_NOT_EXIST soon after pay (a slow pay may still be recorded) is not final; refusals past the schedule alert', () => {
    const racing = run(fresh(), payU(null, 'timeout'), { type: 'cancelRequested', at: at(700), reason: 'cashier' }, { type: 'cancelSending', at: at(800) }).state;
    const early = transition(racing, { type: 'cancelAnswered', at: at(900), result: { kind: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '' }, reversalRefundRequestId: 'R1' });
    expect(early.state).toMatchObject({ status: 'cancelling', cancelRefusals: 1, message: { en: expect.stringMatching(/do not hand over/i) } });
    expect(nextResolveCall(early.state, false)).toBe('inquiry'); // ask what Alipay has now, then cancel again
    expect(nextResolveCall(early.state, true)).toBe('cancel');
    let s = early.state;
    for (let i = 0; i < DEFAULT_POLICY.cancelRetryScheduleMs.length; i++) s = transition(s, { type: 'cancelAnswered', at: at(1_000 + i), result: { kind: 'F', resultCode: 'PROCESS_FAIL', resultMessage: '' }, reversalRefundRequestId: 'R1' }).state;
    expect(s).toMatchObject({ status: 'cancelling', flags: ['needsAttention'] });
    // A payment found paid after the cancel left is cancelled again (and so refunded), never kept.
    const paid = transition(early.state, inq('SUCCESS', 5_000));
    expect(paid.state).toMatchObject({ status: 'cancelling', flags: ['paidWhileCancelling'], paymentId: 'A1' });
    expect(transition(paid.state, { type: 'cancelAnswered', at: at(5_100), result: { kind: 'S', id: null }, reversalRefundRequestId: 'R1' }).state.status).toBe('cancelled');
  });

  it('nextResolveCall: inquiry first, then cancel; once sent only cancel; reversal refunds', () => {
    expect(nextResolveCall(c, false)).toBe('inquiry');
    expect(nextResolveCall(c, true)).toBe('cancel');
    const sent = transition(c, { type: 'cancelSending', at: at(1) }).state;
    expect(nextResolveCall(sent, false)).toBe('cancel');
    const rev = transition(sent, { type: 'cancelAnswered', at: at(2), result: { kind: 'F', resultCode: 'CANCEL_WINDOW_EXCEED', resultMessage: '' }, reversalRefundRequestId: 'R1' }).state;
    expect(nextResolveCall(rev, false)).toBe('inquiry'); // paymentId unknown yet
    const known = transition(rev, inq('SUCCESS', 3)).state;
    expect(nextResolveCall(known, false)).toBe('refund');
    expect(transition(known, { type: 'reversalAnswered', at: at(4), result: { kind: 'S', id: 'RF1' } }).state).toMatchObject({ status: 'reversed', refundId: 'RF1' });
    // A refused reversal of a payment never confirmed to us: unproven, never succeeded.
    const refused = transition(known, { type: 'reversalAnswered', at: at(4), result: { kind: 'F', resultCode: 'REFUND_WINDOW_EXCEED', resultMessage: '' } });
    expect(refused.state).toMatchObject({ status: 'unproven', refundRequestId: 'R1', flags: ['reversalFailed', 'needsAttention'] });
    expect(refused.commands.map((x) => x.type)).toEqual(['stopTimers', 'alert']);
    expect(nextResolveCall(refused.state, false)).toBeNull();
    expect(nextResolveCall(fresh(), false)).toBeNull();
  });
});

describe('final states are never resurrected', () => {
  it('late success notification on a cancelled attempt is recorded and flagged, once', () => {
    const done = run(fresh(), payU('PAYMENT_IN_PROCESS'), { type: 'cancelRequested', at: at(3_000), reason: 'cashier' }, { type: 'cancelSending', at: at(3_100) },
      { type: 'cancelAnswered', at: at(3_200), result: { kind: 'S', id: null }, reversalRefundRequestId: 'R' }).state;
    expect(done.status).toBe('cancelled');
    const late = transition(done, { type: 'notified', at: at(4_000), status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS' });
    expect(late.state).toMatchObject({ status: 'cancelled', flags: ['lateSuccessAfterCancel'] });
    expect(late.commands.map((c) => c.type)).toEqual(['alert']);
    expect(transition(late.state, { type: 'notified', at: at(5_000), status: 'SUCCESS', paymentId: 'A1', amount: AMOUNT, resultCode: 'SUCCESS' }).state).toBe(late.state);
  });
  it('every event on a final state leaves the status alone', () => {
    const finals = [run(fresh(), payS()).state, run(fresh(), payF('RISK_REJECT')).state];
    const events: AttemptEvent[] = [payS(), payF('X'), inq('FAIL', 1), inq('SUCCESS', 1), timer('poll', 1), timer('expiry', 1), { type: 'cancelRequested', at: 1, reason: 'cashier' }, { type: 'recovered', at: 1 }];
    for (const f of finals) for (const e of events) expect(transition(f, e).state.status).toBe(f.status);
  });
  it('a supervisor void of a succeeded payment goes through cancel', () => {
    const paid = run(fresh(), payS()).state;
    const t = transition(paid, { type: 'cancelRequested', at: at(10_000), reason: 'void' });
    expect(t.state).toMatchObject({ status: 'cancelling', reason: 'void' });
    expect(t.commands).toContainEqual({ type: 'enqueue', job: { kind: 'void', key: 'void:P1', subject: 'P1' } });
    expect(nextResolveCall(t.state, false)).toBe('cancel');
  });
});

describe('cashier cancel while pay is on the wire', () => {
  it('is held until the answer: S stands, U turns into the cancel', () => {
    const held = transition(fresh(), { type: 'cancelRequested', at: at(50), reason: 'cashier' }).state;
    expect(held).toMatchObject({ status: 'created', pendingCancel: 'cashier' });
    expect(transition(held, payS()).state.status).toBe('succeeded');
    expect(transition(held, payU('PAYMENT_IN_PROCESS')).state).toMatchObject({ status: 'cancelling', reason: 'cashier' });
  });
});

describe('order code', () => {
  const qrS: AttemptEvent = { type: 'payAnswered', at: at(100), result: { kind: 'S', paymentId: 'A9', qr: { codeValue: 'https://qr/x', expiresAt: EXP }, amount: AMOUNT } };
  it('S shows the QR and polls first after 5 s', () => {
    const t = transition(fresh('OrderCode'), qrS);
    expect(t.state).toMatchObject({ status: 'awaitingCustomer', qr: { codeValue: 'https://qr/x' } });
    expect(t.commands).toEqual([{ type: 'startTimer', timer: 'poll', at: at(5_100) }]);
  });
  it('U repeats the identical pay (bounded), then resolves by inquiry', () => {
    let s = fresh('OrderCode');
    for (let i = 1; i <= DEFAULT_POLICY.orderPayRepeats; i++) {
      const t = transition(s, payU('UNKNOWN_EXCEPTION'));
      expect(t.state).toMatchObject({ status: 'created', payRepeats: i });
      expect(t.commands[0]).toMatchObject({ type: 'startTimer', timer: 'payRepeat' });
      s = t.state;
      expect(transition(s, timer('payRepeat', 1_000 * i)).commands).toEqual([{ type: 'callPay' }]);
    }
    expect(transition(s, payU(null, 'timeout')).state.status).toBe('unknown');
  });
  it('amount change voids the shown QR through cancel', () => {
    const shown = transition(fresh('OrderCode'), qrS).state;
    const t = transition(shown, { type: 'cancelRequested', at: at(3_000), reason: 'amountChanged' });
    expect(t.state).toMatchObject({ status: 'cancelling', reason: 'amountChanged' });
    expect('qr' in t.state).toBe(false);
  });
});

describe('recovery', () => {
  it('created → unknown and inquire now (never resend pay)', () => {
    const t = transition(fresh(), { type: 'recovered', at: at(5_000) });
    expect(t.state.status).toBe('unknown');
    expect(t.commands).toEqual([{ type: 'startTimer', timer: 'poll', at: at(5_000) }, { type: 'startTimer', timer: 'expiry', at: EXP + GRACE }]);
    expect(t.commands.some((c) => c.type === 'callPay')).toBe(false);
  });
  it('past expiry + grace → cancelling', () => {
    expect(transition(fresh(), { type: 'recovered', at: EXP + GRACE }).state.status).toBe('cancelling');
  });
  it('cancelling → re-enqueue its job (idempotent key)', () => {
    const c = run(fresh(), payU('PAYMENT_IN_PROCESS'), timer('expiry', 190_000)).state;
    expect(transition(c, { type: 'recovered', at: at(200_000) }).commands).toEqual([{ type: 'enqueue', job: { kind: 'cancel', key: 'cancel:P1', subject: 'P1' } }]);
  });
});

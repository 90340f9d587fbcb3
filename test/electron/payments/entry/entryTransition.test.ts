/** The state machine's entry-code rows (seed 004): S → wait with the cashier's URL; U → same request; PAYMENT_IN_PROCESS → new id. */
import { describe, expect, it } from 'vitest';
import { createAttempt, transition } from '../../../../electron/payments/engine/transition';
import { DEFAULT_POLICY } from '../../../../electron/payments/engine/enginePolicy';
import type { AttemptState } from '../../../../electron/payments/engine/attemptState';
import { money } from '../../../../shared/domain/money';

const T = Date.UTC(2026, 0, 15, 2, 0, 0);
const fresh = (): AttemptState => createAttempt({ paymentRequestId: 'P1', saleId: 'S1', scenario: 'EntryCode', amount: money(1250, 'CNY'), at: T, codeHash: null, codeTail: null }).state;
const U = (resultCode: string | null) => ({ type: 'payAnswered' as const, at: T + 500, result: { kind: 'U' as const, reason: resultCode ? 'result-U' : 'timeout', resultCode, sent: true } });

describe('entry-code transitions', () => {
  it('S: waits for the customer with Alipay’s cashier URL, polling on the order-code schedule', () => {
    const t = transition(fresh(), { type: 'payAnswered', at: T + 300, result: { kind: 'S', paymentId: 'PAY1', qr: null, amount: money(1250, 'CNY'), redirectUrl: 'https://cashier.example/p/1' } });
    expect(t.state).toMatchObject({ status: 'awaitingCustomer', paymentId: 'PAY1', redirectUrl: 'https://cashier.example/p/1', qr: null });
    expect(t.commands).toEqual([{ type: 'startTimer', timer: 'poll', at: T + 300 + DEFAULT_POLICY.orderPollScheduleMs[0]! }]);
  });

  it.each([['UNKNOWN_EXCEPTION'], ['REQUEST_TRAFFIC_EXCEED_LIMIT'], [null]])('U %s: the identical request again, then (repeats used up) the id is abandoned by cancel', (code) => {
    let s = fresh();
    for (let i = 0; i < DEFAULT_POLICY.orderPayRepeats; i++) {
      const t = transition(s, U(code));
      expect(t.state).toMatchObject({ status: 'created', payRepeats: i + 1 });
      expect(t.commands[0]).toMatchObject({ type: 'startTimer', timer: 'payRepeat' });
      expect(transition(t.state, { type: 'timerFired', at: T + 5_000, timer: 'payRepeat' }).commands).toEqual([{ type: 'callPay' }]);
      s = t.state;
    }
    const last = transition(s, U(code));
    expect(last.state).toMatchObject({ status: 'cancelling', reason: 'superseded', cancelSent: false });
    expect(last.commands).toContainEqual({ type: 'enqueue', job: { kind: 'cancel', key: 'cancel:P1', subject: 'P1' } });
  });

  it('U PAYMENT_IN_PROCESS: a new paymentRequestId, so this one is cancelled at once (superseded)', () => {
    const t = transition(fresh(), U('PAYMENT_IN_PROCESS'));
    expect(t.state).toMatchObject({ status: 'cancelling', reason: 'superseded', resultCode: 'PAYMENT_IN_PROCESS' });
  });

  it('F: failed with the reason; polling stops at expiry like an order code', () => {
    expect(transition(fresh(), { type: 'payAnswered', at: T + 300, result: { kind: 'F', resultCode: 'MERCHANT_NOT_REGISTERED', resultMessage: 'x' } }).state).toMatchObject({ status: 'failed', resultCode: 'MERCHANT_NOT_REGISTERED' });
    const waiting = transition(fresh(), { type: 'payAnswered', at: T + 300, result: { kind: 'S', paymentId: 'PAY1', qr: null, amount: null, redirectUrl: 'https://c/1' } }).state;
    expect(transition(waiting, { type: 'timerFired', at: waiting.expiresAt + 1, timer: 'poll' }).commands).toEqual([]);
  });
});

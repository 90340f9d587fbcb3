/**
 * Supervisor PIN brute-force protection through the whole DEMO station: every PIN-guarded command
 * (refund:create, payment:void, queue:retry, refund:setPin) shares one counter in the journal, the
 * lockout is audited and outlives a restart, and time comes from the injected clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { DEMO_SUPERVISOR_PIN } from '../../../electron/station/paymentsService';
import { PIN_LOCKOUT_MS, PIN_MAX_FAILURES } from '../../../electron/payments/store/supervisorPin';
import type { Clock } from '../../../shared/domain/clock';
import type { IpcError } from '../../../shared/ipc/envelope';
import { tempDir } from '../../helpers/tempDir';

const running: Station[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

/** Real timers (the simulator and devices run), but "now" can be moved forward by the test. */
function shiftableClock(): Clock & { shift(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    shift(ms) {
      offset += ms;
    },
  };
}

async function boot(dataDir: string, clock: Clock) {
  const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger([]), env: {}, clock });
  await station.start();
  running.push(station);
  /** The refusal as the UI receives it (or null when the command went through). */
  const refusal = async (name: string, input: unknown): Promise<IpcError | null> => {
    const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
    return r.ok ? null : r.error;
  };
  const auditActions = (): string[] =>
    (station.ctx.db!.prepare('SELECT action FROM audit_log ORDER BY id').all() as Array<{ action: string }>).map((r) => r.action);
  return { station, refusal, auditActions };
}

const WRONG = '0000';
const refund = (pin: string) => ['refund:create', { attemptId: 'P-none', amountMinor: 100, pin }] as const;

describe('supervisor PIN lockout (DEMO station)', () => {
  it('locks every PIN check for 5 minutes after 5 wrong PINs, audits it, survives a restart, and opens again', async () => {
    const dir = tempDir();
    const clock = shiftableClock();
    const a = await boot(dir, clock);

    // A correct PIN is accepted (the refund then fails on the unknown payment, after the PIN check).
    expect(await a.refusal(...refund(DEMO_SUPERVISOR_PIN))).toMatchObject({ code: 'NOT_FOUND' });
    for (let i = 1; i < PIN_MAX_FAILURES; i++) {
      const e = await a.refusal(...refund(WRONG));
      expect(e).toMatchObject({ code: 'PIN_REJECTED', retryable: false });
      expect(e!.message).toContain(`${PIN_MAX_FAILURES - i} more wrong PIN`);
    }
    const locked = await a.refusal(...refund(WRONG));
    expect(locked).toMatchObject({ code: 'PIN_LOCKED', retryable: true, details: { retryAfterMs: PIN_LOCKOUT_MS } });
    expect(locked!.message).toContain('5 min');

    // The right PIN, on every guarded command, is refused while locked.
    clock.shift(60_000);
    const stillLocked = await a.refusal(...refund(DEMO_SUPERVISOR_PIN));
    expect(stillLocked).toMatchObject({ code: 'PIN_LOCKED', details: { lockedUntil: locked!.details!.lockedUntil } });
    expect(stillLocked!.details!.retryAfterMs).toBeLessThanOrEqual(PIN_LOCKOUT_MS - 60_000);
    expect(stillLocked!.message).toContain('4 min');
    expect(await a.refusal('payment:void', { attemptId: 'P-none', pin: DEMO_SUPERVISOR_PIN })).toMatchObject({ code: 'PIN_LOCKED' });
    expect(await a.refusal('queue:retry', { jobId: 1, pin: DEMO_SUPERVISOR_PIN })).toMatchObject({ code: 'PIN_LOCKED' });
    expect(await a.refusal('refund:setPin', { newPin: '5678', currentPin: DEMO_SUPERVISOR_PIN })).toMatchObject({ code: 'PIN_LOCKED' });

    const actions = a.auditActions();
    expect(actions.filter((x) => x === 'refund.create.pinRejected')).toHaveLength(PIN_MAX_FAILURES);
    expect(actions.filter((x) => x === 'pin.lockout')).toHaveLength(1);
    expect(actions.filter((x) => x.endsWith('.pinLocked'))).toEqual(['refund.create.pinLocked', 'payment.void.pinLocked', 'queue.retry.pinLocked', 'pin.set.pinLocked']);
    expect(actions).not.toContain('pin.set');
    const lockout = a.station.ctx.db!.prepare("SELECT details_json FROM audit_log WHERE action = 'pin.lockout'").get() as { details_json: string };
    expect(JSON.parse(lockout.details_json)).toMatchObject({ action: 'refund.create', failures: PIN_MAX_FAILURES });
    expect(lockout.details_json).not.toContain(WRONG);

    // A restart does not hand out fresh guesses.
    await a.station.stop();
    running.splice(running.indexOf(a.station), 1);
    const b = await boot(dir, clock);
    expect(await b.refusal(...refund(DEMO_SUPERVISOR_PIN))).toMatchObject({ code: 'PIN_LOCKED' });

    // Five minutes after the lock: the right PIN works and the supervisor can change it.
    clock.shift(PIN_LOCKOUT_MS - 60_000);
    expect(await b.refusal(...refund(DEMO_SUPERVISOR_PIN))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await b.refusal('refund:setPin', { newPin: '5678', currentPin: DEMO_SUPERVISOR_PIN })).toBeNull();
    expect(await b.refusal(...refund('5678'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

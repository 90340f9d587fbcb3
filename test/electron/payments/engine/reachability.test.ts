import { describe, expect, it } from 'vitest';
import type { AmsOutcome, AmsTrace } from '../../../../electron/payments/ams/amsClient';
import { createReachability } from '../../../../electron/payments/engine/reachability';
import type { NetworkState } from '../../../../shared/domain/station';
import { manualClock } from '../../../helpers/manualClock';

const trace: AmsTrace = { api: 'inquiryPayment', path: '/ams/api/v1/payments/inquiryPayment', requestTime: '0', durationMs: 1, requestSha256: 'x' };
const u = (reason: Extract<AmsOutcome<unknown>, { outcome: 'U' }>['reason'], httpStatus?: number): AmsOutcome<unknown> =>
  ({ outcome: 'U', reason, detail: reason, sent: true, trace: { ...trace, ...(httpStatus ? { httpStatus } : {}) } });
const f: AmsOutcome<unknown> = { outcome: 'F', resultCode: 'ORDER_NOT_EXIST', resultMessage: '', body: {}, trace };

describe('reachability', () => {
  it('an answer of any kind is online; no connection, a timeout or a 5xx is offline; a rejected (unsigned) answer is online', () => {
    const seen: NetworkState[] = [];
    const r = createReachability({ clock: manualClock(0), probe: async () => f, onChange: (s) => seen.push(s) });
    expect(r.state).toBe('unknown');
    r.report(f);
    r.report(u('timeout'));
    r.report(u('rejected'));
    r.report(u('http-status', 503));
    r.report(u('http-status', 400));
    r.report(u('network'));
    r.report(u('unsigned'));
    expect(seen).toEqual(['online', 'offline', 'online', 'offline', 'online', 'offline', 'online']);
    r.stop();
  });

  it('while offline a probe runs on the interval until the link is back, then stops', async () => {
    const clock = manualClock(0);
    let probes = 0;
    let answer: AmsOutcome<unknown> = u('network');
    const seen: NetworkState[] = [];
    const r = createReachability({ clock, probeIntervalMs: 1_000, probe: async () => ((probes += 1), answer), onChange: (s) => seen.push(s) });
    r.report(u('timeout'));
    clock.advance(1_000);
    await new Promise((res) => setImmediate(res));
    expect(probes).toBe(1);
    expect(r.state).toBe('offline');
    answer = f;
    clock.advance(1_000);
    await new Promise((res) => setImmediate(res));
    expect(probes).toBe(2);
    expect(r.state).toBe('online');
    clock.advance(5_000);
    await new Promise((res) => setImmediate(res));
    expect(probes).toBe(2);
    expect(seen).toEqual(['offline', 'online']);
    r.stop();
  });
});

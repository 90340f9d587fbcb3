import { describe, expect, it } from 'vitest';
import { runCrashTest } from './runCrashTest';

describe('crash test (short CI run)', () => {
  it('8 sales with SIGKILLs at random points and faults on: every attempt final, journal and simulator agree, chain verifies', async () => {
    const lines: string[] = [];
    const s = await runCrashTest({ sales: 8, maxKills: 3, timeoutMs: 50_000, log: (l) => lines.push(l) });
    expect(s.details, lines.slice(-30).join('\n')).toEqual([]);
    expect(s.violations).toBe(0);
    expect(s.sales).toBe(8);
    expect(s.kills).toBeGreaterThanOrEqual(1);
    expect(s.attempts).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('the same against alipay-cn (当面付): 8 sales, SIGKILLs and faults, 0 violations', async () => {
    const lines: string[] = [];
    const s = await runCrashTest({ sales: 8, maxKills: 3, timeoutMs: 50_000, acquirer: 'alipay-cn', log: (l) => lines.push(l) });
    expect(s.details, lines.slice(-30).join('\n')).toEqual([]);
    expect(s.violations).toBe(0);
    expect(s.sales).toBe(8);
    expect(s.kills).toBeGreaterThanOrEqual(1);
    expect(s.attempts).toBeGreaterThanOrEqual(8);
  }, 60_000);
});

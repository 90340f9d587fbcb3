import { describe, expect, it } from 'vitest';
import { AMS_ID_PATTERN, newId, newPaymentRequestId, newSaleId } from '../../../shared/domain/ids';

describe('ids', () => {
  it('fit the AMS id rules and say what they are', () => {
    const p = newPaymentRequestId();
    expect(p).toMatch(AMS_ID_PATTERN);
    expect(p.startsWith('P')).toBe(true);
    expect(p.length).toBeLessThanOrEqual(64);
    expect(newSaleId().startsWith('S')).toBe(true);
  });

  it('sort in creation order, also within one millisecond and when the clock steps back', () => {
    const at = Date.UTC(2030, 0, 1);
    const ids = [newId('S', at), newId('S', at), newId('S', at), newId('S', at - 5_000), newId('S', at + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never repeat across many quick calls', () => {
    const ids = Array.from({ length: 10_000 }, () => newId('X'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

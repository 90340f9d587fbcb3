import { describe, expect, it } from 'vitest';
import { interpretScan, maskCode, type ScanDeviceRef } from '../../../shared/domain/scan';

const dev: ScanDeviceRef = { role: 'scanner', kind: 'serial', id: '/dev/ttyACM0' };

describe('interpretScan', () => {
  it('accepts printable codes and classifies them', () => {
    const out = interpretScan('281234567890123456', dev, 5);
    expect(out).toEqual({ type: 'scan', device: dev, raw: '281234567890123456', classification: { kind: 'alipayPaymentCode' }, at: 5 });
  });
  it.each([
    ['', 'empty'],
    ['1234', 'tooShort'],
    ['9'.repeat(129), 'tooLong'],
    ['2812345\x00890123456', 'invalidCharacters'],
    ['28123456\u00e9', 'invalidCharacters'],
    ['\n281234567890123456', 'invalidCharacters'],
  ])('rejects %j as %s', (raw, reason) => {
    const out = interpretScan(raw, dev, 1);
    expect(out.type).toBe('scanRejected');
    if (out.type === 'scanRejected') {
      expect(out.reason).toBe(reason);
      expect(out.detail).not.toContain('2812345');
    }
  });
  it('masks all but the last four characters', () => {
    expect(maskCode('281234567890123456')).toBe('**************3456');
    expect(maskCode('123')).toBe('***');
  });
});

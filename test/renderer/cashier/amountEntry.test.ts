import { describe, expect, it } from 'vitest';
import { checkAmount, keyFromKeyboard, pressKey, type AmountKey } from '../../../renderer/cashier/amountEntry';

const type = (keys: AmountKey[], currency = 'CNY'): string => keys.reduce((t, k) => pressKey(t, k, currency), '');

describe('amount entry', () => {
  it('builds amounts key by key', () => {
    expect(type(['1', '2', '.', '5'])).toBe('12.5');
    expect(type(['.', '5'])).toBe('0.5');
    expect(type(['0', '0', '7'])).toBe('7');
    expect(type(['1', '00'])).toBe('100');
    expect(type(['1', '2', 'back'])).toBe('1');
    expect(type(['1', '2', 'clear'])).toBe('');
  });

  it('ignores keys that would make the amount invalid', () => {
    expect(type(['1', '.', '2', '3', '4'])).toBe('1.23');
    expect(type(['1', '.', '.', '2'])).toBe('1.2');
    expect(type(['1', '.', '5'], 'JPY')).toBe('15');
    expect(type(Array.from({ length: 12 }, () => '9' as AmountKey))).toBe('999999999');
    expect(type(['1', '.', '2', '00'])).toBe('1.20');
  });

  it('checks the amount through the shared money rules', () => {
    expect(checkAmount('12.50', 'CNY')).toEqual({ ok: true, money: { minor: 1250, currency: 'CNY' } });
    expect(checkAmount('', 'CNY')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkAmount('0.00', 'CNY')).toMatchObject({ ok: false, reason: 'zero' });
    expect(checkAmount('1.234', 'CNY')).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(checkAmount('1,23,4', 'CNY')).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('keeps a typed comma: "12,50" is 12.50 and "1,234.56" is 1234.56, never 1250.00 or 1.23 (zh-CN and en)', () => {
    for (const locale of ['zh-CN', 'en']) {
      const decimalComma = type(['1', '2', ',', '5', '0']);
      expect(decimalComma).toBe('12,50');
      expect(checkAmount(decimalComma, 'CNY', locale)).toMatchObject({ ok: true, money: { minor: 1250 } });
      const grouped = type(['1', ',', '2', '3', '4', '.', '5', '6']);
      expect(grouped).toBe('1,234.56');
      expect(checkAmount(grouped, 'CNY', locale)).toMatchObject({ ok: true, money: { minor: 123456 } });
      expect(checkAmount(type(['1', ',', '2', '3', '4']), 'CNY', locale)).toMatchObject({ ok: true, money: { minor: 123400 } });
    }
    expect(type(['1', ',', ',', '5'])).toBe('1,5');
    expect(type([',', '5'])).toBe('5');
    expect(type(['1', ',', '2', '3', '4', '5'])).toBe('1,234');
    expect(type(['1', '.', '5', ','])).toBe('1.5');
  });

  it('maps keyboard keys', () => {
    expect(keyFromKeyboard('7')).toBe('7');
    expect(keyFromKeyboard(',')).toBe(',');
    expect(keyFromKeyboard('Decimal')).toBe('.');
    expect(keyFromKeyboard('Backspace')).toBe('back');
    expect(keyFromKeyboard('Escape')).toBe('clear');
    expect(keyFromKeyboard('a')).toBeNull();
  });
});

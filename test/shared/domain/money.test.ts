import { describe, expect, it } from 'vitest';
import { formatMajor, money, parseMajor, addMoney, MAX_MINOR } from '../../../shared/domain/money';
import { currencyExponent, isCurrencyCode } from '../../../shared/domain/currency';

describe('money', () => {
  it('parses typed amounts into minor units without floats', () => {
    expect(parseMajor('12.5', 'CNY')).toEqual({ minor: 1250, currency: 'CNY' });
    expect(parseMajor('0.10', 'USD').minor).toBe(10);
    expect(parseMajor('1,234.56', 'CNY').minor).toBe(123456);
    expect(parseMajor('599', 'JPY').minor).toBe(599);
    expect(parseMajor('1.234', 'KWD').minor).toBe(1234);
    // 0.1 + 0.2 style float trouble cannot happen: 1.15 * 100 is 114.999… as a float
    expect(parseMajor('1.15', 'CNY').minor).toBe(115);
    expect(parseMajor('8.29', 'CNY').minor).toBe(829);
  });

  it('rejects zero, negative, too large, too many decimals, garbage and unknown currencies', () => {
    expect(() => parseMajor('0', 'CNY')).toThrow(/greater than zero/);
    expect(() => parseMajor('0.00', 'CNY')).toThrow(/greater than zero/);
    expect(() => parseMajor('-1', 'CNY')).toThrow(/negative/);
    expect(() => parseMajor('1.234', 'CNY')).toThrow(/at most 2 decimal/);
    expect(() => parseMajor('1.5', 'JPY')).toThrow(/at most 0 decimal/);
    expect(() => parseMajor('1e3', 'CNY')).toThrow(/not an amount/);
    expect(() => parseMajor('', 'CNY')).toThrow(/not an amount/);
    expect(() => parseMajor('9999999999999999', 'CNY')).toThrow(/too large/);
    expect(() => parseMajor('1', 'XXX')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CURRENCY' }));
    expect(() => money(1.5, 'CNY')).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
    expect(() => money(MAX_MINOR + 1, 'CNY')).toThrow(/too large/);
    expect(() => money(Number.NaN, 'CNY')).toThrow(/whole number/);
    expect(money(0, 'CNY', { allowZero: true }).minor).toBe(0);
  });

  it('formats minor units per currency exponent', () => {
    expect(formatMajor({ minor: 5, currency: 'CNY' })).toBe('0.05');
    expect(formatMajor({ minor: 123456, currency: 'USD' })).toBe('1234.56');
    expect(formatMajor({ minor: 599, currency: 'JPY' })).toBe('599');
    expect(formatMajor({ minor: 1, currency: 'KWD' })).toBe('0.001');
    expect(formatMajor({ minor: -250, currency: 'CNY' })).toBe('-2.50');
  });

  it('refuses to add different currencies', () => {
    expect(addMoney(money(1, 'CNY'), money(2, 'CNY')).minor).toBe(3);
    expect(() => addMoney(money(1, 'CNY'), money(2, 'USD'))).toThrow(/cannot add/);
  });

  it('knows ISO 4217 exponents', () => {
    expect(isCurrencyCode('CNY')).toBe(true);
    expect(isCurrencyCode('cny')).toBe(false);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('HKD')).toBe(2);
  });
});

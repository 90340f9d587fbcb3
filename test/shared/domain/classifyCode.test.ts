import { describe, expect, it } from 'vitest';
import { classifyCode, gs1CheckDigitOk, isPaymentCode } from '../../../shared/domain/classifyCode';

describe('classifyCode', () => {
  it.each([
    ['2812345678901234', 'alipayPaymentCode'], // 16 digits, 28
    ['250000000000000000', 'alipayPaymentCode'],
    ['300000000000000000000000', 'alipayPaymentCode'], // 24 digits, 30
    ['290000000000000000000000', 'alipayPaymentCode'],
  ])('%s is an Alipay payment code', (code, kind) => {
    expect(classifyCode(code).kind).toBe(kind);
  });

  it.each([
    ['281234567890123', 'too short (15)'],
    ['2812345678901234567890123', 'too long (25)'],
    ['3112345678901234', 'prefix 31'],
    ['2412345678901234', 'prefix 24'],
    ['28123456789012a4', 'a letter'],
  ])('%s is not an Alipay code: %s', (code) => {
    expect(classifyCode(code).kind).not.toBe('alipayPaymentCode');
  });

  it('recognises other wallets by prefix and length', () => {
    expect(classifyCode('134567890123456789')).toEqual({ kind: 'otherWalletCode', wallet: 'wechatpay' });
    expect(classifyCode('104567890123456789')).toEqual({ kind: 'otherWalletCode', wallet: 'wechatpay' });
    expect(classifyCode('164567890123456789').kind).toBe('unknown');
    expect(classifyCode('13456789012345678').kind).toBe('unknown'); // 17 digits
    expect(classifyCode('6212345678901234567')).toEqual({ kind: 'otherWalletCode', wallet: 'unionpay' });
  });

  it('product barcodes need a correct check digit', () => {
    expect(classifyCode('6901234567892')).toEqual({ kind: 'productBarcode', symbology: 'EAN-13' });
    expect(classifyCode('6901234567891').kind).toBe('unknown');
    expect(classifyCode('96385074')).toEqual({ kind: 'productBarcode', symbology: 'EAN-8' });
    expect(classifyCode('96385075').kind).toBe('unknown');
    expect(classifyCode('036000291452')).toEqual({ kind: 'productBarcode', symbology: 'UPC-A' });
    expect(classifyCode('036000291453').kind).toBe('unknown');
  });

  it('check digit arithmetic', () => {
    expect(gs1CheckDigitOk('4006381333931')).toBe(true);
    expect(gs1CheckDigitOk('4006381333932')).toBe(false);
    expect(gs1CheckDigitOk('abc')).toBe(false);
  });

  it('anything else is unknown, and only wallet codes are payment codes', () => {
    expect(classifyCode('https://example.com/x').kind).toBe('unknown');
    expect(classifyCode('').kind).toBe('unknown');
    expect(isPaymentCode(classifyCode('2812345678901234'))).toBe(true);
    expect(isPaymentCode(classifyCode('6901234567892'))).toBe(false);
  });
});

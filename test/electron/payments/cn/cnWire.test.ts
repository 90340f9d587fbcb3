import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractSignedResponse, fenToYuan, formatBeijing, parseBeijing, rsa2Sign, rsa2Verify, signContent, yuanToFen } from '../../../../electron/payments/cn/cnWire';
import { KNOWN_CN_CODES, lookupCnCode } from '../../../../electron/payments/cn/cnResultCodes';

describe('当面付 wire', () => {
  it('signs the sorted parameters without sign and empty values, raw values', () => {
    const s = signContent({ method: 'alipay.trade.pay', app_id: '1', sign: 'x', biz_content: '{"a":"b c&d"}', notify_url: '', charset: 'utf-8' });
    expect(s).toBe('app_id=1&biz_content={"a":"b c&d"}&charset=utf-8&method=alipay.trade.pay');
    expect(signContent({ b: '2', sign_type: 'RSA2', a: '1', sign: 'z' }, ['sign', 'sign_type'])).toBe('a=1&b=2');
  });

  it('formats Beijing time and reads it back', () => {
    const t = Date.UTC(2026, 0, 15, 16, 30, 5);
    expect(formatBeijing(t)).toBe('2026-01-16 00:30:05');
    expect(parseBeijing('2026-01-16 00:30:05')).toBe(t);
    expect(parseBeijing('2026-01-16T00:30:05')).toBeNull();
  });

  it('converts integer fen to yuan with 2 decimals and refuses what is not an amount', () => {
    expect(fenToYuan(1234)).toBe('12.34');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(100)).toBe('1.00');
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
    expect(() => fenToYuan(10_000_000_001)).toThrow(/limit/);
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('12')).toBe(1200);
    for (const bad of ['12.345', '-1.00', '1e3', ' 1.00', '01.00', '1.', '', '100000000.01']) expect(yuanToFen(bad), bad).toBeNull();
  });

  it('cuts the *_response text exactly as sent, whitespace and escapes included', () => {
    const raw = '{"alipay_trade_pay_response" : {"code":"10000","msg":"Success","subject":"a \\"}\\" b","total_amount":"1.00"},"alipay_cert_sn":"abc","sign":"SIG"}';
    const r = extractSignedResponse(raw, 'alipay.trade.pay');
    expect(r?.signedText).toBe('{"code":"10000","msg":"Success","subject":"a \\"}\\" b","total_amount":"1.00"}');
    expect(r?.sign).toBe('SIG');
    expect(r?.alipayCertSn).toBe('abc');
    expect(extractSignedResponse('{"error_response":{"code":"40002","msg":"x"}}', 'alipay.trade.pay')?.key).toBe('error_response');
    expect(extractSignedResponse('not json', 'alipay.trade.pay')).toBeNull();
    expect(extractSignedResponse('{"other_response":{}}', 'alipay.trade.pay')).toBeNull();
  });

  it('RSA2 signs and verifies; a changed byte does not verify', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sig = rsa2Sign('a=1&b=2', privateKey);
    expect(rsa2Verify('a=1&b=2', sig, publicKey)).toBe(true);
    expect(rsa2Verify('a=1&b=3', sig, publicKey)).toBe(false);
    expect(rsa2Verify('a=1&b=2', 'not base64!!', publicKey)).toBe(false);
  });

  it('has a cashier message in both languages and an action for every code; unknown codes alert', () => {
    for (const c of KNOWN_CN_CODES) {
      const i = lookupCnCode(c);
      expect(i.message['zh-CN'].length, c).toBeGreaterThan(0);
      expect(i.message.en.length, c).toBeGreaterThan(0);
    }
    expect(lookupCnCode('ACQ.PAYMENT_AUTH_CODE_INVALID').action).toBe('new-request-id');
    expect(lookupCnCode('ACQ.BUYER_BALANCE_NOT_ENOUGH').action).toBe('final');
    expect(lookupCnCode('ACQ.TRADE_NOT_EXIST', 'inquiryPayment').action).toBe('poll');
    expect(lookupCnCode('ACQ.TRADE_NOT_EXIST', 'cancel').action).toBe('final');
    expect(lookupCnCode('ACQ.SOMETHING_NEW')).toMatchObject({ action: 'alert-operator', known: false });
  });
});

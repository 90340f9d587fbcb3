import { describe, expect, it } from 'vitest';
import { KNOWN_RESULT_CODES, lookupResultCode } from '../../../../electron/payments/ams/resultCodes';

// Every code named in AMS.md §4–5 and the seed 004 table.
const DOC_CODES = [
  'SUCCESS', 'PAYMENT_IN_PROCESS', 'UNKNOWN_EXCEPTION', 'REQUEST_TRAFFIC_EXCEED_LIMIT', 'EXPIRED_CODE', 'INVALID_PAYMENT_CODE', 'USER_BALANCE_NOT_ENOUGH',
  'USER_AMOUNT_EXCEED_LIMIT', 'PAYMENT_AMOUNT_EXCEED_LIMIT', 'PAYMENT_COUNT_EXCEED_LIMIT', 'RISK_REJECT', 'FRAUD_REJECT', 'USER_KYC_NOT_QUALIFIED',
  'USER_STATUS_ABNORMAL', 'USER_NOT_EXIST', 'NO_PAY_OPTIONS', 'ORDER_IS_CLOSED', 'ORDER_IS_CANCELED', 'REPEAT_REQ_INCONSISTENT', 'PARAM_ILLEGAL',
  'CURRENCY_NOT_SUPPORT', 'ACCESS_DENIED', 'INVALID_SIGNATURE', 'SIGNATURE_INVALID', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'INVALID_CLIENT', 'INVALID_API',
  'INVALID_CONTRACT', 'INVALID_MERCHANT_STATUS', 'MERCHANT_NOT_REGISTERED', 'MERCHANT_KYB_NOT_QUALIFIED', 'METHOD_NOT_SUPPORTED', 'NO_INTERFACE_DEF',
  'MEDIA_TYPE_NOT_ACCEPTABLE', 'PAYMENT_NOT_QUALIFIED', 'PROCESS_FAIL', 'SYSTEM_ERROR', 'ORDER_NOT_EXIST', 'CANCEL_WINDOW_EXCEED', 'ORDER_STATUS_INVALID',
  'REFUND_AMOUNT_EXCEED', 'REFUND_WINDOW_EXCEED', 'MULTIPLE_REFUNDS_NOT_SUPPORTED',
];

describe('result-code table', () => {
  it('has every documented code with a status, an action and both cashier messages', () => {
    for (const code of DOC_CODES) {
      const info = lookupResultCode(code);
      expect(KNOWN_RESULT_CODES, code).toContain(code);
      expect(info.status, code).not.toBe('unknown');
      expect(info.message['zh-CN'].length, code).toBeGreaterThan(1);
      expect(info.message.en.length, code).toBeGreaterThan(1);
    }
  });

  it('maps the seed statuses: U codes are U, declines F/final, configuration errors alert', () => {
    expect(lookupResultCode('PAYMENT_IN_PROCESS')).toMatchObject({ status: 'U', action: 'poll' });
    expect(lookupResultCode('UNKNOWN_EXCEPTION')).toMatchObject({ status: 'U', action: 'poll' });
    expect(lookupResultCode('USER_BALANCE_NOT_ENOUGH')).toMatchObject({ status: 'F', action: 'final' });
    expect(lookupResultCode('EXPIRED_CODE')).toMatchObject({ status: 'F', action: 'new-request-id' });
    for (const c of ['PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'SIGNATURE_INVALID', 'PROCESS_FAIL', 'SYSTEM_ERROR', 'MERCHANT_NOT_REGISTERED']) {
      expect(lookupResultCode(c).action, c).toBe('alert-operator');
    }
  });

  it('depends on context where the docs say so', () => {
    expect(lookupResultCode('PAYMENT_IN_PROCESS', { api: 'pay', scenario: 'EntryCode' }).action).toBe('new-request-id');
    expect(lookupResultCode('PAYMENT_IN_PROCESS', { api: 'pay', scenario: 'PaymentCode' }).action).toBe('poll');
    expect(lookupResultCode('UNKNOWN_EXCEPTION', { api: 'cancel' }).action).toBe('repeat-same-request');
    expect(lookupResultCode('UNKNOWN_EXCEPTION', { api: 'pay', scenario: 'OrderCode' }).action).toBe('repeat-same-request');
    expect(lookupResultCode('ORDER_NOT_EXIST', { api: 'inquiryPayment' }).action).toBe('poll');
    expect(lookupResultCode('ORDER_NOT_EXIST', { api: 'cancel' }).action).toBe('final');
  });

  it('maps unknown codes to a safe default', () => {
    expect(lookupResultCode('SOMETHING_NEW')).toMatchObject({ status: 'unknown', action: 'alert-operator' });
    expect(lookupResultCode('toString')).toMatchObject({ status: 'unknown', action: 'alert-operator' });
  });
});

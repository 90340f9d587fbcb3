/**
 * What a scanned string is, decided by a table of patterns before anything acts on it (DESIGN.md §7).
 * Only an `alipayPaymentCode` may start a payment; every other kind is for the cashier to see.
 */

export type WalletId = 'wechatpay' | 'unionpay';
export type ProductSymbology = 'EAN-13' | 'EAN-8' | 'UPC-A';

export type CodeClassification =
  | { readonly kind: 'alipayPaymentCode' }
  | { readonly kind: 'otherWalletCode'; readonly wallet: WalletId }
  | { readonly kind: 'productBarcode'; readonly symbology: ProductSymbology }
  | { readonly kind: 'unknown' };

export interface CodeRule {
  /** Shown in device diagnostics ("matched: Alipay payment code"). */
  readonly name: string;
  readonly pattern: RegExp;
  /** Extra check the pattern cannot express (a check digit). */
  readonly check?: (code: string) => boolean;
  readonly result: CodeClassification;
  /** Where the rule comes from, so a reviewer can re-check it when a wallet changes its format. */
  readonly source: string;
}

/**
 * GS1 mod-10 check digit, shared by EAN-13, EAN-8 and UPC-A: weights 3,1,3,… from the digit next to
 * the check digit leftwards.
 */
export function gs1CheckDigitOk(code: string): boolean {
  if (!/^\d{2,}$/.test(code)) return false;
  let sum = 0;
  const body = code.slice(0, -1);
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10 === code.charCodeAt(code.length - 1) - 48;
}

/**
 * Order matters: the first match wins. Payment-code ranges never overlap product-barcode lengths
 * (16+ digits against 8/12/13), and wallet ranges are disjoint by prefix.
 */
export const CODE_RULES: readonly CodeRule[] = [
  {
    name: 'Alipay payment code',
    pattern: /^(?:2[5-9]|30)\d{14,22}$/,
    result: { kind: 'alipayPaymentCode' },
    source: 'Alipay open docs: user payment code, 16–24 digits starting 25–30',
  },
  {
    name: 'WeChat Pay payment code',
    pattern: /^1[0-5]\d{16}$/,
    result: { kind: 'otherWalletCode', wallet: 'wechatpay' },
    source: 'WeChat Pay micropay docs: 18 digits starting 10–15',
  },
  {
    name: 'UnionPay QuickPass payment code',
    pattern: /^62\d{17}$/,
    result: { kind: 'otherWalletCode', wallet: 'unionpay' },
    source: 'UnionPay C2B QR payment code: 19 digits starting 62',
  },
  {
    name: 'EAN-13',
    pattern: /^\d{13}$/,
    check: gs1CheckDigitOk,
    result: { kind: 'productBarcode', symbology: 'EAN-13' },
    source: 'GS1 General Specifications',
  },
  {
    name: 'UPC-A',
    pattern: /^\d{12}$/,
    check: gs1CheckDigitOk,
    result: { kind: 'productBarcode', symbology: 'UPC-A' },
    source: 'GS1 General Specifications',
  },
  {
    name: 'EAN-8',
    pattern: /^\d{8}$/,
    check: gs1CheckDigitOk,
    result: { kind: 'productBarcode', symbology: 'EAN-8' },
    source: 'GS1 General Specifications',
  },
];

const UNKNOWN: CodeClassification = { kind: 'unknown' };

export function classifyCode(code: string, rules: readonly CodeRule[] = CODE_RULES): CodeClassification {
  for (const rule of rules) {
    if (rule.pattern.test(code) && (rule.check === undefined || rule.check(code))) return rule.result;
  }
  return UNKNOWN;
}

export function isPaymentCode(c: CodeClassification): boolean {
  return c.kind === 'alipayPaymentCode' || c.kind === 'otherWalletCode';
}

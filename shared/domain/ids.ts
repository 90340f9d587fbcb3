/** Branded ids: a SaleId can never be passed where a PaymentRequestId is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type SaleId = Brand<string, 'SaleId'>;
export type PaymentRequestId = Brand<string, 'PaymentRequestId'>;
export type RefundRequestId = Brand<string, 'RefundRequestId'>;
export type PaymentId = Brand<string, 'PaymentId'>;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/**
 * Time-ordered, collision-resistant id in AMS's allowed alphabet [A-Za-z0-9_-], at most 64 chars.
 * The prefix says what it is when a human reads a log or a settlement file.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let t = Math.max(0, Math.floor(nowMs));
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}${time}${rand}`;
}

export const newSaleId = (now?: number): SaleId => newId('S', now) as SaleId;
export const newPaymentRequestId = (now?: number): PaymentRequestId => newId('P', now) as PaymentRequestId;
export const newRefundRequestId = (now?: number): RefundRequestId => newId('R', now) as RefundRequestId;

export const AMS_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

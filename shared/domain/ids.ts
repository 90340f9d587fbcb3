/** Branded ids: a value of one brand can never be passed where another is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

declare const idKind: unique symbol;
/**
 * The payment ids are tagged rather than hard-branded: a SaleId can never be passed where a
 * PaymentRequestId is expected (the tags conflict, a compile error), but a plain string from the
 * contract, a journal row or a test fixture is taken as any of them. Hard brands would have to be
 * cast at every row and every fixture; the mix-up between two kinds is the mistake they exist to stop.
 */
export type IdOf<B extends string> = string & { readonly [idKind]?: B };

export type SaleId = IdOf<'SaleId'>;
/** Ours, per attempt: AMS paymentRequestId, 当面付 out_trade_no (the code calls it paymentRequestId). */
export type PaymentRequestId = IdOf<'PaymentRequestId'>;
export type RefundRequestId = IdOf<'RefundRequestId'>;
/** Alipay's id of a payment (AMS paymentId, 当面付 trade_no). */
export type PaymentId = IdOf<'PaymentId'>;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

let lastTime = -1;
let lastRand: number[] = [];

/** Adds one to a base-32 digit string (most significant first); wraps only after 32^12 ids in 1 ms. */
function increment(digits: number[]): number[] {
  const out = [...digits];
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 31) {
      out[i] = out[i]! + 1;
      return out;
    }
    out[i] = 0;
  }
  return out;
}

/**
 * Time-ordered, collision-resistant id in AMS's allowed alphabet [A-Za-z0-9_-], at most 64 chars.
 * Ids made in the same millisecond (or after the clock stepped back) continue from the previous one,
 * so sorting by id is sorting by creation even for sales keyed in faster than the clock ticks.
 * The prefix says what it is when a human reads a log or a settlement file.
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let t = Math.max(0, Math.floor(nowMs));
  let rand: number[];
  if (t <= lastTime) {
    t = lastTime;
    rand = increment(lastRand);
  } else {
    const bytes = new Uint8Array(12);
    globalThis.crypto.getRandomValues(bytes);
    // The top bit stays clear so that increments within one millisecond have room before wrapping.
    rand = [...bytes].map((b, i) => (i === 0 ? b % 16 : b % 32));
  }
  lastTime = t;
  lastRand = rand;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${prefix}${time}${rand.map((d) => ALPHABET[d]).join('')}`;
}

export const newSaleId = (now?: number): SaleId => newId('S', now) as SaleId;
export const newPaymentRequestId = (now?: number): PaymentRequestId => newId('P', now) as PaymentRequestId;
export const newRefundRequestId = (now?: number): RefundRequestId => newId('R', now) as RefundRequestId;

export const AMS_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export type AccountId = Brand<string, 'AccountId'>;

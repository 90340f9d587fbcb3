/**
 * The H5 form's guard against forged and replayed posts: a short-lived token signed with the
 * station's own secret (HMAC-SHA256). Its random nonce is also the submission's idempotency key: the
 * first post with it makes the order, any later post with it finds that order and makes none.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';
const TOKEN_PATTERN = /^v1\.([A-Za-z0-9_-]{22})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

export type FormTokenCheck =
  | { readonly ok: true; readonly nonce: string; readonly issuedAt: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' };

const sign = (secret: Buffer, nonce: string, issued: string): string =>
  createHmac('sha256', secret).update(`entry-form|${VERSION}|${nonce}|${issued}`).digest('base64url');

export function issueFormToken(secret: Buffer, now: number, nonce: string = randomBytes(16).toString('base64url')): string {
  const issued = Math.floor(now).toString(36);
  return `${VERSION}.${nonce}.${issued}.${sign(secret, nonce, issued)}`;
}

export function checkFormToken(secret: Buffer, token: string, now: number, ttlMs: number): FormTokenCheck {
  const m = TOKEN_PATTERN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, nonce, issued, sig] = m as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(secret, nonce, issued));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  const issuedAt = parseInt(issued, 36);
  // A token from the future is as suspect as an old one (clock rolled back, or forged with our key).
  if (now - issuedAt > ttlMs || issuedAt - now > 60_000) return { ok: false, reason: 'expired' };
  return { ok: true, nonce, issuedAt };
}

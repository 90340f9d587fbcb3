import { describe, expect, it } from 'vitest';
import { checkFormToken, issueFormToken } from '../../../../electron/payments/entry/formToken';
import { detectEntryLocale } from '../../../../electron/payments/entry/entryTexts';

const secret = Buffer.alloc(32, 7);
const T = Date.UTC(2026, 0, 15, 2, 0, 0);
const TTL = 15 * 60_000;

describe('form token', () => {
  it('verifies within its lifetime and carries its nonce', () => {
    const t = issueFormToken(secret, T, 'ABCDEFGHIJKLMNOPQRSTUV');
    expect(checkFormToken(secret, t, T + TTL, TTL)).toEqual({ ok: true, nonce: 'ABCDEFGHIJKLMNOPQRSTUV', issuedAt: T });
    expect(issueFormToken(secret, T)).not.toBe(issueFormToken(secret, T)); // fresh nonce per page view
  });

  it('refuses expired, future, forged, other-key and malformed tokens', () => {
    const t = issueFormToken(secret, T);
    expect(checkFormToken(secret, t, T + TTL + 1, TTL)).toEqual({ ok: false, reason: 'expired' });
    expect(checkFormToken(secret, t, T - 120_000, TTL)).toEqual({ ok: false, reason: 'expired' });
    expect(checkFormToken(Buffer.alloc(32, 8), t, T, TTL)).toEqual({ ok: false, reason: 'forged' });
    const [v, nonce, issued, sig] = t.split('.') as [string, string, string, string];
    // Moving the issue time (to extend the lifetime) or swapping the nonce breaks the signature.
    expect(checkFormToken(secret, [v, nonce, (T + TTL).toString(36), sig].join('.'), T + TTL, TTL)).toEqual({ ok: false, reason: 'forged' });
    expect(checkFormToken(secret, [v, 'A'.repeat(22), issued, sig].join('.'), T, TTL)).toEqual({ ok: false, reason: 'forged' });
    for (const bad of ['', 'v1', 'v2.' + t.slice(3), t + 'x', t.replace(/\./g, '-')]) expect(checkFormToken(secret, bad, T, TTL)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('the wallet’s language', () => {
  const alipay = (lang: string): string => `Mozilla/5.0 (Linux; Android 13) AlipayClient/10.5.0 Language/${lang}`;
  it.each([
    [{ userAgent: alipay('zh-Hans') }, 'zh-CN'],
    [{ userAgent: alipay('zh-HK') }, 'zh-CN'],
    [{ userAgent: alipay('en') }, 'en'],
    [{ userAgent: alipay('en'), query: 'zh-CN' }, 'zh-CN'],
    [{ acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    [{ acceptLanguage: 'zh-TW,zh;q=0.9' }, 'zh-CN'],
    [{ query: 'fr' }, 'en'],
    [{}, 'en'],
  ] as const)('%j → %s', (input, want) => {
    expect(detectEntryLocale({ ...input, fallback: 'en' })).toBe(want);
  });
});

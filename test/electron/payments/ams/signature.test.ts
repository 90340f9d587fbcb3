import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSignatureHeader, parseSignatureHeader, signedContent, signMessage, signRsa256, verifyMessage, verifyRsa256 } from '../../../../electron/payments/ams/signature';
import { generateAmsKeyPair, loadPrivateKey, loadPublicKey } from '../../../../electron/payments/ams/keys';

describe('AMS signatures (AMS.md §2)', () => {
  let pair: ReturnType<typeof generateAmsKeyPair>;
  beforeAll(() => {
    pair = generateAmsKeyPair();
  });

  it('builds the signed content exactly as "POST <path>\\n<clientId>.<time>.<body>"', () => {
    const body = '{"a":"1","b":"中"}';
    expect(signedContent('POST', '/ams/api/v1/payments/pay', 'T_111222333', '1700000000000', body).toString('utf8'))
      .toBe('POST /ams/api/v1/payments/pay\nT_111222333.1700000000000.{"a":"1","b":"中"}');
    // Body bytes go in untouched (no re-encoding of non-ASCII).
    const raw = Buffer.from(body, 'utf8');
    expect(signedContent('POST', '/p', 'c', 't', raw).subarray(-raw.length).equals(raw)).toBe(true);
  });

  it('produces the same RSA-SHA256 PKCS#1 v1.5 signature as an independent node:crypto computation', () => {
    const content = signedContent('POST', '/ams/api/v1/payments/pay', 'SIM', '1', '{}');
    const ref = crypto.createSign('RSA-SHA256').update(content).sign(crypto.createPrivateKey({ key: Buffer.from(pair.privateKey, 'base64'), format: 'der', type: 'pkcs8' }), 'base64');
    expect(signRsa256(content, loadPrivateKey(pair.privateKey))).toBe(ref);
    // PKCS#1 v1.5 is deterministic: signing twice gives the same value.
    expect(signRsa256(content, loadPrivateKey(pair.privateKey))).toBe(ref);
    expect(verifyRsa256(content, ref, loadPublicKey(pair.publicKey))).toBe(true);
  });

  it('formats the header with a URL-encoded base64 value and parses it back', () => {
    const sig = 'ab+/cd==';
    const header = formatSignatureHeader(sig);
    expect(header).toBe('algorithm=RSA256,keyVersion=1,signature=ab%2B%2Fcd%3D%3D');
    expect(parseSignatureHeader(header)).toEqual({ algorithm: 'RSA256', keyVersion: '1', signature: sig });
  });

  it('parses tolerantly: spaces, key case, lower-case escapes, unencoded values, "+" turned into spaces', () => {
    expect(parseSignatureHeader('algorithm=RSA256, keyVersion=1, signature=ab%2bcd%3d')?.signature).toBe('ab+cd=');
    expect(parseSignatureHeader('Algorithm = RSA256 ,KEYVERSION=2,Signature=ab+cd==')).toEqual({ algorithm: 'RSA256', keyVersion: '2', signature: 'ab+cd==' });
    expect(parseSignatureHeader('algorithm=RSA256,signature=ab cd==')?.signature).toBe('ab+cd==');
    expect(parseSignatureHeader('algorithm=RSA256,keyVersion=1')).toBeUndefined();
    expect(parseSignatureHeader(undefined)).toBeUndefined();
  });

  it('accepts PEM and base64 DER keys alike', () => {
    const priv = loadPrivateKey(pair.privateKey);
    const pemPriv = priv.export({ format: 'pem', type: 'pkcs8' }).toString();
    const pkcs1 = priv.export({ format: 'pem', type: 'pkcs1' }).toString();
    const pemPub = loadPublicKey(pair.publicKey).export({ format: 'pem', type: 'spki' }).toString();
    const content = Buffer.from('x');
    const s1 = signRsa256(content, loadPrivateKey(pemPriv));
    expect(signRsa256(content, loadPrivateKey(pkcs1))).toBe(s1);
    expect(verifyRsa256(content, s1, loadPublicKey(pemPub))).toBe(true);
    expect(() => loadPublicKey('not a key!')).toThrow();
  });

  it('verifyMessage: ok for the exact bytes; bad-signature for a changed body, path, time or key; unsigned without header', () => {
    const body = Buffer.from('{"result":{"resultStatus":"S","resultCode":"SUCCESS","resultMessage":"ok"}}');
    const privateKey = loadPrivateKey(pair.privateKey);
    const publicKey = loadPublicKey(pair.publicKey);
    const header = signMessage({ path: '/ams/api/v1/payments/pay', clientId: 'C', time: '42', body, privateKey });
    const base = { path: '/ams/api/v1/payments/pay', clientId: 'C', time: '42', body, signatureHeader: header, publicKey };
    expect(verifyMessage(base)).toEqual({ ok: true });
    expect(verifyMessage({ ...base, body: Buffer.from(body.toString().replace('"S"', '"F"')) })).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(verifyMessage({ ...base, path: '/ams/sandbox/api/v1/payments/pay' })).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(verifyMessage({ ...base, time: '43' })).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(verifyMessage({ ...base, publicKey: loadPublicKey(generateAmsKeyPair().publicKey) })).toMatchObject({ ok: false, kind: 'bad-signature' });
    expect(verifyMessage({ ...base, signatureHeader: undefined })).toMatchObject({ ok: false, kind: 'unsigned' });
    expect(verifyMessage({ ...base, signatureHeader: 'algorithm=RSA256,keyVersion=1,signature=%%%garbage' })).toMatchObject({ ok: false, kind: 'bad-signature' });
  });
});

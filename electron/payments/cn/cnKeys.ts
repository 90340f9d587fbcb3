/**
 * Keys and certificates as the open platform hands them out. The app private key comes from
 * Alipay's key tool as base64 PKCS#1 (non-Java) or PKCS#8 (Java), or as PEM; public keys as base64
 * SPKI or PEM. Certificate mode: the app's and Alipay's public-key certificates and Alipay's root
 * chain, identified by their SN = md5(issuer DN in reverse order + decimal serial).
 */
import crypto, { X509Certificate, type KeyObject } from 'node:crypto';

export type CnKeyInput = string | Buffer | KeyObject;

const b64 = (text: string): Buffer => {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new TypeError('key is neither PEM nor base64 DER');
  return Buffer.from(clean, 'base64');
};

export function loadCnPrivateKey(input: CnKeyInput): KeyObject {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    if (input.type !== 'private') throw new TypeError('expected a private key');
    return input;
  }
  const text = (typeof input === 'string' ? input : input.toString('utf8')).trim();
  if (text.includes('-----BEGIN')) return crypto.createPrivateKey({ key: text, format: 'pem' });
  const der = b64(text);
  try {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

export function loadCnPublicKey(input: CnKeyInput): KeyObject {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) return input.type === 'private' ? crypto.createPublicKey(input) : input;
  const text = (typeof input === 'string' ? input : input.toString('utf8')).trim();
  if (text.includes('-----BEGIN CERTIFICATE')) return new X509Certificate(text).publicKey;
  if (text.includes('-----BEGIN')) return crypto.createPublicKey({ key: text, format: 'pem' });
  return crypto.createPublicKey({ key: b64(text), format: 'der', type: 'spki' });
}

export const publicKeyBase64 = (k: KeyObject): string => k.export({ format: 'der', type: 'spki' }).toString('base64');

/** The SN Alipay computes for a certificate: md5 of "CN=…,OU=…,O=…,C=…" (issuer reversed) + serial in decimal. */
export function certSn(cert: X509Certificate): string {
  const issuer = cert.issuer.split('\n').filter(Boolean).reverse().join(',');
  const serial = BigInt(`0x${cert.serialNumber}`).toString(10);
  return crypto.createHash('md5').update(issuer + serial, 'utf8').digest('hex');
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function certSnOfPem(pem: string): string {
  return certSn(new X509Certificate(pem));
}

/** Root chain: the SNs of its RSA-signed certificates joined by `_` (the chain also holds SM2 ones). */
export function rootCertSnOfPem(pem: string): string {
  const sns: string[] = [];
  for (const m of pem.match(PEM_CERT) ?? []) {
    const cert = new X509Certificate(m);
    // X509Certificate names no signature algorithm; an RSA key on the certificate is what Alipay's tools test for in effect.
    if (cert.publicKey.asymmetricKeyType === 'rsa' || cert.publicKey.asymmetricKeyType === 'rsa-pss') sns.push(certSn(cert));
  }
  return sns.join('_');
}

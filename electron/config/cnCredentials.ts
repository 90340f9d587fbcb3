/**
 * Checks and stores 当面付 credentials for the settings screen: the app private key must be a
 * ≥ 2048-bit RSA key; in public-key mode Alipay's key must not be the app's own; in certificate mode
 * the app certificate must carry the app key's public half, and Alipay's certificate and root chain
 * must parse and yield their SNs (what the requests will send).
 */
import crypto from 'node:crypto';
import { certSnOfPem, loadCnPrivateKey, loadCnPublicKey, rootCertSnOfPem } from '../payments/cn/cnKeys';
import { PosError } from '../../shared/errors/posError';

export interface CnCredentialFiles {
  readonly appPrivateKeyPem: string;
  readonly alipayPublicKeyPem?: string;
  readonly certs?: { readonly app: string; readonly alipay: string; readonly root: string };
  readonly mode: 'publicKey' | 'certificate';
  readonly fingerprints: Record<string, string>;
}

const spki = (k: crypto.KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });
const fp = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex').slice(0, 16);

export function checkCnCredentials(input: { appPrivateKey: string; alipayPublicKey?: string | undefined; appCert?: string | undefined; alipayCert?: string | undefined; alipayRootCert?: string | undefined }): CnCredentialFiles {
  let priv: crypto.KeyObject;
  try {
    priv = loadCnPrivateKey(input.appPrivateKey);
  } catch (e) {
    throw new PosError('BAD_REQUEST', `appPrivateKey: not a private key (${(e as Error).message})`);
  }
  if (priv.asymmetricKeyType !== 'rsa' || (priv.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new PosError('BAD_REQUEST', 'appPrivateKey: RSA2 needs an RSA key of at least 2048 bits');
  const appPub = spki(crypto.createPublicKey(priv));
  const appPrivateKeyPem = priv.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (input.appCert && input.alipayCert && input.alipayRootCert) {
    const parse = (field: string, f: () => string): string => {
      try {
        return f();
      } catch (e) {
        throw new PosError('BAD_REQUEST', `${field}: not a certificate (${(e as Error).message})`);
      }
    };
    parse('appCert', () => certSnOfPem(input.appCert!));
    parse('alipayCert', () => certSnOfPem(input.alipayCert!));
    const root = parse('alipayRootCert', () => rootCertSnOfPem(input.alipayRootCert!));
    if (!root) throw new PosError('BAD_REQUEST', 'alipayRootCert: holds no RSA certificate');
    if (Buffer.compare(spki(loadCnPublicKey(input.appCert)), appPub) !== 0) throw new PosError('BAD_REQUEST', "appCert: does not certify this app private key's public key");
    return { appPrivateKeyPem, certs: { app: input.appCert, alipay: input.alipayCert, root: input.alipayRootCert }, mode: 'certificate', fingerprints: { app: fp(appPub), alipayCert: fp(input.alipayCert) } };
  }
  let pub: crypto.KeyObject;
  try {
    pub = loadCnPublicKey(input.alipayPublicKey ?? '');
  } catch (e) {
    throw new PosError('BAD_REQUEST', `alipayPublicKey: not a public key (${(e as Error).message})`);
  }
  if (Buffer.compare(spki(pub), appPub) === 0) throw new PosError('BAD_REQUEST', "alipayPublicKey: that is the app's own public key, not Alipay's");
  return { appPrivateKeyPem, alipayPublicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString(), mode: 'publicKey', fingerprints: { app: fp(appPub), alipay: fp(spki(pub)) } };
}

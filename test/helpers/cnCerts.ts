/**
 * A certificate-mode world for 当面付 tests, made with the real openssl CLI: a root CA, Alipay's
 * public-key certificate and the app's, both issued by the root (as the open platform issues them).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tempDir';

export interface CnCertWorld {
  readonly rootCertPem: string;
  readonly alipayCertPem: string;
  readonly alipayKeyPem: string;
  readonly appCertPem: string;
  readonly appKeyPem: string;
}

export function makeCnCerts(): CnCertWorld {
  const dir = tempDir('pos-cn-certs-');
  const f = (n: string): string => path.join(dir, n);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('root.key'), '-out', f('root.crt'), '-days', '30', '-subj', '/C=CN/O=Sim Alipay Root/OU=Sim Root CA/CN=Sim Alipay Root Class 2');
  for (const [name, cn] of [['alipay', '/C=CN/O=Sim Alipay/OU=Sim Open Platform/CN=2088000000000001'], ['app', '/C=CN/O=Demo Merchant/OU=Alipay/CN=2021000000000001']] as const) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', cn);
    ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('root.crt'), '-CAkey', f('root.key'), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '30');
  }
  const read = (n: string): string => fs.readFileSync(f(n), 'utf8');
  return { rootCertPem: read('root.crt'), alipayCertPem: read('alipay.crt'), alipayKeyPem: read('alipay.key'), appCertPem: read('app.crt'), appKeyPem: read('app.key') };
}

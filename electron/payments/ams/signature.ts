import crypto, { type KeyObject } from 'node:crypto';

/**
 * AMS message signatures (AMS.md §2): RSA with SHA-256, PKCS#1 v1.5, over
 *   `<METHOD> <PATH>\n<CLIENT-ID>.<TIME>.<RAW-BODY>`
 * The body goes in as bytes so what we verify is exactly what travelled, never a re-serialisation.
 */
export function signedContent(method: string, path: string, clientId: string, time: string, body: string | Buffer): Buffer {
  const head = Buffer.from(`${method} ${path}\n${clientId}.${time}.`, 'utf8');
  return Buffer.concat([head, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

/** base64 RSA-SHA256 signature (not yet URL-encoded). */
export function signRsa256(content: Buffer, key: KeyObject): string {
  return crypto.sign('sha256', content, key).toString('base64');
}

export function verifyRsa256(content: Buffer, signatureBase64: string, key: KeyObject): boolean {
  try {
    return crypto.verify('sha256', content, key, Buffer.from(signatureBase64, 'base64'));
  } catch {
    // A malformed signature value is a failed verification, not a crash.
    return false;
  }
}

export const SIGNATURE_ALGORITHM = 'RSA256';

/**
 * `algorithm=RSA256,keyVersion=1,signature=<urlencoded base64>` as the official SDKs write it.
 * `keyVersion: null` leaves the field out: Alipay then verifies with the latest key uploaded.
 */
export function formatSignatureHeader(signatureBase64: string, keyVersion: string | null = '1'): string {
  return `algorithm=${SIGNATURE_ALGORITHM},${keyVersion === null ? '' : `keyVersion=${keyVersion},`}signature=${encodeURIComponent(signatureBase64)}`;
}

export interface ParsedSignature {
  readonly algorithm: string;
  readonly keyVersion: string | undefined;
  /** base64, URL-decoded */
  readonly signature: string;
}

/**
 * Tolerant parse: spaces around commas and `=`, any key case, lower-case percent escapes, and a
 * signature that was not URL-encoded at all. Returns undefined when there is no signature value.
 */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | undefined {
  if (!header) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const raw = fields.get('signature');
  if (!raw) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  // Form-encoding turns '+' into ' ' somewhere along the way in some stacks; base64 has no spaces.
  decoded = decoded.replace(/ /g, '+');
  return { algorithm: fields.get('algorithm') ?? SIGNATURE_ALGORITHM, keyVersion: fields.get('keyversion'), signature: decoded };
}

/** Signs one message and returns the header value; `time` is what goes in request-time/response-time. */
export function signMessage(opts: { method?: string; path: string; clientId: string; time: string; body: string | Buffer; privateKey: KeyObject; keyVersion?: string | null }): string {
  const content = signedContent(opts.method ?? 'POST', opts.path, opts.clientId, opts.time, opts.body);
  return formatSignatureHeader(signRsa256(content, opts.privateKey), opts.keyVersion);
}

export type VerifyResult = { ok: true } | { ok: false; kind: 'unsigned' | 'bad-signature'; detail: string };

/** Verifies a signature header against the exact bytes received. */
export function verifyMessage(opts: { method?: string; path: string; clientId: string | undefined; time: string | undefined; body: Buffer | string; signatureHeader: string | undefined; publicKey: KeyObject }): VerifyResult {
  const parsed = parseSignatureHeader(opts.signatureHeader);
  if (!parsed) return { ok: false, kind: 'unsigned', detail: 'no signature header' };
  if (!opts.clientId || !opts.time) return { ok: false, kind: 'unsigned', detail: 'client-id or time header missing' };
  if (parsed.algorithm.toUpperCase() !== SIGNATURE_ALGORITHM) return { ok: false, kind: 'bad-signature', detail: `unsupported algorithm ${parsed.algorithm}` };
  const content = signedContent(opts.method ?? 'POST', opts.path, opts.clientId, opts.time, opts.body);
  return verifyRsa256(content, parsed.signature, opts.publicKey) ? { ok: true } : { ok: false, kind: 'bad-signature', detail: 'signature does not verify' };
}

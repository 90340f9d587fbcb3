/** Terminal → HQ request signatures: Ed25519 over `POST <path>\n<terminalId>.<time>.<sha256(body)>`. */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export const SKEW_MS = 5 * 60_000;

export function signedContent(path: string, terminalId: string, time: number, body: Buffer | string): Buffer {
  return Buffer.from(`POST ${path}\n${terminalId}.${time}.${createHash('sha256').update(body).digest('hex')}`);
}

export function newTerminalKeys(): { publicKey: string; privateKey: string } {
  const k = generateKeyPairSync('ed25519');
  return { publicKey: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function signUpload(privateKey: string, path: string, terminalId: string, time: number, body: Buffer | string): string {
  return sign(null, signedContent(path, terminalId, time, body), privateKey).toString('base64');
}

export function verifyUpload(publicKey: string, path: string, terminalId: string, time: number, body: Buffer, signature: string): boolean {
  try {
    return verify(null, signedContent(path, terminalId, time, body), createPublicKey(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

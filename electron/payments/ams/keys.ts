import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';

/**
 * Keys as AMS hands them out: the reference SDK takes the merchant private key as base64 PKCS#8
 * DER without PEM armour and the Alipay public key as base64 SPKI DER. PEM text (PKCS#8, PKCS#1 or
 * SPKI) is accepted too, so an installer can paste whatever the portal gave them.
 */
export type KeyInput = string | Buffer | KeyObject;

function isPem(text: string): boolean {
  return text.includes('-----BEGIN');
}

function derFromBase64(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new TypeError('key is neither PEM nor base64 DER');
  return Buffer.from(clean, 'base64');
}

export function loadPrivateKey(input: KeyInput): KeyObject {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    if (input.type !== 'private') throw new TypeError('expected a private key');
    return input;
  }
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (isPem(text)) return crypto.createPrivateKey({ key: text, format: 'pem' });
  return crypto.createPrivateKey({ key: derFromBase64(text), format: 'der', type: 'pkcs8' });
}

export function loadPublicKey(input: KeyInput): KeyObject {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) {
    if (input.type === 'private') return crypto.createPublicKey(input);
    return input;
  }
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (isPem(text)) return crypto.createPublicKey({ key: text, format: 'pem' });
  return crypto.createPublicKey({ key: derFromBase64(text), format: 'der', type: 'spki' });
}

/** Reads a key file (PEM or a base64 DER one-liner) for either loader. */
export function readKeyFile(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}

/** base64 SPKI DER: the form the Alipay portal shows and the simulator prints. */
export function publicKeyToBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64');
}

export function privateKeyToBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export interface AmsKeyPair {
  /** base64 PKCS#8 DER */
  readonly privateKey: string;
  /** base64 SPKI DER */
  readonly publicKey: string;
}

/**
 * The same off the main thread (libuv's pool): demo start-up makes two pairs at once on two cores
 * instead of blocking the event loop for each in turn.
 */
export function generateAmsKeyPairAsync(): Promise<AmsKeyPair> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve({ privateKey: privateKeyToBase64(privateKey), publicKey: publicKeyToBase64(publicKey) });
    });
  });
}

/** A fresh RSA-2048 pair in the AMS portal's text forms (for demo mode, the simulator and tests). */
export function generateAmsKeyPair(): AmsKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey: privateKeyToBase64(privateKey), publicKey: publicKeyToBase64(publicKey) };
}

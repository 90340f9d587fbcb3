import fs from 'node:fs';
import { PosError } from '../../shared/errors/posError';

/**
 * Where the OS can keep a secret for us (Electron's safeStorage: DPAPI on Windows, the keychain on
 * macOS, libsecret/kwallet on Linux), the merchant's private key is stored sealed with it, so a copied
 * data folder does not carry a usable key. The station never imports electron: the Electron host
 * passes a vault in; the browser host has none and relies on 0600 file permissions.
 */
export interface KeyVault {
  readonly kind: 'os' | 'none';
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const NO_VAULT: KeyVault = {
  kind: 'none',
  seal: () => {
    throw new Error('no OS key vault on this host');
  },
  open: () => {
    throw new Error('no OS key vault on this host');
  },
};

/** First line of a sealed key file; what follows is the vault's ciphertext in base64. */
const SEALED_HEADER = 'ALIPAY-POS-SEALED-KEY v1';

export function isSealed(text: string): boolean {
  return text.startsWith(SEALED_HEADER);
}

/** The text to write for a key: sealed when the host has a vault, else as is (protected by 0600). */
export function sealKeyText(vault: KeyVault, keyText: string): string {
  if (vault.kind === 'none') return keyText;
  return `${SEALED_HEADER}\n${vault.seal(keyText).toString('base64')}\n`;
}

/** Reads a key file, opening it with the vault when it was sealed. */
export function readKeyText(vault: KeyVault, file: string): string {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!isSealed(text)) return text;
  if (vault.kind === 'none') {
    throw new PosError('CONFIG_INVALID', `${file} is sealed by the OS key store of the Electron host; start the POS under Electron or import the key again`);
  }
  try {
    return vault.open(Buffer.from(text.slice(SEALED_HEADER.length).trim(), 'base64')).trim();
  } catch (e) {
    throw new PosError('CONFIG_INVALID', `${file} cannot be opened with this account's OS key store (${(e as Error).message}); import the key again`, { cause: e });
  }
}

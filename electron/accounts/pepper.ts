import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const PEPPER_FILE = 'pin.pepper';

/**
 * The PIN pepper: 32 random bytes in the data folder (0600), created on first use. It is kept out of
 * the journal on purpose — backups and copies of journal.sqlite alone cannot be searched for PINs.
 * Losing it invalidates every PIN (badges still work; a manager resets PINs).
 */
export function loadPepper(dataDir: string): Buffer {
  const file = path.join(dataDir, PEPPER_FILE);
  try {
    const b = fs.readFileSync(file);
    if (b.length >= 32) return b;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const b = randomBytes(32);
  fs.writeFileSync(file, b, { mode: 0o600 });
  return b;
}

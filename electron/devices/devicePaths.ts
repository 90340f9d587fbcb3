import fs from 'node:fs';
import path from 'node:path';
import { PosError } from '../../shared/errors/posError';

/** USB line-printer nodes the kernel made (usblp): /dev/usb/lp0, … */
export function listUsbPrinters(dir = '/dev/usb'): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => /^lp\d+$/.test(f)).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function real(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * Issue 12 §4: the station opens for writing only a device it enumerated itself. The chosen path must
 * be one of `listed` (after resolving symlinks on both sides, so /dev/serial/by-id links work) and a
 * character device; anything else — a file, `/dev/../tmp/x`, a path not in the list — is refused.
 */
export function assertListedDevice(chosen: string, listed: readonly string[], what: string): void {
  const refuse = (why: string): never => {
    throw new PosError('BAD_REQUEST', `${what} ${JSON.stringify(chosen)} ${why}: choose one from the list`, { details: { field: 'path' } });
  };
  if (chosen.split(/[\\/]/).includes('..')) refuse('contains ..');
  if (process.platform === 'win32') {
    if (!listed.includes(chosen)) refuse('is not a device the station found');
    return;
  }
  const r = real(chosen);
  if (r === null) refuse('does not exist');
  if (!listed.some((l) => l === chosen || real(l) === r)) refuse('is not a device the station found');
  if (!fs.statSync(r!).isCharacterDevice()) refuse('is not a device node');
}

/**
 * A virtual serial scanner on a socat pty pair: the station opens `address` like a USB-CDC
 * scanner, and `scan()` "reads a code" by writing it, with its suffix, into the other end.
 */
import fs from 'node:fs';
import { openPtyPair, type PtyPair } from './socatPair';

export interface VirtualScanner {
  readonly address: string;
  readonly pair: PtyPair;
  scan(code: string, suffix?: string): void;
  /** Raw bytes, for garbage and split-read scenarios. */
  write(bytes: Uint8Array | string): void;
  close(): Promise<void>;
}

export async function startVirtualScanner(opts: { dir?: string } = {}): Promise<VirtualScanner> {
  const pair = await openPtyPair(opts);
  const fd = fs.openSync(pair.peerPath, 'r+');
  const write = (bytes: Uint8Array | string): void => {
    fs.writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  };
  return {
    address: pair.devicePath,
    pair,
    scan: (code, suffix = '\r') => write(code + suffix),
    write,
    async close() {
      fs.closeSync(fd);
      await pair.close();
    },
  };
}

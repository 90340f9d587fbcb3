// pino-roll ships no types; this is the part of its API the logger uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    mkdir?: boolean;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
    sync?: boolean;
  }
  export default function pinoRoll(opts: PinoRollOptions): Promise<DestinationStream & { flushSync(): void; end(): void }>;
}

import type { ErrorCode } from '../errors/posError';

/** What crosses the bridge for every command: a value, or a typed error the UI can act on. */
export interface IpcError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const fail = (error: IpcError): Envelope<never> => ({ ok: false, error });

/** Largest command payload the station accepts; anything bigger is refused before it is parsed. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

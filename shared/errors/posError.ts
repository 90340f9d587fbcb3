/**
 * Every error that can cross a module boundary carries a stable machine code and says whether
 * retrying the same operation can help. The UI shows messages by code, never by parsing text.
 */
export type ErrorCode =
  // bridge / contract
  | 'BAD_REQUEST'
  | 'UNKNOWN_COMMAND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHORIZED'
  /** Signed in, but this window or role may not do that (the contract's access table). */
  | 'FORBIDDEN'
  /** Nobody is signed in at the counter (or it locked itself after idling). */
  | 'SIGNED_OUT'
  | 'INTERNAL'
  | 'NOT_READY'
  // money and domain
  | 'INVALID_AMOUNT'
  | 'UNKNOWN_CURRENCY'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'PIN_REJECTED'
  /** Too many wrong supervisor PINs in a row: every PIN check is refused for a while (retryable later). */
  | 'PIN_LOCKED'
  // config and storage
  | 'CONFIG_INVALID'
  | 'DB_TOO_NEW'
  | 'DB_MIGRATION_FAILED'
  | 'DISK_FULL'
  /** The journal file was deleted or replaced under the running station: no new money is taken. */
  | 'JOURNAL_LOST'
  | 'STORAGE'
  // payments and network
  | 'OFFLINE'
  | 'AMS_NETWORK'
  | 'AMS_TIMEOUT'
  | 'AMS_SIGNATURE'
  | 'AMS_PROTOCOL'
  | 'AMS_BUSINESS'
  | 'SCAN_REJECTED'
  | 'DUPLICATE_SCAN'
  // devices
  | 'DEVICE_UNAVAILABLE'
  | 'DEVICE_IO'
  | 'PRINTER_NOT_READY'
  // end of day and settlement files
  | 'DAY_UNRESOLVED'
  | 'DAY_CLOSED'
  | 'SETTLEMENT_INVALID'
  | 'SETTLEMENT_DUPLICATE'
  | 'SETTLEMENT_WRONG_FILE'
  | 'CANCELLED'
  | 'EXPORT_FAILED'
  // till API (DESIGN §16)
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'COUNTER_BUSY'
  | 'REFERENCE_REUSED'
  | 'AMOUNT_REFUSED'
  | 'CURRENCY_REFUSED'
  // head office (issue 16)
  | 'HQ_DB_DOWN' | 'HQ_SCHEMA_TOO_NEW' | 'NOT_ENROLLED' | 'BAD_SIGNATURE' | 'STALE_REQUEST' | 'CODE_USED' | 'CODE_UNKNOWN' | 'CHAIN_GAP' | 'CHAIN_EDITED' | 'TOO_LARGE'
  // head office relay and push down (issue 16, hq-relay)
  | 'BAD_DOCUMENT' | 'HQ_UNREACHABLE' | 'NOT_LINKED' | 'ALREADY_LINKED'
  // head-office dashboard (issue 16 item 6)
  | 'SIGN_IN_FAILED' | 'SIGNED_OUT' | 'FORBIDDEN_STORE' | 'CSRF' | 'NOT_BUILT'
  // shifts and tenders (issue 14)
  | 'SHIFT_NOT_OPEN' | 'SHIFT_ALREADY_OPEN' | 'SHIFT_UNRESOLVED' | 'SHIFTS_OPEN' | 'VARIANCE_NEEDS_APPROVAL'
  | 'TENDER_SHORT' | 'TENDER_EXCEEDS' | 'CASH_OUT_OF_RANGE' | 'COUNT_INVALID'
  // a device scanner's code with no amount keyed (issue 14, tillday)
  | 'AMOUNT_FIRST';

export class PosError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, opts: { retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
  }
}

export function isPosError(e: unknown): e is PosError {
  return e instanceof PosError;
}

/** Exhaustiveness guard for discriminated unions: a new variant breaks the build here. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}

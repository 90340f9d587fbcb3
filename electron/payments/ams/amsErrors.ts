import { PosError } from '../../../shared/errors/posError';

/**
 * Typed errors for the AMS client. They carry the details of *why* an outcome is unknown or failed;
 * the client never throws them across its public calls (it returns an AmsOutcome instead), so a
 * caught exception can never be mistaken for a payment result.
 */
export type AmsErrorCode = 'AMS_NETWORK' | 'AMS_TIMEOUT' | 'AMS_SIGNATURE' | 'AMS_PROTOCOL' | 'AMS_BUSINESS';

export abstract class AmsError extends PosError {
  abstract override readonly code: AmsErrorCode;
}

/** The connection failed. `sent` is false only when we know no request byte reached the server. */
export class AmsNetworkError extends AmsError {
  override readonly code = 'AMS_NETWORK' as const;
  readonly sent: boolean;
  constructor(message: string, opts: { sent: boolean; cause?: unknown }) {
    super('AMS_NETWORK', message, { retryable: true, cause: opts.cause, details: { sent: opts.sent } });
    this.sent = opts.sent;
  }
}

export class AmsTimeoutError extends AmsError {
  override readonly code = 'AMS_TIMEOUT' as const;
  readonly phase: 'connect' | 'read';
  constructor(phase: 'connect' | 'read', ms: number) {
    super('AMS_TIMEOUT', `AMS ${phase} timeout after ${ms} ms`, { retryable: true, details: { phase, ms } });
    this.phase = phase;
  }
}

/** A response or notification whose signature is missing or does not verify. */
export class AmsSignatureError extends AmsError {
  override readonly code = 'AMS_SIGNATURE' as const;
  readonly kind: 'unsigned' | 'bad-signature';
  constructor(kind: 'unsigned' | 'bad-signature', message: string) {
    super('AMS_SIGNATURE', message, { retryable: true, details: { kind } });
    this.kind = kind;
  }
}

/** The answer was not the protocol: HTTP status other than 200, not JSON, or the wrong shape. */
export class AmsProtocolError extends AmsError {
  override readonly code = 'AMS_PROTOCOL' as const;
  readonly httpStatus: number | undefined;
  constructor(message: string, opts: { httpStatus?: number; cause?: unknown } = {}) {
    super('AMS_PROTOCOL', message, { retryable: true, cause: opts.cause, details: { httpStatus: opts.httpStatus } });
    this.httpStatus = opts.httpStatus;
  }
}

/** A verified F answer. Retrying the same request cannot help (the result-code table says what can). */
export class AmsBusinessError extends AmsError {
  override readonly code = 'AMS_BUSINESS' as const;
  readonly resultCode: string;
  constructor(resultCode: string, resultMessage: string) {
    super('AMS_BUSINESS', `${resultCode}: ${resultMessage}`, { retryable: false, details: { resultCode } });
    this.resultCode = resultCode;
  }
}

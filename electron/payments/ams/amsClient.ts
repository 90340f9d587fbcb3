/**
 * AMS in-store client — the contract the payment engine relies on.
 *
 * Every call resolves (never rejects) to an `AmsOutcome`:
 *   - `{outcome: 'S', body}`  a verified, well-formed success answer;
 *   - `{outcome: 'F', resultCode, resultMessage, body}`  a verified, well-formed failure answer;
 *   - `{outcome: 'U', reason, …}`  anything else. No answer, timeout, HTTP status other than 200,
 *     an unsigned or badly signed response, unparseable JSON or the wrong shape, and a verified
 *     `resultStatus: U` all land here. An unverifiable answer is NEVER reported as S or F, even when
 *     its body says SUCCESS: the engine resolves U by inquiry (AMS.md §2, §4).
 * `U.resultCode` is filled when a body could be read (e.g. an unsigned INVALID_SIGNATURE answer), so
 * the engine can look it up in the result-code table to decide between polling and alerting.
 * `U.sent === false` means the request provably never reached the server (connect failed).
 * Only programming errors (invalid input such as a non-integer amount) throw, synchronously, before
 * anything is sent.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import { AmsError, AmsNetworkError, AmsProtocolError, AmsSignatureError, AmsTimeoutError } from './amsErrors';
import {
  buildPayBody, buildPaymentRefBody, buildRefundBody, buildRefundRefBody, buildRegistrationBody,
  type PaymentRef, type PayRequest, type RefundRef, type RefundRequest, type RegistrationInfoRef, type RegistrationRef, type RegistrationRequest,
} from './amsRequests';
import {
  cancelResponseSchema, envelopeSchema, inquiryPaymentResponseSchema, inquiryRefundResponseSchema, inquiryRegistrationInfoResponseSchema,
  inquiryRegistrationStatusResponseSchema, payResponseSchema, refundResponseSchema, registrationResponseSchema,
  type CancelResponse, type InquiryPaymentResponse, type InquiryRefundResponse, type InquiryRegistrationInfoResponse,
  type InquiryRegistrationStatusResponse, type PayResponse, type RefundResponse, type RegistrationResponse,
} from './amsWire';
import { createHttpTransport, type AmsTransport, type ProxySetting, type TransportResponse } from './httpTransport';
import { loadPrivateKey, loadPublicKey, type KeyInput } from './keys';
import { AMS_API, PATH_PREFIX_PRODUCTION, regionBaseUrl, type AmsApiName, type AmsRegion } from './regions';
import { signMessage, verifyMessage } from './signature';
import type { CallTrace } from '../engine/enginePorts';

/**
 * `rejected`: an unsigned F whose code is a request-level rejection (REQUEST_REJECTION_CODES): the
 * gateway refused the request before processing it. Still U — its body is unverified — but the
 * engine may treat it as "not processed".
 */
export type AmsUnknownReason = 'result-U' | 'timeout' | 'network' | 'http-status' | 'unsigned' | 'rejected' | 'bad-signature' | 'malformed';

/**
 * Codes Alipay answers unsigned because it rejected the request itself, before any business
 * processing: it could not authenticate us (signature, key, client id) or the request is not an API
 * call at all. "The signature would not be present in the response when AMS returns a
 * SIGNATURE_INVALID" (alipay/ams-java-sdk SignatureUtil); the global SDKs skip verification of such
 * answers and report their F as is. An unsigned answer with any other code, or not F, stays unknown.
 */
export const REQUEST_REJECTION_CODES: ReadonlySet<string> = new Set([
  'INVALID_SIGNATURE', 'SIGNATURE_INVALID', 'KEY_NOT_FOUND', 'CLIENT_INVALID', 'INVALID_CLIENT',
  'NO_INTERFACE_DEF', 'METHOD_NOT_SUPPORTED', 'MEDIA_TYPE_NOT_ACCEPTABLE', 'INVALID_API',
]);

/** The engine's call trace (digests, not bodies), named by the AMS API called. */
export interface AmsTrace extends CallTrace {
  readonly api: AmsApiName;
}

export type AmsOutcome<B> =
  | { readonly outcome: 'S'; readonly body: B; readonly trace: AmsTrace }
  | { readonly outcome: 'F'; readonly resultCode: string; readonly resultMessage: string; readonly body: B; readonly trace: AmsTrace }
  | {
      readonly outcome: 'U';
      readonly reason: AmsUnknownReason;
      readonly resultCode?: string;
      readonly resultMessage?: string;
      readonly detail: string;
      /** false only when the request provably never reached the server. */
      readonly sent: boolean;
      /** The typed cause (absent for a verified result U). */
      readonly error?: AmsError;
      readonly trace: AmsTrace;
    };

export interface AmsClientOptions {
  readonly clientId: string;
  /** base64 PKCS#8 DER, PEM text, or a KeyObject. */
  readonly merchantPrivateKey: KeyInput;
  /** base64 SPKI DER, PEM text, or a KeyObject. */
  readonly alipayPublicKey: KeyInput;
  /** Full origin, e.g. the simulator's `http://127.0.0.1:4100`. Overrides `region`. */
  readonly baseUrl?: string;
  readonly region?: AmsRegion;
  /** `/ams/api` (default, production and in-store sandbox) or `/ams/sandbox/api`. */
  readonly pathPrefix?: string;
  readonly connectTimeoutMs?: number;
  readonly readTimeoutMs?: number;
  /** The merchant key's version at Alipay; omitted → the header carries none and Alipay uses the latest key. */
  readonly keyVersion?: string;
  /** ISV set-ups: the `Agent-Token` Alipay issued to the service provider, sent on every request. */
  readonly agentToken?: string;
  /** Offset for datetimes we write into bodies (default +08:00). */
  readonly timeOffsetMinutes?: number;
  readonly clock?: Clock;
  readonly transport?: AmsTransport;
  /** Outbound proxy for the default transport; absent: HTTPS_PROXY / NO_PROXY from the environment. */
  readonly proxy?: ProxySetting;
}

export interface AmsCallOptions {
  readonly readTimeoutMs?: number;
}

export interface AmsClient {
  readonly clientId: string;
  pay(req: PayRequest, opts?: AmsCallOptions): Promise<AmsOutcome<PayResponse>>;
  inquiryPayment(ref: PaymentRef, opts?: AmsCallOptions): Promise<AmsOutcome<InquiryPaymentResponse>>;
  cancel(ref: PaymentRef, opts?: AmsCallOptions): Promise<AmsOutcome<CancelResponse>>;
  refund(req: RefundRequest, opts?: AmsCallOptions): Promise<AmsOutcome<RefundResponse>>;
  inquiryRefund(ref: RefundRef, opts?: AmsCallOptions): Promise<AmsOutcome<InquiryRefundResponse>>;
  registration(req: RegistrationRequest, opts?: AmsCallOptions): Promise<AmsOutcome<RegistrationResponse>>;
  inquiryRegistrationStatus(ref: RegistrationRef, opts?: AmsCallOptions): Promise<AmsOutcome<InquiryRegistrationStatusResponse>>;
  inquiryRegistrationInfo(ref: RegistrationInfoRef, opts?: AmsCallOptions): Promise<AmsOutcome<InquiryRegistrationInfoResponse>>;
  /** Low-level signed call with a caller-supplied body and schema (for APIs not wrapped above). */
  call<B>(api: AmsApiName, body: unknown, schema: z.ZodType<B>, opts?: AmsCallOptions): Promise<AmsOutcome<B>>;
  close(): void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_READ_TIMEOUT_MS = 15_000;

const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

export function createAmsClient(opts: AmsClientOptions): AmsClient {
  const privateKey: KeyObject = loadPrivateKey(opts.merchantPrivateKey);
  const publicKey: KeyObject = loadPublicKey(opts.alipayPublicKey);
  const clock = opts.clock ?? systemClock;
  const baseUrl = (opts.baseUrl ?? regionBaseUrl(opts.region ?? 'SEA')).replace(/\/+$/, '');
  const prefix = (opts.pathPrefix ?? PATH_PREFIX_PRODUCTION).replace(/\/+$/, '');
  const ownTransport = opts.transport ? undefined : createHttpTransport(opts.proxy ? { proxy: opts.proxy } : {});
  const transport: AmsTransport = opts.transport ?? ownTransport!;
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const defaultReadTimeoutMs = opts.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;

  async function call<B>(api: AmsApiName, bodyObj: unknown, schema: z.ZodType<B>, callOpts: AmsCallOptions = {}): Promise<AmsOutcome<B>> {
    const path = `${prefix}${AMS_API[api]}`;
    // Serialised exactly once: these bytes are signed and sent.
    const body = Buffer.from(JSON.stringify(bodyObj), 'utf8');
    const started = clock.now();
    const requestTime = String(started);
    const signature = signMessage({ path, clientId: opts.clientId, time: requestTime, body, privateKey, keyVersion: opts.keyVersion ?? null });
    const baseTrace = { api, path, requestTime, requestSha256: sha256(body) };
    let res: TransportResponse;
    try {
      res = await transport({
        url: new URL(baseUrl + path),
        headers: {
          'content-type': 'application/json; charset=UTF-8',
          'client-id': opts.clientId,
          'request-time': requestTime,
          signature,
          ...(opts.agentToken ? { 'agent-token': opts.agentToken } : {}),
        },
        body,
        connectTimeoutMs,
        readTimeoutMs: callOpts.readTimeoutMs ?? defaultReadTimeoutMs,
      });
    } catch (e) {
      const trace: AmsTrace = { ...baseTrace, durationMs: clock.now() - started };
      if (e instanceof AmsTimeoutError) {
        return { outcome: 'U', reason: 'timeout', detail: e.message, sent: e.phase === 'read', error: e, trace };
      }
      if (e instanceof AmsNetworkError) return { outcome: 'U', reason: 'network', detail: e.message, sent: e.sent, error: e, trace };
      if (e instanceof AmsProtocolError) return { outcome: 'U', reason: 'malformed', detail: e.message, sent: true, error: e, trace };
      const err = new AmsNetworkError(`transport failed: ${(e as Error)?.message ?? String(e)}`, { sent: true, cause: e });
      return { outcome: 'U', reason: 'network', detail: err.message, sent: true, error: err, trace };
    }
    return interpret(res, path, schema, { ...baseTrace, durationMs: clock.now() - started, httpStatus: res.status, responseSha256: sha256(res.body) });
  }

  /** Order matters: nothing in the body is believed before the signature over its bytes verifies. */
  function interpret<B>(res: TransportResponse, path: string, schema: z.ZodType<B>, trace: AmsTrace): AmsOutcome<B> {
    const peek = peekResult(res.body);
    const unknown = (reason: AmsUnknownReason, error: AmsError): AmsOutcome<B> => ({
      outcome: 'U', reason, detail: error.message, sent: true, error, trace,
      ...(peek ? { resultCode: peek.resultCode, resultMessage: peek.resultMessage } : {}),
    });
    if (res.status !== 200) return unknown('http-status', new AmsProtocolError(`HTTP ${res.status}`, { httpStatus: res.status }));
    const responseClientId = res.headers['client-id'];
    const verified = verifyMessage({
      path, clientId: responseClientId, time: res.headers['response-time'], body: res.body,
      signatureHeader: res.headers.signature, publicKey,
    });
    if (!verified.ok) {
      const rejected = verified.kind === 'unsigned' && peek?.resultStatus === 'F' && REQUEST_REJECTION_CODES.has(peek.resultCode);
      return unknown(rejected ? 'rejected' : verified.kind, new AmsSignatureError(verified.kind, `response ${verified.detail}${rejected ? ` (request rejected: ${peek.resultCode})` : ''}`));
    }
    if (responseClientId !== opts.clientId) {
      return unknown('bad-signature', new AmsSignatureError('bad-signature', `response signed for client-id ${responseClientId ?? '?'}, not ${opts.clientId}`));
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch (e) {
      return unknown('malformed', new AmsProtocolError('response is not JSON', { httpStatus: res.status, cause: e }));
    }
    const env = envelopeSchema.safeParse(json);
    if (!env.success) return unknown('malformed', new AmsProtocolError(`response has no valid result: ${env.error.message}`, { httpStatus: res.status }));
    const { resultStatus, resultCode, resultMessage } = env.data.result;
    if (resultStatus === 'U') {
      return { outcome: 'U', reason: 'result-U', resultCode, resultMessage, detail: `${resultCode}: ${resultMessage}`, sent: true, trace };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return unknown('malformed', new AmsProtocolError(`response shape: ${parsed.error.message}`, { httpStatus: res.status }));
    return resultStatus === 'S'
      ? { outcome: 'S', body: parsed.data, trace }
      : { outcome: 'F', resultCode, resultMessage, body: parsed.data, trace };
  }

  return {
    clientId: opts.clientId,
    pay: (req, o) => {
      const schema = payResponseSchema.refine((b) => b.result.resultStatus !== 'S' || successShapeOk(req.scenario, b), {
        message: `S answer lacks what ${req.scenario} needs (orderCodeForm / redirectActionForm)`,
      });
      return call('pay', buildPayBody(req, clock.now(), opts.timeOffsetMinutes), schema, o);
    },
    inquiryPayment: (ref, o) => call('inquiryPayment', buildPaymentRefBody(ref), inquiryPaymentResponseSchema.refine(
      (b) => b.result.resultStatus !== 'S' || typeof b.paymentStatus === 'string', { message: 'S inquiry without paymentStatus' }), o),
    cancel: (ref, o) => call('cancel', buildPaymentRefBody(ref), cancelResponseSchema, o),
    refund: (req, o) => call('refund', buildRefundBody(req), refundResponseSchema, o),
    inquiryRefund: (ref, o) => call('inquiryRefund', buildRefundRefBody(ref), inquiryRefundResponseSchema.refine(
      (b) => b.result.resultStatus !== 'S' || typeof b.refundStatus === 'string', { message: 'S inquiry without refundStatus' }), o),
    registration: (req, o) => call('registration', buildRegistrationBody(req), registrationResponseSchema, o),
    inquiryRegistrationStatus: (ref, o) => call('inquiryRegistrationStatus', { ...ref }, inquiryRegistrationStatusResponseSchema, o),
    inquiryRegistrationInfo: (ref, o) => call('inquiryRegistrationInfo', { ...ref }, inquiryRegistrationInfoResponseSchema, o),
    call: (api, body, schema, o) => call(api, body, schema, o),
    close: () => ownTransport?.close(),
  };
}

function successShapeOk(scenario: PayRequest['scenario'], b: PayResponse): boolean {
  switch (scenario) {
    case 'PaymentCode': return true;
    case 'OrderCode': return b.orderCodeForm !== undefined;
    case 'EntryCode': return b.redirectActionForm !== undefined;
  }
}

/** Best-effort read of `result` from an unverified body: only ever used to label a U, never to decide S/F. */
function peekResult(body: Buffer): { resultStatus: string; resultCode: string; resultMessage: string } | undefined {
  try {
    const r = envelopeSchema.safeParse(JSON.parse(body.toString('utf8')));
    return r.success ? { resultStatus: r.data.result.resultStatus, resultCode: r.data.result.resultCode, resultMessage: r.data.result.resultMessage } : undefined;
  } catch {
    return undefined;
  }
}

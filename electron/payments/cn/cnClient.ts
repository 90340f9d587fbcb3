/**
 * The open-platform gateway client (gateway.do, v2): form-encoded, RSA2 over the sorted parameters,
 * every answer verified over the raw `*_response` text before anything in it is believed.
 *
 * Every call resolves (never rejects) to a CnOutcome, like the AMS client:
 *   - `S`  a verified `code: 10000` answer of the right shape;
 *   - `F`  a verified business refusal (40004 with a `sub_code`, or 40001/40002/40006);
 *   - `U`  everything else: no answer, timeout, HTTP ≠ 200, unsigned or badly signed, not the
 *     protocol, and the verified "ask again" answers: 10003 (the customer is confirming), 20000 and
 *     ACQ.SYSTEM_ERROR (query). `U.code` carries the code when a body could be read (an unsigned
 *     isv.invalid-signature answer), so the result-code table can tell alerting from polling.
 * Only programming errors (a non-integer amount) throw, synchronously, before anything is sent.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../../shared/domain/clock';
import { AmsNetworkError, AmsProtocolError, AmsTimeoutError } from '../ams/amsErrors';
import { createHttpTransport, type AmsTransport, type TransportResponse } from '../ams/httpTransport';
import type { CallTrace } from '../engine/enginePorts';
import { certSnOfPem, loadCnPrivateKey, loadCnPublicKey, rootCertSnOfPem, type CnKeyInput } from './cnKeys';
import { CN_QUERY_CODES } from './cnResultCodes';
import { cnCommonSchema, type CnMethod } from './cnSchemas';
import { CN_GATEWAY_PRODUCTION, extractSignedResponse, formatBeijing, rsa2Sign, rsa2Verify, signContent } from './cnWire';

export type CnUnknownReason = 'waiting' | 'result-unknown' | 'timeout' | 'network' | 'http-status' | 'unsigned' | 'bad-signature' | 'malformed';

export type CnOutcome<B> =
  | { readonly outcome: 'S'; readonly body: B; readonly trace: CallTrace }
  | { readonly outcome: 'F'; readonly code: string; readonly subCode: string | null; readonly message: string; readonly body: B; readonly trace: CallTrace }
  | {
      readonly outcome: 'U';
      readonly reason: CnUnknownReason;
      /** The sub_code, else the code, when a body could be read (verified or not). */
      readonly code?: string;
      /** A verified body (10003, 20000, ACQ.SYSTEM_ERROR): its fields may still be read as facts. */
      readonly body?: B;
      readonly detail: string;
      /** false only when the request provably never reached the server. */
      readonly sent: boolean;
      readonly trace: CallTrace;
    };

/** Certificate mode: the app's public-key certificate, Alipay's, and Alipay's root chain (PEM). */
export interface CnCertificates {
  readonly appCertPem: string;
  readonly alipayCertPem: string;
  readonly alipayRootCertPem: string;
}

export interface CnClientOptions {
  readonly appId: string;
  readonly appPrivateKey: CnKeyInput;
  /** Public-key mode. */
  readonly alipayPublicKey?: CnKeyInput;
  /** Certificate mode (wins over alipayPublicKey). */
  readonly certificates?: CnCertificates;
  /** Production by default; CN_GATEWAY_SANDBOX or the simulator's URL. */
  readonly gatewayUrl?: string;
  /** A service provider acting for a merchant. */
  readonly appAuthToken?: string;
  readonly connectTimeoutMs?: number;
  readonly readTimeoutMs?: number;
  readonly clock?: Clock;
  readonly transport?: AmsTransport;
}

export interface CnCallOptions {
  readonly notifyUrl?: string;
  readonly readTimeoutMs?: number;
}

export interface CnClient {
  readonly appId: string;
  call<B>(method: CnMethod, biz: Record<string, unknown>, schema: z.ZodType<B>, opts?: CnCallOptions): Promise<CnOutcome<B>>;
  /** The signed form as it would be sent (tests, and the oracle comparing with alipay-sdk). */
  signedParams(method: string, biz: Record<string, unknown>, opts?: CnCallOptions): Record<string, string>;
  close(): void;
}

const sha256 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

export function createCnClient(opts: CnClientOptions): CnClient {
  const privateKey: KeyObject = loadCnPrivateKey(opts.appPrivateKey);
  const cert = opts.certificates
    ? {
      appCertSn: certSnOfPem(opts.certificates.appCertPem),
      alipayCertSn: certSnOfPem(opts.certificates.alipayCertPem),
      rootCertSn: rootCertSnOfPem(opts.certificates.alipayRootCertPem),
      alipayKey: loadCnPublicKey(opts.certificates.alipayCertPem),
    }
    : null;
  if (!cert && opts.alipayPublicKey === undefined) throw new TypeError('either alipayPublicKey or certificates is required');
  const alipayKey: KeyObject = cert ? cert.alipayKey : loadCnPublicKey(opts.alipayPublicKey!);
  const clock = opts.clock ?? systemClock;
  const gateway = new URL(opts.gatewayUrl ?? CN_GATEWAY_PRODUCTION);
  const ownTransport = opts.transport ? undefined : createHttpTransport();
  const transport: AmsTransport = opts.transport ?? ownTransport!;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5_000;
  const defaultReadTimeoutMs = opts.readTimeoutMs ?? 15_000;

  function signedParams(method: string, biz: Record<string, unknown>, callOpts: CnCallOptions = {}): Record<string, string> {
    const params: Record<string, string> = {
      app_id: opts.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: formatBeijing(clock.now()),
      version: '1.0',
      biz_content: JSON.stringify(biz),
    };
    if (callOpts.notifyUrl) params.notify_url = callOpts.notifyUrl;
    if (opts.appAuthToken) params.app_auth_token = opts.appAuthToken;
    if (cert) {
      params.app_cert_sn = cert.appCertSn;
      params.alipay_root_cert_sn = cert.rootCertSn;
    }
    params.sign = rsa2Sign(signContent(params), privateKey);
    return params;
  }

  async function call<B>(method: CnMethod, biz: Record<string, unknown>, schema: z.ZodType<B>, callOpts: CnCallOptions = {}): Promise<CnOutcome<B>> {
    const params = signedParams(method, biz, callOpts);
    const body = Buffer.from(new URLSearchParams(params).toString(), 'utf8');
    const started = clock.now();
    const base = { api: method, path: gateway.pathname, requestTime: params.timestamp!, requestSha256: sha256(body) };
    let res: TransportResponse;
    try {
      res = await transport({
        url: gateway,
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', accept: 'application/json' },
        body, connectTimeoutMs, readTimeoutMs: callOpts.readTimeoutMs ?? defaultReadTimeoutMs,
      });
    } catch (e) {
      const trace: CallTrace = { ...base, durationMs: clock.now() - started };
      if (e instanceof AmsTimeoutError) return { outcome: 'U', reason: 'timeout', detail: e.message, sent: e.phase === 'read', trace };
      if (e instanceof AmsNetworkError) return { outcome: 'U', reason: 'network', detail: e.message, sent: e.sent, trace };
      if (e instanceof AmsProtocolError) return { outcome: 'U', reason: 'malformed', detail: e.message, sent: true, trace };
      return { outcome: 'U', reason: 'network', detail: `transport failed: ${(e as Error)?.message ?? String(e)}`, sent: true, trace };
    }
    return interpret(method, res, schema, { ...base, durationMs: clock.now() - started, httpStatus: res.status, responseSha256: sha256(res.body) });
  }

  /** Order matters: nothing in the body is believed before the signature over its text verifies. */
  function interpret<B>(method: string, res: TransportResponse, schema: z.ZodType<B>, trace: CallTrace): CnOutcome<B> {
    const raw = res.body.toString('utf8');
    const signed = extractSignedResponse(raw, method);
    const peek = signed ? cnCommonSchema.safeParse(signed.payload) : null;
    const peekCode = peek?.success ? (peek.data.sub_code ?? peek.data.code) : undefined;
    const unknown = (reason: CnUnknownReason, detail: string): CnOutcome<B> => ({ outcome: 'U', reason, detail, sent: true, trace, ...(peekCode ? { code: peekCode } : {}) });
    if (res.status !== 200) return unknown('http-status', `HTTP ${res.status}`);
    if (!signed) return unknown('malformed', `no ${method} response in the body`);
    if (!signed.sign) return unknown('unsigned', `${signed.key} is not signed`);
    if (cert && signed.alipayCertSn !== cert.alipayCertSn) {
      // Alipay rotated its certificate: the new one must be fetched and checked against the root first.
      return unknown('bad-signature', `answer signed with certificate ${signed.alipayCertSn ?? '(none)'}, we hold ${cert.alipayCertSn}`);
    }
    if (!rsa2Verify(signed.signedText, signed.sign, alipayKey)) return unknown('bad-signature', `${signed.key} signature does not verify`);
    const common = cnCommonSchema.safeParse(signed.payload);
    if (!common.success) return unknown('malformed', `response has no code: ${common.error.message}`);
    const { code, msg, sub_code: subCode, sub_msg: subMsg } = common.data;
    const parsed = schema.safeParse(signed.payload);
    if (!parsed.success) return unknown('malformed', `response shape: ${parsed.error.message}`);
    const label = subCode ?? code;
    if (code === '10000') return { outcome: 'S', body: parsed.data, trace };
    if (code === '10003') return { outcome: 'U', reason: 'waiting', code, body: parsed.data, detail: `10003 ${msg}`, sent: true, trace };
    if (CN_QUERY_CODES.has(code) || (subCode !== undefined && CN_QUERY_CODES.has(subCode))) {
      return { outcome: 'U', reason: 'result-unknown', code: label, body: parsed.data, detail: `${code} ${label}: ${subMsg ?? msg}`, sent: true, trace };
    }
    if (/^400\d\d$/.test(code)) return { outcome: 'F', code, subCode: subCode ?? null, message: subMsg ?? msg, body: parsed.data, trace };
    return { outcome: 'U', reason: 'malformed', code: label, detail: `unexpected code ${code}`, sent: true, trace };
  }

  return { appId: opts.appId, call, signedParams, close: () => ownTransport?.close() };
}

import type { KeyObject } from 'node:crypto';
import { AmsProtocolError, AmsSignatureError } from './amsErrors';
import { paymentNotificationSchema, registrationNotificationSchema, type PaymentNotification, type RegistrationNotification } from './amsWire';
import { parseHeaderTime } from './amsTime';
import { loadPublicKey, type KeyInput } from './keys';
import { verifyMessage, type VerifyResult } from './signature';

/**
 * Alipay → us notifications (AMS.md §6). The signature is checked over the exact bytes received
 * before any business field is read; a notification that fails changes nothing.
 */
export interface IncomingNotification {
  /** Path of our notify endpoint as Alipay called it (no host, no query). */
  readonly path: string;
  /** Header lookup; names are case-insensitive on the wire, so callers pass lower-cased names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export type NotificationVerdict<N> =
  | { readonly ok: true; readonly notification: N; readonly clientId: string }
  | { readonly ok: false; readonly error: AmsSignatureError | AmsProtocolError };

/** Sent back with HTTP 200; without it Alipay resends on its schedule. No signature needed. */
export const NOTIFICATION_ACK_BODY = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}';

export const NOTIFICATION_MAX_BYTES = 64 * 1024;

/**
 * How far a notification's `request-time` may be from our clock. Alipay signs every (re)send anew,
 * so a genuine one is seconds old; an old signed body replayed later is refused (not acknowledged:
 * a real resend carries a fresh time). Five minutes leaves room for an unsynchronised terminal clock.
 */
export const NOTIFICATION_MAX_SKEW_MS = 5 * 60_000;

export interface NotificationCheck {
  /**
   * Paths Alipay may have signed over, tried in order: the path of the `paymentNotifyUrl` we sent
   * (what Alipay signs) first. A reverse proxy that strips a prefix delivers `/alipay/notify` for a
   * public `/pos/alipay/notify`, so the received path alone would refuse every genuine notification.
   */
  readonly signedPaths?: readonly string[];
  /** Our clock (epoch ms) for the freshness check; omitted → no freshness check. */
  readonly now?: number;
  readonly maxSkewMs?: number;
}

function header(h: IncomingNotification['headers'], name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : v;
}

/** Only the path part counts (AMS.md §2): no scheme, host or query. */
export function signedPathOf(urlOrPath: string): string {
  if (URL.canParse(urlOrPath)) return new URL(urlOrPath).pathname;
  return urlOrPath.split('?')[0]!;
}

function verifyAndParse<N>(n: IncomingNotification, alipayPublicKey: KeyInput | KeyObject, expectedClientId: string | undefined, parse: (json: unknown) => { success: true; data: N } | { success: false; error: { message: string } }, check: NotificationCheck = {}): NotificationVerdict<N> {
  if (n.body.length > NOTIFICATION_MAX_BYTES) return { ok: false, error: new AmsProtocolError('notification too large') };
  const clientId = header(n.headers, 'client-id');
  const time = header(n.headers, 'request-time');
  const key = loadPublicKey(alipayPublicKey);
  const paths = [...new Set([...(check.signedPaths ?? []).map(signedPathOf), signedPathOf(n.path)])];
  let v: VerifyResult = { ok: false, kind: 'unsigned', detail: 'no path' };
  for (const path of paths) {
    v = verifyMessage({ path, clientId, time, body: n.body, signatureHeader: header(n.headers, 'signature'), publicKey: key });
    if (v.ok || v.kind === 'unsigned') break;
  }
  if (!v.ok) return { ok: false, error: new AmsSignatureError(v.kind, `notification ${v.detail}`) };
  if (check.now !== undefined) {
    // Checked after the signature: the time is part of the signed content, so it cannot be forged.
    const at = parseHeaderTime(time!);
    const skew = at === undefined ? Number.POSITIVE_INFINITY : Math.abs(check.now - at);
    if (skew > (check.maxSkewMs ?? NOTIFICATION_MAX_SKEW_MS)) {
      return { ok: false, error: new AmsProtocolError(at === undefined ? `notification request-time "${time}" is not a time` : `notification request-time is ${Math.round(skew / 1000)} s away from our clock (stale, replayed, or our clock is wrong)`) };
    }
  }
  if (expectedClientId !== undefined && clientId !== expectedClientId) {
    return { ok: false, error: new AmsSignatureError('bad-signature', `notification for client-id ${clientId ?? '?'}`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(n.body.toString('utf8'));
  } catch (e) {
    return { ok: false, error: new AmsProtocolError('notification is not JSON', { cause: e }) };
  }
  const parsed = parse(json);
  if (!parsed.success) return { ok: false, error: new AmsProtocolError(`notification shape: ${parsed.error.message}`) };
  return { ok: true, notification: parsed.data, clientId: clientId! };
}

export function verifyPaymentNotification(n: IncomingNotification, alipayPublicKey: KeyInput, expectedClientId?: string, check?: NotificationCheck): NotificationVerdict<PaymentNotification> {
  return verifyAndParse(n, alipayPublicKey, expectedClientId, (j) => paymentNotificationSchema.safeParse(j), check);
}

export function verifyRegistrationNotification(n: IncomingNotification, alipayPublicKey: KeyInput, expectedClientId?: string, check?: NotificationCheck): NotificationVerdict<RegistrationNotification> {
  return verifyAndParse(n, alipayPublicKey, expectedClientId, (j) => registrationNotificationSchema.safeParse(j), check);
}

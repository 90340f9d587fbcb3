import type { KeyObject } from 'node:crypto';
import { AmsProtocolError, AmsSignatureError } from './amsErrors';
import { paymentNotificationSchema, registrationNotificationSchema, type PaymentNotification, type RegistrationNotification } from './amsWire';
import { loadPublicKey, type KeyInput } from './keys';
import { verifyMessage } from './signature';

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

function header(h: IncomingNotification['headers'], name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : v;
}

function verifyAndParse<N>(n: IncomingNotification, alipayPublicKey: KeyInput | KeyObject, expectedClientId: string | undefined, parse: (json: unknown) => { success: true; data: N } | { success: false; error: { message: string } }): NotificationVerdict<N> {
  if (n.body.length > NOTIFICATION_MAX_BYTES) return { ok: false, error: new AmsProtocolError('notification too large') };
  const clientId = header(n.headers, 'client-id');
  const v = verifyMessage({
    path: n.path.split('?')[0]!, clientId, time: header(n.headers, 'request-time'), body: n.body,
    signatureHeader: header(n.headers, 'signature'), publicKey: loadPublicKey(alipayPublicKey),
  });
  if (!v.ok) return { ok: false, error: new AmsSignatureError(v.kind, `notification ${v.detail}`) };
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

export function verifyPaymentNotification(n: IncomingNotification, alipayPublicKey: KeyInput, expectedClientId?: string): NotificationVerdict<PaymentNotification> {
  return verifyAndParse(n, alipayPublicKey, expectedClientId, (j) => paymentNotificationSchema.safeParse(j));
}

export function verifyRegistrationNotification(n: IncomingNotification, alipayPublicKey: KeyInput, expectedClientId?: string): NotificationVerdict<RegistrationNotification> {
  return verifyAndParse(n, alipayPublicKey, expectedClientId, (j) => registrationNotificationSchema.safeParse(j));
}

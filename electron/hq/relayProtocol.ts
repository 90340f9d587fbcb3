/**
 * The terminal's outbound WebSocket to HQ (DESIGN §15): HQ relays Alipay's notifications and pushes
 * documents down it; the terminal answers each. JSON text frames, one message each.
 */
export const UPLOAD_PATH = '/api/v1/upload';
export const RELAY_PATH = '/api/v1/relay';
/** HQ's notify URL for a terminal: `/notify/<merchant>/<terminal>` (AMS) or with this suffix (当面付). */
export const CN_NOTIFY_SUFFIX = '/cn';

export type PushKind = 'storeSettings' | 'accounts';
export const PUSH_KINDS: readonly PushKind[] = ['storeSettings', 'accounts'];

/** HQ → terminal. */
export type RelayDown =
  /** A notification exactly as Alipay posted it to HQ; `body` base64 of the received bytes. */
  | { readonly type: 'notification'; readonly id: number; readonly path: string; readonly headers: Record<string, string>; readonly body: string }
  | { readonly type: 'push'; readonly kind: PushKind; readonly version: number; readonly body: unknown };

/** Terminal → HQ. */
export type RelayUp =
  /** Handled (applied, a duplicate, or refused as unverifiable): HQ marks it delivered and never sends it again. */
  | { readonly type: 'ack'; readonly id: number; readonly outcome: string }
  /** Not handled now (the terminal is still starting): HQ keeps it and sends it again later. */
  | { readonly type: 'nack'; readonly id: number; readonly reason: string }
  | { readonly type: 'pushAck'; readonly kind: PushKind; readonly version: number; readonly applied: boolean; readonly error?: { readonly code: string; readonly message: string } };

export function parseRelayUp(text: string): RelayUp | null {
  try {
    const m = JSON.parse(text) as RelayUp;
    switch (m?.type) {
      case 'ack':
      case 'nack':
        return typeof m.id === 'number' ? m : null;
      case 'pushAck':
        return PUSH_KINDS.includes(m.kind) && typeof m.version === 'number' && typeof m.applied === 'boolean' ? m : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

export function parseRelayDown(text: string): RelayDown | null {
  try {
    const m = JSON.parse(text) as RelayDown;
    switch (m?.type) {
      case 'notification':
        return typeof m.id === 'number' && typeof m.path === 'string' && typeof m.body === 'string' && typeof m.headers === 'object' ? m : null;
      case 'push':
        return PUSH_KINDS.includes(m.kind) && typeof m.version === 'number' ? m : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

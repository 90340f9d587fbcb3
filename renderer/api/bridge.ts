import type { PosBridge } from '../../shared/ipc/bridge';
import type { CommandName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/envelope';
import { createWsBridge, type ConnectionListener } from './wsBridge';

declare global {
  interface Window {
    pos?: PosBridge;
  }
}

export type ScreenName = 'cashier' | 'customer';

let bridge: (PosBridge & { onConnection?(l: ConnectionListener): () => void }) | null = null;

/**
 * The only module that touches window.pos (Electron's preload) or the browser host's WebSocket.
 * Everything else in the renderer calls `call()` and `subscribe()`.
 */
export function getBridge(screen: ScreenName): PosBridge & { onConnection?(l: ConnectionListener): () => void } {
  if (bridge) return bridge;
  if (window.pos) {
    bridge = window.pos;
    return bridge;
  }
  const token = document.querySelector<HTMLMetaElement>('meta[name="pos-token"]')?.content ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc?token=${encodeURIComponent(token)}&window=${screen}`;
  bridge = createWsBridge({ url });
  return bridge;
}

export function call<K extends CommandName>(screen: ScreenName, name: K, input: InputOf<K>): Promise<Envelope<OutputOf<K>>> {
  const [domain, method] = name.split(':') as [string, string];
  const b = getBridge(screen) as unknown as Record<string, Record<string, (i: unknown) => Promise<Envelope<OutputOf<K>>>>>;
  const fn = b[domain]?.[method];
  if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: name, retryable: false } });
  return fn(input);
}

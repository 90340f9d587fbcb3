import { buildBridge } from '../../shared/ipc/buildBridge';
import type { Envelope } from '../../shared/ipc/envelope';
import type { PosBridge } from '../../shared/ipc/bridge';

type Pending = { resolve: (e: Envelope<unknown>) => void; timer: ReturnType<typeof setTimeout> };
export type ConnectionListener = (connected: boolean) => void;

/**
 * The browser host's bridge: the same window.pos shape over a WebSocket that carries the per-launch
 * token from the page. It reconnects by itself; callers learn of it through onConnection and resync.
 */
export function createWsBridge(opts: { url: string; timeoutMs?: number }): PosBridge & { onConnection(l: ConnectionListener): () => void } {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const connListeners = new Set<ConnectionListener>();
  const timeoutMs = opts.timeoutMs ?? 30_000;

  const connect = (): void => {
    const sock = new WebSocket(opts.url);
    ws = sock;
    sock.onopen = () => {
      retryMs = 250;
      for (const m of queue.splice(0)) sock.send(m);
      for (const l of connListeners) l(true);
    };
    sock.onmessage = (ev) => {
      let msg: { id?: unknown; result?: Envelope<unknown>; event?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (typeof msg.event === 'string') {
        for (const l of eventListeners) l(msg.event, msg.payload);
        return;
      }
      if (typeof msg.id === 'number' && msg.result) {
        const p = pending.get(msg.id);
        if (p) {
          pending.delete(msg.id);
          clearTimeout(p.timer);
          p.resolve(msg.result);
        }
      }
    };
    sock.onclose = () => {
      for (const l of connListeners) l(false);
      // Calls in flight cannot be answered by this connection any more: say so, retryable.
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, error: { code: 'NOT_READY', message: 'connection to the station lost', retryable: true } });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  connect();

  const invoke = (channel: string, payload: unknown): Promise<Envelope<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'NOT_READY', message: 'the station did not answer in time', retryable: true } });
      }, timeoutMs);
      pending.set(id, { resolve, timer });
      const msg = JSON.stringify({ id, channel, payload });
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(msg);
      else queue.push(msg);
    });

  const listen = (l: (name: string, payload: unknown) => void): (() => void) => {
    eventListeners.add(l);
    return () => eventListeners.delete(l);
  };
  const onConnection = (l: ConnectionListener): (() => void) => {
    connListeners.add(l);
    return () => connListeners.delete(l);
  };
  return { ...buildBridge(invoke, listen), onConnection } as unknown as PosBridge & { onConnection(l: ConnectionListener): () => void };
}

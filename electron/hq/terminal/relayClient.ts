/**
 * The terminal's outbound WebSocket to HQ (relayProtocol): signed like an upload, reconnecting with
 * backoff for as long as the station runs. Each relayed notification and pushed document is handed
 * to the link and answered only after it was handled, so HQ keeps what the terminal has not taken.
 */
import WebSocket from 'ws';
import type { HqRelayState } from '../../../shared/domain/hqLink';
import { signUpload } from '../hqSignature';
import { parseRelayDown, RELAY_PATH, type PushKind, type RelayUp } from '../relayProtocol';

export type RelayState = HqRelayState;

export interface RelayClientOptions {
  readonly hqUrl: string;
  readonly merchantId: string;
  readonly terminalId: string;
  readonly privateKey: string;
  onState(s: RelayState): void;
  onNotification(n: { id: number; path: string; headers: Record<string, string>; body: string }): Promise<{ ack: true; outcome: string } | { ack: false; reason: string }>;
  /** `later`: not answered now; HQ offers the document again on its next sweep. */
  onPush(p: { kind: PushKind; version: number; body: unknown }): Promise<{ applied: true } | { applied: false; error: { code: string; message: string } } | { later: string }>;
}

export interface RelayClient { close(): Promise<void> }

export function createRelayClient(o: RelayClientOptions): RelayClient {
  let closed = false;
  let ws: WebSocket | null = null;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;
  const url = new URL(RELAY_PATH, o.hqUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

  const send = (sock: WebSocket, m: RelayUp): void => {
    if (sock.readyState === WebSocket.OPEN) sock.send(JSON.stringify(m));
  };

  function connect(): void {
    if (closed) return;
    o.onState('connecting');
    const time = Date.now();
    const sock = new WebSocket(url, {
      headers: { 'hq-merchant-id': o.merchantId, 'hq-terminal-id': o.terminalId, 'hq-time': String(time), 'hq-signature': signUpload(o.privateKey, RELAY_PATH, o.terminalId, time, '') },
      handshakeTimeout: 10_000,
    });
    ws = sock;
    // One message at a time, in the order HQ sent them: a notification's effects land before the next.
    let chain: Promise<void> = Promise.resolve();
    sock.on('open', () => {
      delay = 500;
      o.onState('connected');
    });
    sock.on('message', (data, isBinary) => {
      const m = isBinary ? null : parseRelayDown(data.toString());
      if (!m) return;
      chain = chain.then(async () => {
        switch (m.type) {
          case 'notification': {
            const r = await o.onNotification(m).catch((e: unknown) => ({ ack: false as const, reason: String((e as Error)?.message ?? e) }));
            send(sock, r.ack ? { type: 'ack', id: m.id, outcome: r.outcome } : { type: 'nack', id: m.id, reason: r.reason });
            return;
          }
          case 'push': {
            const r = await o.onPush(m);
            if ('later' in r) return;
            send(sock, r.applied ? { type: 'pushAck', kind: m.kind, version: m.version, applied: true } : { type: 'pushAck', kind: m.kind, version: m.version, applied: false, error: r.error });
            return;
          }
        }
      });
    });
    sock.on('error', () => undefined); // 'close' follows
    sock.on('close', () => {
      if (ws === sock) ws = null;
      if (closed) return;
      o.onState('offline');
      timer = setTimeout(connect, delay);
      timer.unref();
      delay = Math.min(delay * 2, 15_000);
    });
  }

  connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const s = ws;
      ws = null;
      if (s && s.readyState !== WebSocket.CLOSED) {
        await new Promise<void>((r) => {
          s.once('close', () => r());
          s.terminate();
        });
      }
      o.onState('offline');
    },
  };
}

/**
 * The notification relay and push-down channel (DESIGN §15): each terminal keeps one outbound
 * WebSocket to some HQ instance (so NAT is no obstacle). A notification stored by any instance is
 * announced with pg_notify('hq_relay', '<merchant>/<terminal>'); the instance holding that terminal's
 * socket sends every undelivered one in order and marks it delivered only on the terminal's ack, so
 * an offline terminal gets its notifications on reconnect and an acknowledged one is never resent.
 * Pushed documents ride the same socket (pg_notify('hq_push', '<merchant>/<store>')).
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isPosError, PosError } from '../../shared/errors/posError';
import type { HqModule, HqModuleContext } from './hqModule';
import { SKEW_MS, verifyUpload } from './hqSignature';
import { parseRelayUp, RELAY_PATH, type PushKind, type RelayDown, type RelayUp } from './relayProtocol';

export const RELAY_CHANNEL = 'hq_relay';
export const PUSH_CHANNEL = 'hq_push';
/** A missed NOTIFY (a listener reconnecting) or a nack is picked up within this. */
const SWEEP_MS = 5_000;
const BATCH = 200;

interface Conn {
  readonly ws: WebSocket;
  readonly merchantId: string;
  readonly terminalId: string;
  readonly storeId: string;
  /** Sent, not yet acknowledged: never sent twice on this socket. */
  readonly inflight: Set<number>;
  readonly pushInflight: Set<string>;
  delivering: Promise<void> | null;
  again: boolean;
}

const STATUS_LINE: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 503: 'Service Unavailable' };

export async function relayRoutes(ctx: HqModuleContext): Promise<HqModule> {
  const { db } = ctx;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const conns = new Map<string, Conn>();
  const keyOf = (m: string, t: string): string => `${m}/${t}`;

  const send = (c: Conn, m: RelayDown): void => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(m));
  };

  async function deliverOnce(c: Conn): Promise<void> {
    const rows = await db.query<{ notification_id: string; path: string; headers: Record<string, string>; body: Buffer }>(
      `SELECT notification_id, path, headers, body FROM notifications WHERE merchant_id = $1 AND terminal_id = $2 AND delivered_at IS NULL
       ORDER BY notification_id LIMIT ${BATCH}`, [c.merchantId, c.terminalId]);
    for (const r of rows) {
      const id = Number(r.notification_id);
      if (c.inflight.has(id)) continue;
      c.inflight.add(id);
      send(c, { type: 'notification', id, path: r.path, headers: r.headers, body: Buffer.from(r.body).toString('base64') });
    }
  }

  async function pushOnce(c: Conn): Promise<void> {
    const rows = await db.query<{ kind: PushKind; version: string; body: unknown; acked: string | null }>(
      `SELECT DISTINCT ON (d.kind) d.kind, d.version, d.body, a.version AS acked FROM pushed_documents d
       LEFT JOIN push_acks a ON a.merchant_id = d.merchant_id AND a.terminal_id = $3 AND a.kind = d.kind
       WHERE d.merchant_id = $1 AND d.store_id = $2 ORDER BY d.kind, d.version DESC`, [c.merchantId, c.storeId, c.terminalId]);
    for (const r of rows) {
      const version = Number(r.version);
      const tag = `${r.kind}@${version}`;
      if ((r.acked !== null && Number(r.acked) >= version) || c.pushInflight.has(tag)) continue;
      c.pushInflight.add(tag);
      send(c, { type: 'push', kind: r.kind, version, body: r.body });
    }
  }

  /** Single-flight per connection; a wake-up meanwhile runs it once more. */
  function wake(c: Conn): void {
    if (c.delivering) {
      c.again = true;
      return;
    }
    c.delivering = (async () => {
      do {
        c.again = false;
        try {
          await deliverOnce(c);
          await pushOnce(c);
        } catch {
          // Database down: the sweep tries again; nothing is marked delivered.
        }
      } while (c.again && c.ws.readyState === c.ws.OPEN);
    })().finally(() => {
      c.delivering = null;
    });
  }

  async function onMessage(c: Conn, m: RelayUp): Promise<void> {
    switch (m.type) {
      case 'ack':
        await db.query('UPDATE notifications SET delivered_at = now(), outcome = $4 WHERE merchant_id = $1 AND terminal_id = $2 AND notification_id = $3 AND delivered_at IS NULL',
          [c.merchantId, c.terminalId, m.id, String(m.outcome).slice(0, 64)]);
        c.inflight.delete(m.id);
        return;
      case 'nack':
        // Kept undelivered; the next sweep sends it again.
        setTimeout(() => c.inflight.delete(m.id), SWEEP_MS / 2).unref();
        return;
      case 'pushAck':
        await db.query(`INSERT INTO push_acks (merchant_id, terminal_id, kind, version, applied, error_code, error_message) VALUES ($1, $2, $3, $4, $5, $6, $7)
          ON CONFLICT (merchant_id, terminal_id, kind) DO UPDATE SET version = EXCLUDED.version, applied = EXCLUDED.applied, error_code = EXCLUDED.error_code,
          error_message = EXCLUDED.error_message, at = now() WHERE push_acks.version <= EXCLUDED.version`,
        [c.merchantId, c.terminalId, m.kind, m.version, m.applied, m.error?.code ?? null, m.error?.message?.slice(0, 500) ?? null]);
        c.pushInflight.delete(`${m.kind}@${m.version}`);
        return;
    }
  }

  const offRelay = await db.listen(RELAY_CHANNEL, (payload) => {
    const c = conns.get(payload);
    if (c) wake(c);
  }, () => conns.forEach(wake));
  const offPush = await db.listen(PUSH_CHANNEL, (payload) => {
    for (const c of conns.values()) if (`${c.merchantId}/${c.storeId}` === payload) wake(c);
  }, () => conns.forEach(wake));
  const sweep = setInterval(() => {
    for (const c of conns.values()) {
      c.pushInflight.clear(); // an unanswered push is offered again
      wake(c);
    }
  }, SWEEP_MS);
  sweep.unref();

  function refuse(socket: Duplex, status: number, code: string, message: string): void {
    const body = JSON.stringify({ ok: false, error: { code, message } });
    socket.end(`HTTP/1.1 ${status} ${STATUS_LINE[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  async function authenticate(req: http.IncomingMessage): Promise<{ merchantId: string; terminalId: string; storeId: string }> {
    const merchantId = String(req.headers['hq-merchant-id'] ?? '');
    const terminalId = String(req.headers['hq-terminal-id'] ?? '');
    const time = Number(req.headers['hq-time']);
    const [t] = await db.query<{ public_key: string; store_id: string }>('SELECT public_key, store_id FROM terminals WHERE merchant_id = $1 AND terminal_id = $2', [merchantId, terminalId]);
    if (!t) throw new PosError('NOT_ENROLLED', `terminal ${terminalId} of ${merchantId} is not enrolled`);
    if (!verifyUpload(t.public_key, RELAY_PATH, terminalId, time, Buffer.alloc(0), String(req.headers['hq-signature'] ?? ''))) throw new PosError('BAD_SIGNATURE', 'relay signature does not verify with the enrolled key');
    if (!Number.isFinite(time) || Math.abs(ctx.now() - time) > SKEW_MS) throw new PosError('STALE_REQUEST', 'relay request time outside the replay window');
    return { merchantId, terminalId, storeId: t.store_id };
  }

  function attach(ws: WebSocket, who: { merchantId: string; terminalId: string; storeId: string }): void {
    const key = keyOf(who.merchantId, who.terminalId);
    conns.get(key)?.ws.close(4000, 'replaced by a newer connection');
    const c: Conn = { ws, ...who, inflight: new Set(), pushInflight: new Set(), delivering: null, again: false };
    conns.set(key, c);
    ws.on('message', (data, isBinary) => {
      const m = isBinary ? null : parseRelayUp(data.toString());
      if (!m) return void ws.close(1003, 'unreadable message');
      onMessage(c, m).catch(() => {
        // Database down while recording an ack: the terminal dedupes by id, so a resend is harmless.
        if (m.type === 'ack') c.inflight.delete(m.id);
      });
    });
    ws.on('close', () => {
      if (conns.get(key) === c) conns.delete(key);
    });
    ws.on('error', () => undefined);
    void db.query('UPDATE terminals SET relay_connected_at = now() WHERE merchant_id = $1 AND terminal_id = $2', [who.merchantId, who.terminalId]).catch(() => undefined);
    wake(c);
  }

  return {
    upgrade(req, socket, head) {
      if (new URL(req.url ?? '/', 'http://hq').pathname !== RELAY_PATH) return false;
      authenticate(req).then(
        (who) => wss.handleUpgrade(req, socket, head, (ws) => attach(ws, who)),
        (e: unknown) => {
          const err = isPosError(e) ? e : new PosError('INTERNAL', 'internal error');
          refuse(socket, err.code === 'HQ_DB_DOWN' ? 503 : err.code === 'INTERNAL' ? 400 : 401, err.code, err.message);
        },
      );
      return true;
    },
    async stop() {
      clearInterval(sweep);
      for (const c of conns.values()) c.ws.terminate();
      conns.clear();
      await offRelay().catch(() => undefined);
      await offPush().catch(() => undefined);
      wss.close();
    },
  };
}

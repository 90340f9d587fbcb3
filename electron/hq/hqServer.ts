/**
 * The HQ HTTP service (DESIGN §15): stateless apart from PostgreSQL. Routes: manager-side enrolment
 * codes (bearer admin token), terminal enrolment, signed chain uploads, Alipay notifications stored
 * for their terminal. Errors are `{ok:false, error:{code, message}}` with a status that says who is at fault.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPosError, PosError } from '../../shared/errors/posError';
import type { HqDb } from './hqDb';
import { ChainFlag, ingestBatch, parseUploadBody, partitionKeeper } from './uploadIngest';
import type { HqModule } from './hqModule';
import { relayRoutes } from './relayRoutes';
import { pushRoutes } from './pushRoutes';
import { NOTIFICATION_ACK_BODY } from '../payments/ams/notification';
import { SKEW_MS, verifyUpload } from './hqSignature';
import { CN_NOTIFY_SUFFIX, UPLOAD_PATH } from './relayProtocol';
import { dashboardRoutes } from './dashboardRoutes';
import type { CookieSecure } from './hqAccounts';
import { startPartitionMaintenance, type HqRetention } from './hqPartitions';

export { UPLOAD_PATH } from './relayProtocol';
const MAX_BODY = 4 * 1024 * 1024;
const RAW_ACK = Symbol('ack');
/** 当面付 posts a form and expects the word `success` (AMS expects its JSON result). */
const CN_ACK = Symbol('cn-ack');

export type { UploadEvent } from './uploadIngest';

export interface RunningHq { readonly url: string; stop(): Promise<void> }

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const STATUS: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, NOT_ENROLLED: 401, BAD_SIGNATURE: 401, STALE_REQUEST: 401, CODE_USED: 409, CODE_UNKNOWN: 404,
  CHAIN_GAP: 409, CHAIN_EDITED: 409, HQ_DB_DOWN: 503, NOT_FOUND: 404, TOO_LARGE: 413,
  BAD_DOCUMENT: 400,
};

export interface HqDashboardOptions { staticDir?: string; retention?: HqRetention; staleAfterMs?: number; cookieSecure?: CookieSecure }

export async function startHqServer(o: { db: HqDb; port?: number; adminToken: string; now?: () => number } & HqDashboardOptions): Promise<RunningHq> {
  const { db } = o;
  const now = o.now ?? Date.now;
  const ensurePartitions = partitionKeeper(db);
  const dashboard = dashboardRoutes({ db, adminToken: o.adminToken, now, staticDir: o.staticDir, staleAfterMs: o.staleAfterMs, cookieSecure: o.cookieSecure });
  const partitions = startPartitionMaintenance(db, now, { retention: o.retention });

  async function enrol(b: { code?: unknown; publicKey?: unknown }): Promise<unknown> {
    if (typeof b.code !== 'string' || typeof b.publicKey !== 'string' || !b.code.includes(':')) throw new PosError('BAD_REQUEST', 'enrolment needs {code: "<merchant>:<secret>", publicKey}');
    const [merchantId, secret] = [b.code.slice(0, b.code.indexOf(':')), b.code.slice(b.code.indexOf(':') + 1)];
    return db.tx(async (q) => {
      const [c] = await q<{ store_id: string; used_at: Date | null; expires_at: Date }>('SELECT store_id, used_at, expires_at FROM enrolment_codes WHERE merchant_id = $1 AND code_hash = $2 FOR UPDATE', [merchantId, sha(secret)]);
      if (!c) throw new PosError('CODE_UNKNOWN', 'no such enrolment code');
      if (c.used_at) throw new PosError('CODE_USED', 'this enrolment code was already used: ask the manager for a new one');
      if (c.expires_at.getTime() < now()) throw new PosError('CODE_USED', 'this enrolment code has expired');
      const terminalId = `T${randomBytes(8).toString('hex')}`;
      await q('INSERT INTO terminals (merchant_id, terminal_id, store_id, public_key) VALUES ($1, $2, $3, $4)', [merchantId, terminalId, c.store_id, b.publicKey]);
      await q('UPDATE enrolment_codes SET used_at = now(), terminal_id = $3 WHERE merchant_id = $1 AND code_hash = $2', [merchantId, sha(secret), terminalId]);
      return { merchantId, storeId: c.store_id, terminalId };
    });
  }

  /** Idempotent by (terminal, seq): already-held events must match exactly; new ones must continue the chain. */
  async function upload(headers: http.IncomingHttpHeaders, body: Buffer): Promise<unknown> {
    const merchantId = String(headers['hq-merchant-id'] ?? '');
    const terminalId = String(headers['hq-terminal-id'] ?? '');
    const time = Number(headers['hq-time']);
    const signature = String(headers['hq-signature'] ?? '');
    try {
      return await ingest(merchantId, terminalId, time, signature, body);
    } catch (e) {
      // The batch is rolled back, the finding is kept: a flag outlives the refusal.
      if (e instanceof ChainFlag) await db.query('INSERT INTO chain_flags (merchant_id, terminal_id, kind, seq, detail) VALUES ($1,$2,$3,$4,$5)', [merchantId, terminalId, e.code === 'CHAIN_GAP' ? 'gap' : 'edit', e.seq, e.message]);
      throw e;
    }
  }

  async function ingest(merchantId: string, terminalId: string, time: number, signature: string, body: Buffer): Promise<unknown> {
    const [k] = await db.query<{ public_key: string }>('SELECT public_key FROM terminals WHERE merchant_id = $1 AND terminal_id = $2', [merchantId, terminalId]);
    if (!k) throw new PosError('NOT_ENROLLED', `terminal ${terminalId} of ${merchantId} is not enrolled`);
    if (!verifyUpload(k.public_key, UPLOAD_PATH, terminalId, time, body, signature)) throw new PosError('BAD_SIGNATURE', 'upload signature does not verify with the enrolled key');
    if (!Number.isFinite(time) || Math.abs(now() - time) > SKEW_MS) throw new PosError('STALE_REQUEST', 'upload time outside the replay window: resend with a fresh signature');
    const { events, records } = parseUploadBody(body);
    // A new month's partition in its own short transaction, one creator at a time: DDL on `events`
    // inside the ingest would lock every other terminal's ingest out (or deadlock with it).
    await ensurePartitions(events.map((e) => e.at));
    return db.tx(async (q) => {
      const [t] = await q<{ store_id: string; last_seq: string; last_hash: string; last_record_seq: string }>(
        'SELECT store_id, last_seq, last_hash, last_record_seq FROM terminals WHERE merchant_id = $1 AND terminal_id = $2 FOR UPDATE', [merchantId, terminalId]);
      return ingestBatch(q, merchantId, terminalId, { storeId: t!.store_id, lastSeq: Number(t!.last_seq), lastHash: t!.last_hash, lastRecordSeq: Number(t!.last_record_seq) }, events, records, now());
    });
  }

  /**
   * HQ as the public paymentNotifyUrl (`/notify/<merchant>/<terminal>`): the notification is stored as
   * received (path, headers, exact bytes) before Alipay gets its acknowledgement; HQ does not verify
   * it (it holds no merchant keys) — the terminal does, when it is relayed unchanged. Database down:
   * no acknowledgement, so Alipay resends on its schedule.
   */
  async function storeNotification(route: string, headers: http.IncomingHttpHeaders, body: Buffer): Promise<void> {
    const [, , merchantId, terminalId] = route.split('/');
    if (!merchantId || !terminalId) throw new PosError('NOT_FOUND', 'notify path is /notify/<merchant>/<terminal>');
    const keep = ['content-type', 'client-id', 'request-time', 'signature'];
    const h = Object.fromEntries(keep.filter((k) => headers[k] !== undefined).map((k) => [k, String(headers[k])]));
    // One round trip (it is on the path to "paid" at the counter): enrolled check, store, and the
    // announcement to whichever instance holds the terminal's relay (sent at commit).
    const stored = await db.query(`WITH t AS (SELECT 1 FROM terminals WHERE merchant_id = $1 AND terminal_id = $2),
        ins AS (INSERT INTO notifications (merchant_id, terminal_id, path, headers, body) SELECT $1, $2, $3, $4, $5 FROM t RETURNING 1)
      SELECT pg_notify('hq_relay', $1 || '/' || $2) FROM ins`, [merchantId, terminalId, route, JSON.stringify(h), body]);
    if (stored.length === 0) throw new PosError('NOT_ENROLLED', `terminal ${terminalId} of ${merchantId} is not enrolled`);
  }

  async function admin(headers: http.IncomingHttpHeaders, route: string, b: Record<string, unknown>): Promise<unknown> {
    if (headers.authorization !== `Bearer ${o.adminToken}`) throw new PosError('UNAUTHORIZED', 'admin token required');
    const str = (k: string): string => {
      const v = b[k];
      if (typeof v !== 'string' || v.length === 0 || v.length > 64) throw new PosError('BAD_REQUEST', `${k} must be a string of 1–64 characters`);
      return v;
    };
    switch (route) {
      case '/api/v1/admin/stores': {
        await db.query('INSERT INTO merchants (merchant_id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING', [str('merchantId')]);
        await db.query('INSERT INTO stores (merchant_id, store_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [str('merchantId'), str('storeId'), str('name')]);
        return { merchantId: b.merchantId, storeId: b.storeId };
      }
      case '/api/v1/admin/enrolment-codes': {
        const secret = randomBytes(12).toString('base64url');
        await db.query('INSERT INTO enrolment_codes (merchant_id, code_hash, store_id, expires_at) VALUES ($1, $2, $3, to_timestamp($4/1000.0))', [str('merchantId'), sha(secret), str('storeId'), now() + 24 * 3_600_000]);
        return { code: `${b.merchantId}:${secret}` };
      }
      default:
        throw new PosError('NOT_FOUND', `no route ${route}`);
    }
  }

  // Routes of their own modules (issue 16): one line each, so parallel work merges cleanly.
  const modules: HqModule[] = [];
  const moduleCtx = { db, now, adminToken: o.adminToken };
  modules.push(await relayRoutes(moduleCtx));
  modules.push(await pushRoutes(moduleCtx));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://hq');
      const route = url.pathname;
      if (size <= MAX_BODY && dashboard.owns(req.method ?? '', route)) return void dashboard.handle(req, res, route, url.searchParams, body);
      const json = (): Record<string, unknown> => {
        try {
          return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          throw new PosError('BAD_REQUEST', 'body is not JSON');
        }
      };
      const work = async (): Promise<unknown> => {
        if (size > MAX_BODY) throw new PosError('TOO_LARGE', `body over ${MAX_BODY} bytes`);
        if (req.method === 'GET' && route === '/health') return { ok: true, schema: (await db.query<{ v: number }>('SELECT max(version) AS v FROM hq_schema'))[0]?.v };
        if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'PUT') throw new PosError('NOT_FOUND', `no route ${req.method} ${route}`);
        if (req.method !== 'POST') {
          for (const m of modules) {
            const out = m.route?.(req, route, body);
            if (out !== undefined) return out;
          }
          throw new PosError('NOT_FOUND', `no route ${req.method} ${route}`);
        }
        if (route === '/api/v1/enrol') return enrol(json());
        if (route === UPLOAD_PATH) return upload(req.headers, body);
        if (route.startsWith('/notify/')) return storeNotification(route, req.headers, body).then(() => (route.endsWith(CN_NOTIFY_SUFFIX) ? CN_ACK : RAW_ACK));
        for (const m of modules) {
          const out = m.route?.(req, route, body);
          if (out !== undefined) return out;
        }
        return admin(req.headers, route, json());
      };
      work().then(
        (value) => value === CN_ACK ? res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('success') : value === RAW_ACK ? res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(NOTIFICATION_ACK_BODY) : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value })),
        (e: unknown) => {
          const err = isPosError(e) ? e : new PosError('INTERNAL', 'internal error');
          res.writeHead(STATUS[err.code] ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: err.code, message: err.message, details: err.details ?? {} } }));
        },
      );
    });
  });
  server.on('upgrade', (req, socket, head) => {
    for (const m of modules) if (m.upgrade?.(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      partitions.stop();
      await partitions.first;
      for (const m of modules) await m.stop?.();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * The HQ HTTP service (DESIGN §15): stateless apart from PostgreSQL. Routes: manager-side enrolment
 * codes (bearer admin token), terminal enrolment, signed chain uploads, Alipay notifications stored
 * for their terminal. Errors are `{ok:false, error:{code, message}}` with a status that says who is at fault.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPosError, PosError } from '../../shared/errors/posError';
import { eventHash } from '../journal/hashChain';
import type { HqDb } from './hqDb';
import { NOTIFICATION_ACK_BODY } from '../payments/ams/notification';
import { SKEW_MS, verifyUpload } from './hqSignature';
import { dashboardRoutes } from './dashboardRoutes';
import { startPartitionMaintenance, type HqRetention } from './hqPartitions';

export const UPLOAD_PATH = '/api/v1/upload';
const MAX_BODY = 4 * 1024 * 1024;
const RAW_ACK = Symbol('ack');

export interface UploadEvent {
  seq: number; attempt_id: string; at: number; type: string; status: string; data_json: string; prev_hash: string; hash: string;
}

class ChainFlag extends PosError {
  constructor(code: 'CHAIN_GAP' | 'CHAIN_EDITED', readonly seq: number, detail: string, expected?: number) {
    super(code, `${detail} (seq ${seq})`, { details: expected !== undefined ? { seq, expected } : { seq } });
  }
}

export interface RunningHq { readonly url: string; stop(): Promise<void> }

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const STATUS: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, NOT_ENROLLED: 401, BAD_SIGNATURE: 401, STALE_REQUEST: 401, CODE_USED: 409, CODE_UNKNOWN: 404,
  CHAIN_GAP: 409, CHAIN_EDITED: 409, HQ_DB_DOWN: 503, NOT_FOUND: 404, TOO_LARGE: 413,
};

export interface HqDashboardOptions { staticDir?: string; retention?: HqRetention; staleAfterMs?: number }

export async function startHqServer(o: { db: HqDb; port?: number; adminToken: string; now?: () => number } & HqDashboardOptions): Promise<RunningHq> {
  const { db } = o;
  const now = o.now ?? Date.now;
  const dashboard = dashboardRoutes({ db, adminToken: o.adminToken, now, staticDir: o.staticDir, staleAfterMs: o.staleAfterMs });
  const partitions = startPartitionMaintenance(db, now, { retention: o.retention });
  const months = new Set<string>();

  async function ensurePartition(q: HqDb['query'], at: number): Promise<void> {
    const d = new Date(at);
    const key = `${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    if (months.has(key)) return;
    const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString();
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString();
    await q(`CREATE TABLE IF NOT EXISTS events_y${key} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
    months.add(key);
  }

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
    return db.tx(async (q) => {
      const [t] = await q<{ public_key: string; store_id: string; last_seq: string; last_hash: string }>('SELECT public_key, store_id, last_seq, last_hash FROM terminals WHERE merchant_id = $1 AND terminal_id = $2 FOR UPDATE', [merchantId, terminalId]);
      if (!t) throw new PosError('NOT_ENROLLED', `terminal ${terminalId} of ${merchantId} is not enrolled`);
      if (!verifyUpload(t.public_key, UPLOAD_PATH, terminalId, time, body, signature)) throw new PosError('BAD_SIGNATURE', 'upload signature does not verify with the enrolled key');
      if (!Number.isFinite(time) || Math.abs(now() - time) > SKEW_MS) throw new PosError('STALE_REQUEST', 'upload time outside the replay window: resend with a fresh signature');
      const events = (JSON.parse(body.toString('utf8')) as { events?: UploadEvent[] }).events;
      if (!Array.isArray(events)) throw new PosError('BAD_REQUEST', 'body must be {events: [...]}');
      let lastSeq = Number(t.last_seq);
      let lastHash = t.last_hash;
      let accepted = 0;
      for (const e of events) {
        if (eventHash(e.prev_hash, e.seq, e) !== e.hash) return flag('CHAIN_EDITED', e.seq, 'event hash does not match its content');
        if (e.seq <= lastSeq) {
          const [held] = await q<{ hash: string }>('SELECT hash FROM events WHERE merchant_id = $1 AND terminal_id = $2 AND seq = $3', [merchantId, terminalId, e.seq]);
          if (held && held.hash !== e.hash) return flag('CHAIN_EDITED', e.seq, 'event differs from the copy HQ already holds');
          continue; // a replay: counted once
        }
        if (e.seq !== lastSeq + 1) return flag('CHAIN_GAP', e.seq, `expected seq ${lastSeq + 1}`, lastSeq + 1);
        if (e.prev_hash !== lastHash) return flag('CHAIN_EDITED', e.seq, 'prev_hash does not continue the chain');
        await ensurePartition(q, e.at);
        await q('INSERT INTO events (merchant_id, terminal_id, seq, at, store_id, attempt_id, type, status, data, prev_hash, hash) VALUES ($1,$2,$3,to_timestamp($4/1000.0),$5,$6,$7,$8,$9,$10,$11)',
          [merchantId, terminalId, e.seq, e.at, t.store_id, e.attempt_id, e.type, e.status, e.data_json, e.prev_hash, e.hash]);
        const data = JSON.parse(e.data_json) as { amount?: { minor?: number | string; currency?: string }; scenario?: string };
        if (e.type === 'created' && data.amount) {
          await q(`INSERT INTO attempts (merchant_id, terminal_id, attempt_id, store_id, scenario, amount_minor, currency, status, created_at, updated_at)
            VALUES ($1,$2,$3,$4,$5,$6,$7,$8,to_timestamp($9/1000.0),to_timestamp($9/1000.0)) ON CONFLICT DO NOTHING`,
            [merchantId, terminalId, e.attempt_id, t.store_id, data.scenario ?? null, String(data.amount.minor), data.amount.currency, e.status, e.at]);
        } else {
          await q('UPDATE attempts SET status = $4, updated_at = to_timestamp($5/1000.0) WHERE merchant_id = $1 AND terminal_id = $2 AND attempt_id = $3', [merchantId, terminalId, e.attempt_id, e.status, e.at]);
        }
        lastSeq = e.seq;
        lastHash = e.hash;
        accepted++;
      }
      // HQ's clock, not the database's: the dashboard judges "stopped uploading" by the same clock.
      await q('UPDATE terminals SET last_seq = $3, last_hash = $4, last_upload_at = to_timestamp($5 / 1000.0) WHERE merchant_id = $1 AND terminal_id = $2', [merchantId, terminalId, lastSeq, lastHash, now()]);
      return { acceptedThrough: lastSeq, accepted };
    });
  }

  function flag(code: 'CHAIN_GAP' | 'CHAIN_EDITED', seq: number, detail: string, expected?: number): never {
    throw new ChainFlag(code, seq, detail, expected);
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
    const [t] = await db.query('SELECT 1 FROM terminals WHERE merchant_id = $1 AND terminal_id = $2', [merchantId, terminalId]);
    if (!t) throw new PosError('NOT_ENROLLED', `terminal ${terminalId} of ${merchantId} is not enrolled`);
    const keep = ['content-type', 'client-id', 'request-time', 'signature'];
    const h = Object.fromEntries(keep.filter((k) => headers[k] !== undefined).map((k) => [k, String(headers[k])]));
    await db.query('INSERT INTO notifications (merchant_id, terminal_id, path, headers, body) VALUES ($1, $2, $3, $4, $5)', [merchantId, terminalId, route, JSON.stringify(h), body]);
    await db.query('SELECT pg_notify($1, $2)', ['hq_relay', `${merchantId}/${terminalId}`]);
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
        if (req.method !== 'POST') throw new PosError('NOT_FOUND', `no route ${req.method} ${route}`);
        if (route === '/api/v1/enrol') return enrol(json());
        if (route === UPLOAD_PATH) return upload(req.headers, body);
        if (route.startsWith('/notify/')) return storeNotification(route, req.headers, body).then(() => RAW_ACK);
        return admin(req.headers, route, json());
      };
      work().then(
        (value) => value === RAW_ACK ? res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(NOTIFICATION_ACK_BODY) : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, value })),
        (e: unknown) => {
          const err = isPosError(e) ? e : new PosError('INTERNAL', 'internal error');
          res.writeHead(STATUS[err.code] ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: err.code, message: err.message, details: err.details ?? {} } }));
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => {
      partitions.stop();
      return partitions.first.then(() => new Promise<void>((r) => server.close(() => r())));
    },
  };
}

/**
 * The dashboard's HTTP side (issue 16 item 6): sign-in/out, the JSON API (every read checks the
 * session, the role and the store scope), CSV export, HQ account administration (bearer admin
 * token) and the built page (`renderer/hq`, served from dist/renderer). Errors keep HQ's shape
 * `{ok:false, error:{code, message, details}}`; a database that is down is a 503 the page shows.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { formatMajor } from '../../shared/domain/money';
import { isPosError, PosError } from '../../shared/errors/posError';
import type { HqToday } from '../../shared/hq/hqDashboard';
import { contentType, resolveStatic } from '../server/staticFiles';
import { assertSameOriginJson, hqAccounts, HqAuthError, scopeStores, SESSION_MS, sessionCookie, type HqRole } from './hqAccounts';
import type { HqDb } from './hqDb';
import { todayFor } from './dashboardQueries';

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400, CSRF: 403, SIGN_IN_FAILED: 401, SIGNED_OUT: 401, UNAUTHORIZED: 401, FORBIDDEN_STORE: 403,
  NOT_FOUND: 404, NOT_BUILT: 404, HQ_DB_DOWN: 503,
};

export interface DashboardOptions {
  readonly db: HqDb;
  readonly adminToken: string;
  readonly now: () => number;
  /** The built renderer (dist/renderer); the page is its hq/index.html. */
  readonly staticDir?: string;
  /** A terminal with no upload for longer than this is listed as stopped (default 1 h). */
  readonly staleAfterMs?: number;
}

export interface DashboardRoutes {
  owns(method: string, route: string): boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse, route: string, query: URLSearchParams, body: Buffer): Promise<void>;
}

/**
 * A CSV cell: quoted when it holds a separator; text a spreadsheet would run as a formula (a store
 * name starting with = + - @) gets a leading apostrophe. Numbers and amounts stay as they are.
 */
export function csvCell(v: string | number): string {
  const text = String(v);
  if (typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(text)) return text;
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const csv = (rows: ReadonlyArray<ReadonlyArray<string | number>>): string => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

export function takingsCsv(t: HqToday): string {
  const rows: Array<Array<string | number>> = [['day', 'store_id', 'store', 'tender', 'currency', 'payments', 'amount']];
  for (const s of t.stores) for (const x of s.tenders) rows.push([t.day, s.storeId, s.name, x.tender, x.amount.currency, x.payments, formatMajor(x.amount)]);
  return csv(rows);
}

export function unresolvedCsv(t: HqToday): string {
  const rows: Array<Array<string | number>> = [['store_id', 'terminal_id', 'payment_request_id', 'status', 'tender', 'currency', 'amount', 'created_at', 'age_s']];
  for (const u of t.unresolved) rows.push([u.storeId, u.terminalId, u.paymentRequestId, u.status, u.tender, u.amount.currency, formatMajor(u.amount), u.createdAt, u.ageS]);
  return csv(rows);
}

export function dashboardRoutes(o: DashboardOptions): DashboardRoutes {
  const { db, now } = o;
  const accounts = hqAccounts(db, now);
  const staleAfterMs = o.staleAfterMs ?? 3_600_000;

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers }).end(body);
  };
  const ok = (res: http.ServerResponse, value: unknown, headers: Record<string, string> = {}): void => send(res, 200, 'application/json', JSON.stringify({ ok: true, value }), headers);

  function page(res: http.ServerResponse, route: string): void {
    if (route === '/') return void res.writeHead(302, { location: '/hq/' }).end();
    const root = o.staticDir ? path.resolve(o.staticDir) : null;
    const file = root ? resolveStatic(root, route.endsWith('/') ? `${route}index.html` : route) : null;
    if (!file) throw new PosError('NOT_BUILT', `no ${route}: build the dashboard with npm run build`);
    const headers: Record<string, string> = route.startsWith('/assets/') ? { 'cache-control': 'public, max-age=31536000, immutable' } : {};
    send(res, 200, contentType(file), fs.readFileSync(file), { 'x-frame-options': 'DENY', ...headers });
  }

  async function adminAccounts(req: http.IncomingMessage, b: Record<string, unknown>): Promise<unknown> {
    if (req.headers.authorization !== `Bearer ${o.adminToken}`) throw new PosError('UNAUTHORIZED', 'admin token required');
    const str = (k: string, max = 64): string => {
      const v = b[k];
      if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new PosError('BAD_REQUEST', `${k} must be a string of 1–${max} characters`);
      return v;
    };
    const role = b.role;
    if (role !== 'owner' && role !== 'storeManager') throw new PosError('BAD_REQUEST', 'role is owner or storeManager');
    const stores = Array.isArray(b.stores) ? b.stores.filter((s): s is string => typeof s === 'string') : [];
    if (role === 'storeManager' && stores.length === 0) throw new PosError('BAD_REQUEST', 'a store manager needs at least one store');
    await accounts.create({ merchantId: str('merchantId'), login: str('login'), password: str('password', 200), role: role as HqRole, stores });
    return { merchantId: b.merchantId, login: b.login, role };
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, r: string, query: URLSearchParams, body: Buffer): Promise<void> {
    const json = (): Record<string, unknown> => {
      try {
        const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
        if (typeof v !== 'object' || v === null) throw new Error('not an object');
        return v as Record<string, unknown>;
      } catch {
        throw new PosError('BAD_REQUEST', 'body is not a JSON object');
      }
    };
    if (req.method === 'GET' && (r === '/' || r.startsWith('/hq/') || r.startsWith('/assets/') || r === '/favicon.svg')) return page(res, r);
    if (req.method === 'POST') {
      if (r === '/api/v1/admin/accounts') return ok(res, await adminAccounts(req, json()));
      assertSameOriginJson(req.headers);
      if (r === '/api/v1/hq/sign-in') {
        const b = json();
        const [m, l, p] = [b.merchantId, b.login, b.password];
        if (typeof m !== 'string' || typeof l !== 'string' || typeof p !== 'string' || p.length > 200) throw new PosError('BAD_REQUEST', 'sign-in needs {merchantId, login, password}');
        const s = await accounts.signIn(m, l, p);
        return ok(res, s.viewer, { 'set-cookie': sessionCookie(s.cookie, SESSION_MS / 1000) });
      }
      if (r === '/api/v1/hq/sign-out') {
        await accounts.signOut(req.headers);
        return ok(res, {}, { 'set-cookie': sessionCookie('', 0) });
      }
    }
    if (req.method === 'GET') {
      const viewer = await accounts.viewer(req.headers);
      if (r === '/api/v1/hq/me') return ok(res, viewer);
      const stores = scopeStores(viewer, query.get('store'));
      const today = (): Promise<HqToday> => todayFor(db, viewer.merchantId, stores, now(), staleAfterMs);
      if (r === '/api/v1/hq/today') return ok(res, await today());
      const attach = (name: string): Record<string, string> => ({ 'content-disposition': `attachment; filename="${name}"` });
      if (r === '/api/v1/hq/export/takings.csv') {
        const t = await today();
        return send(res, 200, 'text/csv; charset=utf-8', takingsCsv(t), attach(`takings-${t.day}.csv`));
      }
      if (r === '/api/v1/hq/export/unresolved.csv') {
        const t = await today();
        return send(res, 200, 'text/csv; charset=utf-8', unresolvedCsv(t), attach(`unresolved-${t.day}.csv`));
      }
    }
    throw new PosError('NOT_FOUND', `no route ${req.method} ${r}`);
  }

  return {
    owns: (method, r) => r.startsWith('/api/v1/hq/') || r === '/api/v1/admin/accounts' || (method === 'GET' && (r === '/' || r.startsWith('/hq/') || r.startsWith('/assets/') || r === '/favicon.svg')),
    async handle(req, res, r, query, body) {
      try {
        await route(req, res, r, query, body);
      } catch (e) {
        const err = isPosError(e) ? e : new PosError('INTERNAL', 'internal error');
        const headers: Record<string, string> = err instanceof HqAuthError && err.code === 'SIGNED_OUT' ? { 'set-cookie': sessionCookie('', 0) } : {};
        send(res, STATUS[err.code] ?? 500, 'application/json', JSON.stringify({ ok: false, error: { code: err.code, message: err.message, details: err.details ?? {} } }), headers);
      }
    },
  };
}

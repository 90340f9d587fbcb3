/**
 * Head-office accounts (issue 16 item 6): an owner sees the whole merchant, a store manager only their
 * stores. Passwords are scrypt hashes; a session is a random secret in an HttpOnly, SameSite=Strict
 * cookie whose hash lives in PostgreSQL (not in this process), so any HQ instance serves any request.
 * Requests that change state must be JSON from our own origin: a cross-site form cannot send
 * `content-type: application/json` without a CORS preflight HQ never grants, and the Origin is checked.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type http from 'node:http';
import { PosError } from '../../shared/errors/posError';
import type { HqDb } from './hqDb';

export type HqRole = 'owner' | 'storeManager';

export interface HqViewer {
  readonly merchantId: string;
  readonly login: string;
  readonly role: HqRole;
  /** The stores this viewer may see: every store of the merchant for an owner. */
  readonly stores: readonly string[];
}

export const SESSION_COOKIE = 'hq_session';
export const SESSION_MS = 12 * 3_600_000;

// N = 2^15 with r = 8 is 32 MiB per hash: slow to guess offline, quick enough for one sign-in.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, o: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, KEY_LEN, o, (e, k) => (e ? reject(e) : resolve(k))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash of a password nobody has, checked when the login is unknown so the answer takes as long. */
const DUMMY = hashPassword(randomBytes(12).toString('hex'));

export class HqAuthError extends PosError {
  constructor(code: 'SIGN_IN_FAILED' | 'SIGNED_OUT' | 'FORBIDDEN_STORE' | 'CSRF', message: string, details?: Record<string, unknown>) {
    super(code, message, details ? { details } : {});
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function cookieValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** State-changing requests: JSON only, and from HQ's own origin when the browser says where it came from. */
export function assertSameOriginJson(headers: http.IncomingHttpHeaders): void {
  if (!String(headers['content-type'] ?? '').startsWith('application/json')) throw new HqAuthError('CSRF', 'send JSON (content-type: application/json)');
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host}` && origin !== `https://${headers.host}`) throw new HqAuthError('CSRF', `requests from ${origin} are not accepted`);
}

/**
 * When the session cookie carries `Secure`: always, never (plain-http HQ on a trusted LAN), or `auto`
 * — when the request reached HQ over TLS, directly or through a TLS-terminating proxy that says so in
 * `X-Forwarded-Proto` (believing that header is safe here: it can only add the flag, never remove it).
 */
export type CookieSecure = boolean | 'auto';

export function cookieSecureFromEnv(v: string | undefined): CookieSecure {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '' || s === 'auto') return 'auto';
  if (s === '1' || s === 'true' || s === 'on' || s === 'yes') return true;
  if (s === '0' || s === 'false' || s === 'off' || s === 'no') return false;
  throw new PosError('CONFIG_INVALID', `HQ_COOKIE_SECURE must be auto, true or false (got ${v})`);
}

export function requestIsHttps(req: Pick<http.IncomingMessage, 'headers' | 'socket'>): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function sessionCookie(value: string, maxAgeS: number, secure = false): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeS}${secure ? '; Secure' : ''}`;
}

export interface HqAccounts {
  create(a: { merchantId: string; login: string; password: string; role: HqRole; stores?: readonly string[] }): Promise<void>;
  /** Returns the cookie value of a new session. */
  signIn(merchantId: string, login: string, password: string): Promise<{ cookie: string; viewer: HqViewer }>;
  signOut(headers: http.IncomingHttpHeaders): Promise<void>;
  /** The signed-in viewer, or SIGNED_OUT (no cookie, unknown or expired session). */
  viewer(headers: http.IncomingHttpHeaders): Promise<HqViewer>;
}

export function hqAccounts(db: HqDb, now: () => number): HqAccounts {
  async function storesOf(merchantId: string, login: string, role: HqRole): Promise<string[]> {
    const rows = role === 'owner'
      ? await db.query<{ store_id: string }>('SELECT store_id FROM stores WHERE merchant_id = $1 ORDER BY store_id', [merchantId])
      : await db.query<{ store_id: string }>('SELECT store_id FROM hq_account_stores WHERE merchant_id = $1 AND login = $2 ORDER BY store_id', [merchantId, login]);
    return rows.map((r) => r.store_id);
  }

  return {
    async create(a) {
      if (a.password.length < 10) throw new PosError('BAD_REQUEST', 'an HQ password has at least 10 characters');
      const hash = await hashPassword(a.password);
      await db.tx(async (q) => {
        await q('INSERT INTO hq_accounts (merchant_id, login, role, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (merchant_id, login) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash', [a.merchantId, a.login, a.role, hash]);
        await q('DELETE FROM hq_account_stores WHERE merchant_id = $1 AND login = $2', [a.merchantId, a.login]);
        for (const s of a.role === 'storeManager' ? a.stores ?? [] : []) await q('INSERT INTO hq_account_stores (merchant_id, login, store_id) VALUES ($1, $2, $3)', [a.merchantId, a.login, s]);
        // A changed password or role ends the sessions made under the old one.
        await q('DELETE FROM hq_sessions WHERE merchant_id = $1 AND login = $2', [a.merchantId, a.login]);
      });
    },

    async signIn(merchantId, login, password) {
      const [acc] = await db.query<{ role: HqRole; password_hash: string }>('SELECT role, password_hash FROM hq_accounts WHERE merchant_id = $1 AND login = $2', [merchantId, login]);
      const ok = await verifyPassword(password, acc?.password_hash ?? (await DUMMY));
      // One answer for an unknown login and a wrong password: the form does not reveal who exists.
      if (!acc || !ok) throw new HqAuthError('SIGN_IN_FAILED', 'merchant, login or password is wrong');
      const secret = randomBytes(32).toString('base64url');
      await db.query('INSERT INTO hq_sessions (merchant_id, session_hash, login, expires_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0))', [merchantId, sha(secret), login, now() + SESSION_MS]);
      return { cookie: `${merchantId}.${secret}`, viewer: { merchantId, login, role: acc.role, stores: await storesOf(merchantId, login, acc.role) } };
    },

    async signOut(headers) {
      const v = cookieValue(headers, SESSION_COOKIE);
      const dot = v?.lastIndexOf('.') ?? -1;
      if (v && dot > 0) await db.query('DELETE FROM hq_sessions WHERE merchant_id = $1 AND session_hash = $2', [v.slice(0, dot), sha(v.slice(dot + 1))]);
    },

    async viewer(headers) {
      const v = cookieValue(headers, SESSION_COOKIE);
      const dot = v?.lastIndexOf('.') ?? -1;
      if (!v || dot <= 0) throw new HqAuthError('SIGNED_OUT', 'sign in to the head office');
      const merchantId = v.slice(0, dot);
      const [s] = await db.query<{ login: string; role: HqRole; expired: boolean }>(
        `SELECT s.login, a.role, s.expires_at <= to_timestamp($3 / 1000.0) AS expired FROM hq_sessions s
         JOIN hq_accounts a ON a.merchant_id = s.merchant_id AND a.login = s.login
         WHERE s.merchant_id = $1 AND s.session_hash = $2`, [merchantId, sha(v.slice(dot + 1)), now()]);
      if (!s) throw new HqAuthError('SIGNED_OUT', 'sign in to the head office');
      if (s.expired) throw new HqAuthError('SIGNED_OUT', 'your session has expired: sign in again', { expired: true });
      return { merchantId, login: s.login, role: s.role, stores: await storesOf(merchantId, s.login, s.role) };
    },
  };
}

/** The stores a request asks about, inside the viewer's scope: another store's figures are refused. */
export function scopeStores(viewer: HqViewer, asked: string | null): readonly string[] {
  if (asked === null || asked === '') return viewer.stores;
  if (!viewer.stores.includes(asked)) throw new HqAuthError('FORBIDDEN_STORE', `store ${asked} is not one of yours`, { storeId: asked });
  return [asked];
}

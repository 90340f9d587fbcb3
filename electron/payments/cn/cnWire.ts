/**
 * The open-platform (当面付) wire format, as pure functions: the signed string over sorted
 * parameters, Beijing timestamps, yuan amounts and the raw `*_response` text a response signs.
 */
import crypto, { type KeyObject } from 'node:crypto';

export const CN_GATEWAY_PRODUCTION = 'https://openapi.alipay.com/gateway.do';
export const CN_GATEWAY_SANDBOX = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';

/**
 * Every parameter except `sign` (and, for notifications, `sign_type`) and empty values, sorted by
 * key in ASCII order, joined `k=v&k=v` with the raw (not URL-encoded) values.
 */
export function signContent(params: Readonly<Record<string, string | undefined>>, exclude: readonly string[] = ['sign']): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function rsa2Sign(content: string, key: KeyObject): string {
  return crypto.createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');
}

export function rsa2Verify(content: string, signature: string, key: KeyObject): boolean {
  try {
    return crypto.createVerify('RSA-SHA256').update(content, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

const BEIJING_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has had no DST since 1991
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "yyyy-MM-dd HH:mm:ss" in Beijing time (the `timestamp` parameter and every time Alipay sends). */
export function formatBeijing(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "yyyy-MM-dd" of the Beijing day (bill_date). */
export function beijingDate(ms: number): string {
  return formatBeijing(ms).slice(0, 10);
}

export function parseBeijing(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - BEIJING_OFFSET_MS;
  return Number.isFinite(ms) ? ms : null;
}

/** The largest single trade the open platform takes: 100,000,000.00 yuan. */
export const CN_MAX_FEN = 10_000_000_000;

/** Integer fen → "12.34" (the boundary is the only place a yuan string exists). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be non-negative integer fen, got ${fen}`);
  if (fen > CN_MAX_FEN) throw new RangeError(`amount ${fen} fen is above the open platform's limit of ${CN_MAX_FEN}`);
  return `${Math.floor(fen / 100)}.${pad(fen % 100)}`;
}

/** "12.34" / "12.3" / "12" → fen; anything else (3 decimals, signs, exponents, spaces) → null. */
export function yuanToFen(text: string): number | null {
  const m = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen <= CN_MAX_FEN ? fen : null;
}

/** `alipay.trade.pay` → `alipay_trade_pay_response`. */
export const responseKeyOf = (method: string): string => `${method.replaceAll('.', '_')}_response`;

/** End index (exclusive) of the JSON value starting at `start` (an object), strings respected. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

export interface SignedResponse {
  /** The exact bytes of the `*_response` value as Alipay sent them: what `sign` covers. */
  readonly signedText: string;
  readonly key: string;
  readonly sign: string | undefined;
  readonly alipayCertSn: string | undefined;
  readonly payload: Record<string, unknown>;
}

/**
 * Cuts the `*_response` (or `error_response`) value out of the raw body text, untouched: a
 * re-serialised object would not be the text that was signed. Null when the body is not that shape.
 */
export function extractSignedResponse(raw: string, method: string): SignedResponse | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const top = parsed as Record<string, unknown>;
  for (const key of [responseKeyOf(method), 'error_response']) {
    const payload = top[key];
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) continue;
    // The key as a JSON member name at the top level: `"key"` then optional spaces then `:`.
    const re = new RegExp(`"${key}"\\s*:\\s*\\{`, 'g');
    const m = re.exec(raw);
    if (!m) continue;
    const start = m.index + m[0].length - 1;
    const end = objectEnd(raw, start);
    if (end < 0) return null;
    return {
      signedText: raw.slice(start, end),
      key,
      sign: typeof top.sign === 'string' ? top.sign : undefined,
      alipayCertSn: typeof top.alipay_cert_sn === 'string' ? top.alipay_cert_sn : undefined,
      payload: payload as Record<string, unknown>,
    };
  }
  return null;
}

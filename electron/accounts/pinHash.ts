import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * PIN hashing (issue 12). A 6-digit PIN has only 10^6 values, so the hash alone cannot make a stolen
 * journal safe: what does is (1) a pepper — a random key kept in the data folder beside, not in, the
 * journal (HMAC-SHA256 of the PIN under it goes into scrypt), so a copied journal alone cannot be
 * searched at all; and (2) scrypt at N=2^15, r=8 (32 MiB, about 90 ms per check on this class of
 * machine; `npm run bench` prints the figure), so even with the pepper too the whole 6-digit space costs
 * about a core-day (the sign-in budget of 300 ms caps the cost). Async scrypt runs on libuv's pool, so payments keep going during a check.
 */
export const PIN_HASH_PARAMS = { N: 32_768, r: 8, p: 1, keylen: 32 } as const;
const MAXMEM = 256 * 1024 * 1024;

const recordSchema = z.object({ v: z.literal(1), salt: z.string(), hash: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int(), keylen: z.number().int() });
export type PinRecord = z.infer<typeof recordSchema>;

function derive(pin: string, pepper: Buffer, salt: Buffer, p: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  const keyed = createHmac('sha256', pepper).update(pin.normalize('NFKC')).digest();
  return new Promise((resolve, reject) => {
    scrypt(keyed, salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPin(pin: string, pepper: Buffer, params: { N: number; r: number; p: number; keylen: number } = PIN_HASH_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(pin, pepper, salt, params);
  const rec: PinRecord = { v: 1, salt: salt.toString('base64'), hash: hash.toString('base64'), ...params };
  return JSON.stringify(rec);
}

/** False for a wrong PIN and for a record that does not parse (never throws on stored data). */
export async function verifyPin(pin: string, stored: string, pepper: Buffer): Promise<boolean> {
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return false;
  }
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) return false;
  const s = parsed.data;
  const want = Buffer.from(s.hash, 'base64');
  const got = await derive(pin, pepper, Buffer.from(s.salt, 'base64'), s);
  return got.length === want.length && timingSafeEqual(got, want);
}

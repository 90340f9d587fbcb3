import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../journal/openJournal';
import { PosError } from '../../../shared/errors/posError';

/**
 * The supervisor PIN (DESIGN §10): only an scrypt hash with its own salt and parameters is stored,
 * in the settings table, so a copied journal does not give the PIN away.
 */
const KEY = 'supervisor.pin';
const PARAMS = { N: 16_384, r: 8, p: 1, keylen: 32 } as const;
const storedSchema = z.object({ salt: z.string(), hash: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int(), keylen: z.number().int() });

export const PIN_PATTERN = /^\d{4,12}$/;

function derive(pin: string, salt: Buffer, p: { N: number; r: number; p: number; keylen: number }): Buffer {
  return scryptSync(pin.normalize('NFKC'), salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: 64 * 1024 * 1024 });
}

export function hasSupervisorPin(db: Db): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(KEY) !== undefined;
}

export function setSupervisorPin(db: Db, pin: string, now: number): void {
  if (!PIN_PATTERN.test(pin)) throw new PosError('BAD_REQUEST', 'a PIN is 4–12 digits');
  const salt = randomBytes(16);
  const value = { salt: salt.toString('base64'), hash: derive(pin, salt, PARAMS).toString('base64'), ...PARAMS };
  db.prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at')
    .run(KEY, JSON.stringify(value), now);
}

export function verifySupervisorPin(db: Db, pin: string): boolean {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as { value_json: string } | undefined;
  if (!row) return false;
  const parsed = storedSchema.safeParse(JSON.parse(row.value_json));
  if (!parsed.success) return false;
  const s = parsed.data;
  const want = Buffer.from(s.hash, 'base64');
  const got = derive(pin, Buffer.from(s.salt, 'base64'), s);
  return got.length === want.length && timingSafeEqual(got, want);
}

import fs from 'node:fs';
import path from 'node:path';
import type { SetupProblem } from '../../shared/domain/station';
import { configSchema, hasCredentials, type PosConfig } from './configSchema';

export const CONFIG_FILE = 'config.json';

export type LoadedConfig =
  | { readonly status: 'ok'; readonly config: PosConfig; readonly mode: 'demo' | 'live'; readonly file: string }
  | { readonly status: 'invalid'; readonly config: PosConfig; readonly problem: SetupProblem; readonly file: string };

/**
 * Environment variables that override the file, for kiosks and CI. Each maps onto a config path;
 * values are strings and are coerced by the schema's own rules after merging.
 */
export const ENV_OVERRIDES: ReadonlyArray<readonly [string, readonly string[], 'string' | 'number' | 'boolean']> = [
  ['POS_LOCALE', ['locale'], 'string'],
  ['POS_CUSTOMER_LOCALE', ['customerLocale'], 'string'],
  ['POS_CURRENCY', ['currency'], 'string'],
  ['POS_KIOSK', ['kiosk'], 'boolean'],
  ['POS_STORE_NAME', ['store', 'name'], 'string'],
  ['POS_ALIPAY_CLIENT_ID', ['alipay', 'clientId'], 'string'],
  ['POS_ALIPAY_REGION', ['alipay', 'region'], 'string'],
  ['POS_ALIPAY_BASE_URL', ['alipay', 'baseUrl'], 'string'],
  ['POS_ALIPAY_PRIVATE_KEY_FILE', ['alipay', 'privateKeyFile'], 'string'],
  ['POS_ALIPAY_PUBLIC_KEY_FILE', ['alipay', 'alipayPublicKeyFile'], 'string'],
  ['POS_PUBLIC_BASE_URL', ['alipay', 'publicBaseUrl'], 'string'],
  ['POS_ALIPAY_ACQUIRER', ['alipay', 'acquirer'], 'string'],
  ['POS_EXPIRY_MINUTES', ['payment', 'expiryMinutes'], 'number'],
];

function coerce(raw: string, kind: 'string' | 'number' | 'boolean'): unknown {
  if (kind === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (kind === 'boolean') return raw === '1' || raw.toLowerCase() === 'true' ? true : raw === '0' || raw.toLowerCase() === 'false' ? false : raw;
  return raw;
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

const DEFAULTS: PosConfig = configSchema.parse({});

/**
 * Reads config.json and the environment. Never throws for a bad file: the station starts into its
 * setup screen with defaults and a message naming the field that is wrong.
 */
export function loadConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const file = path.join(dataDir, CONFIG_FILE);
  let raw: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      return { status: 'invalid', config: DEFAULTS, file, problem: { field: '(file)', message: `cannot read ${file}: ${(e as Error).message}` } };
    }
  }
  if (text !== null) {
    try {
      const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { status: 'invalid', config: DEFAULTS, file, problem: { field: '(file)', message: 'config.json must hold a JSON object' } };
      }
      raw = parsed as Record<string, unknown>;
    } catch (e) {
      return { status: 'invalid', config: DEFAULTS, file, problem: { field: '(file)', message: `config.json is not valid JSON: ${(e as Error).message}` } };
    }
  }
  for (const [name, keys, kind] of ENV_OVERRIDES) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(raw, keys, coerce(v, kind));
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    const fromEnv = ENV_OVERRIDES.find(([n, keys]) => env[n] && keys.join('.') === field);
    const message = `${issue?.message ?? 'invalid value'}${fromEnv ? ` (set by ${fromEnv[0]})` : ''}`;
    return { status: 'invalid', config: DEFAULTS, file, problem: { field, message } };
  }
  const config = result.data;
  return { status: 'ok', config, mode: hasCredentials(config) ? 'live' : 'demo', file };
}

/** A file that is there but not a JSON object is copied aside before anything overwrites it. */
function keepCorrupt(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  fs.copyFileSync(file, `${file}.bad-${Date.now()}`);
  return {};
}

/**
 * Changes some keys of config.json as it is on disk — never the merged config, so values that came
 * from the environment (POS_…) are never written into the file (issue 12 §7).
 */
export function updateConfigFile(file: string, changes: ReadonlyArray<readonly [readonly string[], unknown]>): void {
  const raw = keepCorrupt(file);
  for (const [keys, value] of changes) setPath(raw, keys, value);
  writeAtomically(file, raw);
}

/** Writes the config atomically (temp file + rename) so a crash or full disk never leaves half a file. */
export function saveConfig(file: string, config: PosConfig): void {
  keepCorrupt(file);
  writeAtomically(file, config);
}

function writeAtomically(file: string, config: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Moves a bad config aside (never deletes it: it may hold an installer's work) and writes defaults. */
export function resetConfig(file: string, now: number = Date.now()): string | null {
  let kept: string | null = null;
  if (fs.existsSync(file)) {
    kept = `${file}.bad-${now}`;
    fs.renameSync(file, kept);
  }
  saveConfig(file, DEFAULTS);
  return kept;
}

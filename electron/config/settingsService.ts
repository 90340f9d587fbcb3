/**
 * The settings screen's side of the station (DESIGN.md §10): a config view without secrets, edits
 * validated against the config schema and written atomically, key import into the data folder, and
 * what needs a restart. Edits go into config.json as the file holds them, not into the running
 * config, so values the environment overrides (POS_…) are never copied into the file by accident.
 */
import { notifyReachOf } from '../../shared/domain/notifyReach';
import { appendAudit } from '../journal/appendAudit';
import { sealKeyText } from './keyVault';
import { checkCnCredentials } from './cnCredentials';
import type { CnCredentialsImported } from '../../shared/ipc/commands/cnSettings';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { configSchema, hasCredentials, type PosConfig } from './configSchema';
import { ENV_OVERRIDES, loadConfig, saveConfig } from './loadConfig';
import { loadPrivateKey, loadPublicKey } from '../payments/ams/keys';
import { PosError } from '../../shared/errors/posError';
import type { KeysImported, SettingsPatch, SettingsUpdated, SettingsView, RegistrationView } from '../../shared/ipc/commands/settings';
import type { Db } from '../journal/openJournal';
import type { Logger } from 'pino';
import type { Clock } from '../../shared/domain/clock';
import type { KeyVault } from './keyVault';
import type { StationState } from '../station/stationState';

export const KEYS_DIR = 'keys';
export const PRIVATE_KEY_FILE = `${KEYS_DIR}/merchant_private_key.pem`;
export const ALIPAY_PUBLIC_KEY_FILE = `${KEYS_DIR}/alipay_public_key.pem`;

/** Fields whose new value the running station picks up at once; every other one waits for a restart. */
const LIVE_FIELDS = new Set([
  'locale', 'customerLocale', 'currency',
  'store.name', 'store.merchantName', 'store.referenceMerchantId', 'store.referenceStoreId', 'store.terminalId', 'store.merchantMCC', 'store.storeMCC',
  'alipay.publicBaseUrl',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Patch onto the file's JSON: nested objects merge, `null` removes an optional field. */
export function mergePatch(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else if (isObject(v)) out[k] = mergePatch(isObject(out[k]) ? out[k] : {}, v);
    else out[k] = v;
  }
  return out;
}

/** Dotted leaf paths a patch touches (`store.name`, `payment.expiryMinutes`). */
export function patchFields(patch: Json, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([k, v]) => (v === undefined ? [] : isObject(v) ? patchFields(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function valueAt(o: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((node, k) => (isObject(node) ? node[k] : undefined), o);
}

function readConfigJson(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new PosError('CONFIG_INVALID', `cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (isObject(parsed)) return parsed;
  } catch {
    // fall through: the setup screen is the place to repair a broken file
  }
  throw new PosError('CONFIG_INVALID', 'config.json is not a valid JSON object; fix it from the setup screen first');
}

/** Writes a key so only this account can read it (0600), atomically, in a 0700 folder. */
function writeSecretFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // a pre-existing tmp file keeps its old mode otherwise
  fs.renameSync(tmp, file);
}

export interface SettingsService {
  view(): SettingsView;
  update(patch: SettingsPatch, actor: string): SettingsUpdated;
  importKeys(input: { privateKey: string; alipayPublicKey: string; clientId?: string | undefined }, actor: string): KeysImported;
  importCnCredentials(input: { appId: string; appPrivateKey: string; alipayPublicKey?: string | undefined; appCert?: string | undefined; alipayCert?: string | undefined; alipayRootCert?: string | undefined }, actor: string): CnCredentialsImported;
}

export interface SettingsDeps {
  readonly dataDir: string;
  readonly configFile: string;
  readonly keyVault: KeyVault;
  /** For the audit trail; null only without a journal (setup mode). */
  readonly db: Db | null;
  readonly clock: Clock;
  readonly log: Logger;
  readonly state: StationState;
  readonly env: NodeJS.ProcessEnv;
  /** Where Alipay posts payment notifications (paymentsService's NOTIFY_PATH), for the reach check shown. */
  readonly notifyPath: string;
  /** The store's registration with Alipay, when payments (and so registration) exist. */
  registration(): RegistrationView | null;
  /** A shown value changed (locale): the status bar is re-sent. */
  publishStatus(): void;
}

export function createSettingsService(deps: SettingsDeps): SettingsService {
  const { state, env, registration } = deps;
  // Saved but not yet in effect: kept until the restart that applies them.
  const pendingRestart = new Set<string>();

  const keyPath = (f: string | undefined): string | null => (f === undefined ? null : path.isAbsolute(f) ? f : path.join(deps.dataDir, f));
  const present = (f: string | undefined): boolean => {
    const p = keyPath(f);
    return p !== null && fs.existsSync(p);
  };
  const overridden = (): string[] => ENV_OVERRIDES.filter(([name]) => env[name] !== undefined && env[name] !== '').map(([, keys]) => keys.join('.'));

  const audit = (actor: string, action: string, details: Json): void => {
    if (deps.db) appendAudit(deps.db, { at: deps.clock.now(), actor, action, details });
  };

  /** Merges into config.json, validates the whole file, writes it atomically and reloads the effective config. */
  function writeFile(patch: Json): { before: PosConfig; after: PosConfig } {
    if (state.mode === 'setup') throw new PosError('INVALID_STATE', 'the terminal is in setup mode: repair or reset the config first');
    const merged = mergePatch(readConfigJson(deps.configFile), patch);
    const parsed = configSchema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PosError('BAD_REQUEST', `${issue && issue.path.length > 0 ? issue.path.join('.') : '(config)'}: ${issue?.message ?? 'invalid value'}`);
    }
    saveConfig(deps.configFile, parsed.data);
    const loaded = loadConfig(deps.dataDir, env);
    if (loaded.status !== 'ok') throw new PosError('CONFIG_INVALID', `${loaded.problem.field}: ${loaded.problem.message}`);
    const before = state.config;
    state.setConfig(loaded.config);
    return { before, after: loaded.config };
  }

  const service: SettingsService = {
    view() {
      const c = state.config;
      return {
        mode: state.mode,
        locale: state.status.locale,
        customerLocale: state.status.customerLocale,
        currency: c.currency,
        store: { ...c.store },
        alipay: {
          clientId: c.alipay.clientId ?? null,
          region: c.alipay.region,
          baseUrl: c.alipay.baseUrl ?? null,
          publicBaseUrl: c.alipay.publicBaseUrl ?? null,
          hasPrivateKey: present(c.alipay.privateKeyFile),
          hasAlipayPublicKey: present(c.alipay.alipayPublicKeyFile),
          acquirer: c.alipay.acquirer,
          cn: {
            appId: c.alipay.cn.appId ?? null,
            hasAppPrivateKey: present(c.alipay.cn.appPrivateKeyFile),
            mode: present(c.alipay.cn.alipayCertFile) ? 'certificate' : present(c.alipay.cn.alipayPublicKeyFile) ? 'publicKey' : null,
          },
        },
        payment: { expiryMinutes: c.payment.expiryMinutes },
        envOverridden: overridden(),
        restartNeeded: [...pendingRestart].sort(),
        registration: registration(),
        registrationDetails: c.registration ?? null,
        notifications: notifyReachOf(state.mode, c.alipay.publicBaseUrl, deps.notifyPath),
      };
    },

    update(patch, actor) {
      const fields = patchFields(patch as Json);
      const { before, after } = writeFile(patch as Json);
      const changed = fields.filter((f) => JSON.stringify(valueAt(before, f)) !== JSON.stringify(valueAt(after, f)));
      const applied: string[] = [];
      const restart: string[] = [];
      // Registration details are read when registration is sent: in effect at once.
      for (const f of changed) (LIVE_FIELDS.has(f) || f === 'registration' || f.startsWith('registration.') ? applied : restart).push(f);
      if (hasCredentials(before) !== hasCredentials(after)) restart.push('mode');
      for (const f of restart) pendingRestart.add(f);
      if (applied.includes('locale')) state.setLocale('cashier', after.locale);
      if (applied.includes('customerLocale')) state.setLocale('customer', after.customerLocale);
      if (changed.length > 0) {
        audit(actor, 'settings.update', { changed: changed.map((f) => ({ field: f, from: valueAt(before, f) ?? null, to: valueAt(after, f) ?? null })) });
        deps.publishStatus();
      }
      const ignored = fields.filter((f) => overridden().includes(f));
      if (ignored.length > 0) deps.log.warn({ ignored }, 'settings saved but overridden by the environment');
      return { settings: service.view(), applied, restartNeeded: [...pendingRestart].sort() };
    },

    importKeys(input, actor) {
      let priv: crypto.KeyObject;
      let pub: crypto.KeyObject;
      try {
        priv = loadPrivateKey(input.privateKey);
      } catch (e) {
        throw new PosError('BAD_REQUEST', `privateKey: not a private key (${(e as Error).message})`);
      }
      try {
        pub = loadPublicKey(input.alipayPublicKey);
      } catch (e) {
        throw new PosError('BAD_REQUEST', `alipayPublicKey: not a public key (${(e as Error).message})`);
      }
      if (priv.asymmetricKeyType !== 'rsa' || pub.asymmetricKeyType !== 'rsa') throw new PosError('BAD_REQUEST', 'AMS uses RSA keys (RSA256 signatures)');
      if ((priv.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new PosError('BAD_REQUEST', 'privateKey: RSA keys must be at least 2048 bits');
      const merchantPub = crypto.createPublicKey(priv).export({ type: 'spki', format: 'der' });
      if (Buffer.compare(merchantPub, pub.export({ type: 'spki', format: 'der' })) === 0) {
        throw new PosError('BAD_REQUEST', "alipayPublicKey: that is the merchant's own public key, not Alipay's");
      }
      writeSecretFile(path.join(deps.dataDir, PRIVATE_KEY_FILE), sealKeyText(deps.keyVault, priv.export({ type: 'pkcs8', format: 'pem' }).toString()));
      writeSecretFile(path.join(deps.dataDir, ALIPAY_PUBLIC_KEY_FILE), pub.export({ type: 'spki', format: 'pem' }).toString());
      const { before, after } = writeFile({ alipay: { privateKeyFile: PRIVATE_KEY_FILE, alipayPublicKeyFile: ALIPAY_PUBLIC_KEY_FILE, ...(input.clientId ? { clientId: input.clientId } : {}) } });
      pendingRestart.add('alipay.keys');
      if (input.clientId && input.clientId !== before.alipay.clientId) pendingRestart.add('alipay.clientId');
      if (hasCredentials(before) !== hasCredentials(after)) pendingRestart.add('mode');
      // Fingerprints identify the keys in the audit trail without revealing anything.
      const fp = (der: Buffer): string => crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
      audit(actor, 'settings.importKeys', { merchantKey: fp(merchantPub), alipayKey: fp(pub.export({ type: 'spki', format: 'der' })), clientId: after.alipay.clientId ?? null });
      return { hasPrivateKey: true, hasAlipayPublicKey: true, restartNeeded: true };
    },

    importCnCredentials(input, actor) {
      const c = checkCnCredentials(input);
      const file = (n: string): string => `${KEYS_DIR}/cn_${n}`;
      writeSecretFile(path.join(deps.dataDir, file('app_private_key.pem')), sealKeyText(deps.keyVault, c.appPrivateKeyPem));
      const cn: Record<string, string | null> = { appId: input.appId, appPrivateKeyFile: file('app_private_key.pem') };
      if (c.certs) {
        writeSecretFile(path.join(deps.dataDir, file('app_cert.crt')), c.certs.app);
        writeSecretFile(path.join(deps.dataDir, file('alipay_cert.crt')), c.certs.alipay);
        writeSecretFile(path.join(deps.dataDir, file('alipay_root_cert.crt')), c.certs.root);
        Object.assign(cn, { appCertFile: file('app_cert.crt'), alipayCertFile: file('alipay_cert.crt'), alipayRootCertFile: file('alipay_root_cert.crt'), alipayPublicKeyFile: null });
      } else {
        writeSecretFile(path.join(deps.dataDir, file('alipay_public_key.pem')), c.alipayPublicKeyPem!);
        Object.assign(cn, { alipayPublicKeyFile: file('alipay_public_key.pem'), appCertFile: null, alipayCertFile: null, alipayRootCertFile: null });
      }
      const { before, after } = writeFile({ alipay: { cn } });
      pendingRestart.add('alipay.cn');
      if (hasCredentials(before) !== hasCredentials(after)) pendingRestart.add('mode');
      audit(actor, 'settings.importCnCredentials', { appId: input.appId, mode: c.mode, ...c.fingerprints });
      return { appId: input.appId, mode: c.mode, restartNeeded: true };
    },
  };
  return service;
}

import { z } from 'zod';
import { command } from '../command';
import type { Locale, StationSnapshot } from '../../domain/station';
import type { NotifyReach } from '../../domain/notifyReach';
import type { MerchantRegistrationDetails } from '../../domain/merchantRegistration';

export interface ChainCheck {
  readonly ok: boolean;
  readonly events: number;
  readonly brokenAt: number | null;
  readonly reason: string | null;
}

export type AlipayRegion = 'NA' | 'SEA' | 'EU';

/**
 * What the settings screen sees of the configuration. Never a secret: the keys are only said to be
 * present or not (the merchant private key goes to the station and never comes back).
 */
export interface SettingsView {
  readonly mode: 'demo' | 'live' | 'setup';
  readonly locale: Locale;
  readonly customerLocale: Locale;
  readonly currency: string;
  readonly store: {
    readonly name: string;
    readonly merchantName: string;
    readonly referenceMerchantId: string;
    readonly referenceStoreId: string;
    readonly terminalId: string;
    readonly merchantMCC: string;
    readonly storeMCC: string;
  };
  readonly alipay: {
    readonly clientId: string | null;
    readonly region: AlipayRegion;
    readonly baseUrl: string | null;
    readonly publicBaseUrl: string | null;
    readonly hasPrivateKey: boolean;
    readonly hasAlipayPublicKey: boolean;
  };
  readonly payment: { readonly expiryMinutes: number };
  /** Fields the environment overrides (POS_…): a saved value there takes effect only without the variable. */
  readonly envOverridden: readonly string[];
  /** Saved since the last start but only in effect after a restart. */
  readonly restartNeeded: readonly string[];
  readonly registration: RegistrationView | null;
  /** The KYB details registration sends (null: not entered yet). */
  readonly registrationDetails: MerchantRegistrationDetails | null;
  /** Whether Alipay can notify this terminal, or results arrive by polling only (LIVE without a public address). */
  readonly notifications: NotifyReach;
}

/** An edit from the settings screen (dotted field names are what `applied` / `restartNeeded` list). */
export interface SettingsUpdated {
  readonly settings: SettingsView;
  /** Changed and already in effect. */
  readonly applied: readonly string[];
  /** Saved; take effect after the terminal restarts. */
  readonly restartNeeded: readonly string[];
}

/**
 * Store registration with Alipay (AMS registration + inquiryRegistrationStatus + the registration
 * notification). PROCESSING until Alipay decides; APPROVED / REJECTED are final.
 */
export interface RegistrationView {
  readonly registrationRequestId: string;
  readonly referenceMerchantId: string;
  readonly referenceStoreId: string;
  readonly status: string; // Alipay's registrationStatus, e.g. PROCESSING, APPROVED, REJECTED
  readonly final: boolean;
  readonly rejectReasons: string | null;
  /** Set when the request or the last inquiry could not get an answer (offline, refused). */
  readonly lastError: string | null;
  readonly requestedAt: number;
  readonly updatedAt: number;
  /** What told us last: the request itself, an inquiry or Alipay's notification. */
  readonly source: 'request' | 'inquiry' | 'notification';
}

export interface KeysImported {
  readonly hasPrivateKey: true;
  readonly hasAlipayPublicKey: true;
  /** The station switches to LIVE once a client id and both keys are set; that happens on restart. */
  readonly restartNeeded: true;
}

// The same rules the station's config schema applies; the station validates the merged file again.
const idField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1–64 letters, digits, _ or -');
const mcc = z.string().regex(/^\d{4}$/, 'a 4-digit MCC');
const httpUrl = z.url({ protocol: /^https?$/ });
const locale = z.enum(['zh-CN', 'en']);

/** KYB details for AMS registration (shared/domain/merchantRegistration.ts); the config file and the settings screen use the same rules. */
const registrationAddress = z.object({
  region: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as CN'),
  state: z.string().min(1).max(64).optional(),
  city: z.string().min(1).max(64),
  address1: z.string().min(1).max(256),
  address2: z.string().min(1).max(256).optional(),
  zipCode: z.string().min(1).max(32).optional(),
}).strict();

export const registrationDetailsSchema = z.object({
  legalName: z.string().trim().min(1).max(256),
  registrationType: z.string().regex(/^[A-Z_]{2,64}$/, 'an AMS registration type such as ENTERPRISE_REGISTRATION_NO').default('ENTERPRISE_REGISTRATION_NO'),
  registrationNo: z.string().trim().min(1).max(64),
  businessType: z.enum(['ENTERPRISE', 'INDIVIDUAL']).default('ENTERPRISE'),
  registrationAddress,
  merchantAddress: registrationAddress.optional(),
  storeAddress: registrationAddress.optional(),
  websites: z.array(z.url({ protocol: /^https?$/ })).max(5).optional(),
  logoUrl: z.url({ protocol: /^https$/ }).optional(),
}).strict();

export const settingsPatchSchema = z
  .object({
    locale: locale.optional(),
    customerLocale: locale.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY').optional(),
    store: z
      .object({
        name: z.string().trim().min(1).max(64).optional(),
        merchantName: z.string().trim().min(1).max(256).optional(),
        referenceMerchantId: idField.optional(),
        referenceStoreId: idField.optional(),
        terminalId: idField.optional(),
        merchantMCC: mcc.optional(),
        storeMCC: mcc.optional(),
      })
      .strict()
      .optional(),
    alipay: z
      .object({
        clientId: z.string().trim().min(1).max(64).nullable().optional(),
        region: z.enum(['NA', 'SEA', 'EU']).optional(),
        /** null removes the override. */
        baseUrl: httpUrl.nullable().optional(),
        publicBaseUrl: httpUrl.nullable().optional(),
      })
      .strict()
      .optional(),
    payment: z.object({ expiryMinutes: z.number().int().min(1).max(10).optional() }).strict().optional(),
    /** The whole registration block at once (its parts depend on each other); null removes it. */
    registration: registrationDetailsSchema.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** PEM (PKCS#8 / PKCS#1 / SPKI) or the base64 DER one-liner the Alipay portal shows. */
const keyText = z.string().trim().min(64, 'that is too short to be a key').max(16_384);

export const settingsCommands = {
  /** The setup screen's way out of a corrupt config: keep the bad file aside and start from defaults. */
  'settings:resetConfig': command<StationSnapshot>()(z.object({ confirm: z.literal(true) }).strict()),
  'settings:verifyJournal': command<ChainCheck>()(z.object({}).strict()),
  'settings:get': command<SettingsView>()(z.object({}).strict()),
  /** Validated, written atomically to config.json, audited; live where possible, else listed as needing a restart. */
  'settings:update': command<SettingsUpdated>()(z.object({ patch: settingsPatchSchema }).strict()),
  /**
   * Installs the merchant private key and Alipay's public key in the data folder (0600), outside
   * config.json, which only names the files. The private key is never sent back to any window.
   */
  'settings:importKeys': command<KeysImported>()(z.object({ privateKey: keyText, alipayPublicKey: keyText, clientId: z.string().trim().min(1).max(64).optional() }).strict()),
  /** Registers the configured merchant and store with Alipay; the answer comes by notification or inquiry. */
  'settings:register': command<RegistrationView>()(z.object({}).strict()),
  /** Asks Alipay for the registration's status now (inquiryRegistrationStatus) and returns it. */
  'settings:registrationStatus': command<RegistrationView | null>()(z.object({ refresh: z.boolean().default(true) }).strict()),
} as const;

export interface SettingsEventMap {
  'settings:registrationChanged': RegistrationView;
}

import { z } from 'zod';
import { isCurrencyCode } from '../../shared/domain/currency';
import { printerSelectionSchema, scannerSelectionSchema } from '../../shared/ipc/commands/device';
import { registrationDetailsSchema } from '../../shared/ipc/commands/settings';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const locale = z.enum(['zh-CN', 'en']);

const idField = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1–64 letters, digits, _ or -');

/**
 * The terminal's configuration file (config.json in the data folder). Every field has a default so a
 * fresh install starts; merchant credentials are absent by default, which means DEMO mode.
 */
export const configSchema = z
  .object({
    locale: locale.default('zh-CN'),
    customerLocale: locale.default('zh-CN'),
    currency: z.string().refine(isCurrencyCode, 'not an ISO 4217 currency code').default('CNY'),
    kiosk: z.boolean().default(false),
    store: z
      .object({
        name: z.string().min(1).max(64).default('Demo Store'),
        merchantName: z.string().min(1).max(256).default('Demo Merchant'),
        referenceMerchantId: idField.default('M0001'),
        referenceStoreId: idField.default('S0001'),
        terminalId: idField.default('T01'),
        merchantMCC: z.string().regex(/^\d{4}$/, 'a 4-digit MCC').default('5411'),
        storeMCC: z.string().regex(/^\d{4}$/, 'a 4-digit MCC').default('5411'),
      })
      .strict()
      .prefault({}),
    alipay: z
      .object({
        clientId: z.string().min(1).max(64).optional(),
        region: z.enum(['NA', 'SEA', 'EU']).default('SEA'),
        /** Overrides the region's domain, e.g. a sandbox or a local simulator. */
        baseUrl: z.url({ protocol: /^https?$/ }).optional(),
        pathPrefix: z.string().regex(/^\/[a-z/]*$/, 'a path such as /ams/api').optional(),
        privateKeyFile: z.string().min(1).optional(),
        alipayPublicKeyFile: z.string().min(1).optional(),
        /** Sent as settlementStrategy.settlementCurrency; needed when the contract has several (default: the payment currency). */
        settlementCurrency: z.string().refine(isCurrencyCode, 'not an ISO 4217 currency code').optional(),
        /** Version of our key registered at Alipay; absent → no keyVersion in the signature header (Alipay uses the latest). */
        keyVersion: z.string().regex(/^\d{1,9}$/, 'a number such as 1').optional(),
        /** ISV set-ups only: the Agent-Token header Alipay issued. */
        agentToken: z.string().min(1).max(256).optional(),
        /** Public base URL Alipay can reach for notifications and the entry-code page. */
        publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
        /** Which acquiring API this terminal speaks: Alipay global AMS, or the China open platform (当面付). */
        acquirer: z.enum(['ams', 'alipay-cn']).default('ams'),
        /** 当面付 (acquirer alipay-cn): app id, app private key, and Alipay's public key or the three certificates. */
        cn: z
          .object({
            appId: z.string().regex(/^\d{16}$/, 'a 16-digit app id').optional(),
            appPrivateKeyFile: z.string().min(1).optional(),
            alipayPublicKeyFile: z.string().min(1).optional(),
            appCertFile: z.string().min(1).optional(),
            alipayCertFile: z.string().min(1).optional(),
            alipayRootCertFile: z.string().min(1).optional(),
            environment: z.enum(['production', 'sandbox']).default('production'),
            /** Overrides the environment's gateway.do URL (e.g. a local simulator). */
            gatewayUrl: z.url({ protocol: /^https?$/ }).optional(),
            /** A service provider acting for the merchant. */
            appAuthToken: z.string().min(1).max(128).optional(),
            /** The merchant's Alipay account (2088…): notifications for another seller are refused. */
            sellerId: z.string().regex(/^2088\d{12}$/, 'a 16-digit 2088… account id').optional(),
          })
          .strict()
          .prefault({}),
        connectTimeoutMs: z.number().int().min(500).max(30_000).default(5_000),
        readTimeoutMs: z.number().int().min(1_000).max(60_000).default(10_000),
        /** Outbound proxy (http://, https://, socks5://, pac+http://); absent: HTTPS_PROXY / NO_PROXY from the environment. */
        proxyUrl: z.url({ protocol: /^(https?|socks[45]?h?|pac\+https?)$/ }).optional(),
        /** Hosts that bypass proxyUrl, comma-separated (NO_PROXY syntax). */
        noProxy: z.string().max(1_000).optional(),
      })
      .strict()
      .prefault({}),
    payment: z
      .object({
        expiryMinutes: z.number().int().min(1).max(10).default(3),
        /** Wait after paymentExpiryTime before the automatic cancel (clock skew with Alipay). */
        graceSeconds: z.number().int().min(0).max(120).default(10),
        /** Delays between inquiries while a user-presented payment is unresolved; the last repeats. */
        pollScheduleMs: z.array(z.number().int().min(500).max(60_000)).min(1).max(60).optional(),
        /** Same for a shown order code (first check ~5 s, then every 3–5 s). */
        orderPollScheduleMs: z.array(z.number().int().min(500).max(60_000)).min(1).max(60).optional(),
        maxPolls: z.number().int().min(1).max(200).default(30),
        /** Offline queue: failures (while Alipay answers) before a job is dead-lettered. */
        queueMaxFailures: z.number().int().min(1).max(100).default(8),
        queueBaseDelayMs: z.number().int().min(100).max(60_000).default(1_000),
        queueMaxDelayMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
      })
      .strict()
      .prefault({}),
    /** KYB details for AMS registration (merchantInfo.registrationDetail …); LIVE registration refuses to send without them. */
    registration: registrationDetailsSchema.optional(),
    /** What the installer chose per role; nothing chosen in DEMO means virtual devices. */
    devices: z
      .object({
        scanner: scannerSelectionSchema.default({ kind: 'none' }),
        printer: printerSelectionSchema.default({ transport: 'none' }),
      })
      .strict()
      .prefault({}),
    /** Entry code (DESIGN.md §5.3): the store's static QR opens the station's H5 page at alipay.publicBaseUrl + /entry. */
    entryCode: z
      .object({
        enabled: z.boolean().default(true),
        /** Largest amount a customer may type on the H5 page, in minor units (default 50,000.00). */
        maxAmountMinor: z.number().int().min(1).max(99_999_999_999).default(5_000_000),
        /** How long a served form may be submitted (its token expires after this). */
        formTtlMinutes: z.number().int().min(1).max(60).default(15),
        /** How long the form post waits for Alipay's answer before the page shows "confirming" and keeps polling. */
        payWaitSeconds: z.number().int().min(1).max(30).default(8),
      })
      .strict()
      .prefault({}),
    /** End of day (DESIGN.md §9): when this terminal's business day ends, in which zone, where Alipay's files land. */
    reports: z
      .object({
        cutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM such as 04:00').default('00:00'),
        timeZone: z.string().refine(isTimeZone, 'not an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
        /** Folder an SFTP sync fills with Alipay's settlement files; relative paths are inside the data folder. */
        settlementDropDir: z.string().min(1).default('settlement'),
      })
      .strict()
      .prefault({}),
    /**
     * Shifts and cash (issue 14). A counter sale needs an open shift; with autoOpen the first sale
     * opens one (float 0, audited as shift.autoOpen) for whoever is signed in. Unset: DEMO only.
     */
    shifts: z
      .object({
        autoOpen: z.boolean().optional(),
        /** A close whose count differs from the expected drawer by more than this (minor units) needs a supervisor. */
        varianceApprovalMinor: z.number().int().min(0).max(99_999_999_999).default(1_000),
        /** Any single cash figure above this (tendered, float, count, paid-in/out) is a keying accident (default 100,000.00). */
        maxCashMinor: z.number().int().min(100).max(99_999_999_999).default(10_000_000),
      })
      .strict()
      .prefault({}),
    /** Cash rounding per currency (e.g. CHF to 5 rappen). Absent for a currency: exact cash (CNY by default). */
    cashRounding: z
      .record(
        z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as CHF'),
        z.object({ stepMinor: z.number().int().min(1).max(10_000), mode: z.enum(['nearest', 'down', 'up']).default('nearest') }).strict(),
      )
      .default({}),
    /** Till integration (DESIGN §16): the local API a shop's till or ERP drives the terminal with. */
    till: z
      .object({
        /** Off until switched on (or POS_TILL_PORT is set); no client can call it before a manager creates one anyway. */
        enabled: z.boolean().default(false),
        port: z.number().int().min(0).max(65535).default(8490),
        /** loopback: only programs on this machine. lan: other machines too, over TLS only (certificate and key files). */
        listen: z.enum(['loopback', 'lan']).default('loopback'),
        tlsCertFile: z.string().min(1).optional(),
        tlsKeyFile: z.string().min(1).optional(),
        /** Largest amount a till may ask for, in minor units (default 50,000.00). */
        maxAmountMinor: z.number().int().min(1).max(99_999_999_999).default(5_000_000),
        maxBodyBytes: z.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
      })
      .strict()
      .refine((t) => t.listen === 'loopback' || (t.tlsCertFile !== undefined && t.tlsKeyFile !== undefined), {
        message: 'LAN access needs TLS: set tlsCertFile and tlsKeyFile', path: ['listen'],
      })
      .prefault({}),
    /** Head office (issue 16): where to enrol (the Settings control offers it); the link itself lives in the journal. */
    hq: z
      .object({
        url: z.url({ protocol: /^https?$/ }).optional(),
        /** Upload retry timing after HQ was unreachable or refused. */
        retryBaseDelayMs: z.number().int().min(100).max(60_000).default(1_000),
        retryMaxDelayMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type PosConfig = z.output<typeof configSchema>;
export type PosConfigInput = z.input<typeof configSchema>;

/** Live mode needs all three credentials; any one missing means DEMO (simulator, banner). */
export function hasCredentials(c: PosConfig): boolean {
  if (c.alipay.acquirer === 'alipay-cn') {
    const cn = c.alipay.cn;
    const certs = Boolean(cn.appCertFile && cn.alipayCertFile && cn.alipayRootCertFile);
    return Boolean(cn.appId && cn.appPrivateKeyFile && (cn.alipayPublicKeyFile || certs));
  }
  return Boolean(c.alipay.clientId && c.alipay.privateKeyFile && c.alipay.alipayPublicKeyFile);
}

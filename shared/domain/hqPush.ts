/**
 * Documents HQ pushes down to a store's terminals (issue 16 item 5), checked at HQ when edited and
 * again by the terminal before it applies one (a refused document leaves the last good copy in force).
 */
import { z } from 'zod';

const idField = z.string().trim().min(1).max(64);
const locale = z.enum(['en', 'zh-CN']);

/** Store settings a chain edits centrally: names and languages, never Alipay credentials. */
export const storeSettingsDocSchema = z.object({
  locale: locale.optional(),
  customerLocale: locale.optional(),
  store: z.object({
    name: z.string().trim().min(1).max(64).optional(),
    merchantName: z.string().trim().min(1).max(256).optional(),
    referenceStoreId: idField.optional(),
  }).strict().optional(),
}).strict();
export type StoreSettingsDoc = z.infer<typeof storeSettingsDocSchema>;

/**
 * The store's cashier accounts. An account new to a terminal needs its first PIN (the person changes
 * it at the counter); an existing one keeps its PIN unless `pin` is given.
 */
export const accountsDocSchema = z.object({
  accounts: z.array(z.object({
    shortId: z.string().regex(/^[A-Za-z0-9]{1,8}$/, 'an account id is 1–8 letters or digits'),
    name: z.string().trim().min(1).max(64),
    role: z.enum(['cashier', 'supervisor', 'manager']),
    pin: z.string().regex(/^\d{4,12}$/, 'a PIN is 4–12 digits').optional(),
    disabled: z.boolean().default(false),
  }).strict()).min(1).max(500),
}).strict();
export type AccountsDoc = z.infer<typeof accountsDocSchema>;

export const pushDocSchemas = { storeSettings: storeSettingsDocSchema, accounts: accountsDocSchema } as const;

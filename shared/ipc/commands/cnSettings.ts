/**
 * Issue 15, setup for the 当面付 acquirer (alipay.acquirer = alipay-cn): the app id, the app private
 * key and either Alipay's public key (public-key mode) or the three certificates (certificate mode).
 * Keys go to the data folder (0600); the private key is never sent back to any window.
 */
import { z } from 'zod';
import { command, MANAGER } from '../command';

const pem = z.string().trim().min(64, 'that is too short to be a key or certificate').max(32_768);

export interface CnCredentialsImported {
  readonly appId: string;
  readonly mode: 'publicKey' | 'certificate';
  readonly restartNeeded: true;
}

export const cnSettingsCommands = {
  'settings:importCnCredentials': command<CnCredentialsImported>()(z.object({
    appId: z.string().trim().regex(/^\d{16}$/, 'a 16-digit app id'),
    appPrivateKey: pem,
    alipayPublicKey: pem.optional(),
    appCert: pem.optional(),
    alipayCert: pem.optional(),
    alipayRootCert: pem.optional(),
  }).strict().refine((v) => v.alipayPublicKey !== undefined || (v.appCert !== undefined && v.alipayCert !== undefined && v.alipayRootCert !== undefined), {
    message: "give Alipay's public key, or all three certificates (app, Alipay, Alipay root)",
  }), MANAGER),
} as const;

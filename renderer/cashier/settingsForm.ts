/**
 * The settings form: what was edited becomes a settings:update patch holding only changed fields, so
 * saving the language does not rewrite (or get refused for) an unrelated field.
 */
import type { SettingsPatch, SettingsView } from '../../shared/ipc/commands/settings';

export interface SettingsForm {
  readonly storeName: string;
  readonly merchantName: string;
  readonly referenceMerchantId: string;
  readonly referenceStoreId: string;
  readonly terminalId: string;
  readonly clientId: string;
  readonly region: 'NA' | 'SEA' | 'EU';
  readonly publicBaseUrl: string;
  readonly expiryMinutes: string;
  readonly locale: 'zh-CN' | 'en';
  readonly customerLocale: 'zh-CN' | 'en';
  readonly acquirer: 'ams' | 'alipay-cn';
}

export function formFrom(v: SettingsView): SettingsForm {
  return {
    storeName: v.store.name,
    merchantName: v.store.merchantName,
    referenceMerchantId: v.store.referenceMerchantId,
    referenceStoreId: v.store.referenceStoreId,
    terminalId: v.store.terminalId,
    clientId: v.alipay.clientId ?? '',
    region: v.alipay.region,
    publicBaseUrl: v.alipay.publicBaseUrl ?? '',
    expiryMinutes: String(v.payment.expiryMinutes),
    locale: v.locale,
    customerLocale: v.customerLocale,
    acquirer: v.alipay.acquirer ?? 'ams',
  };
}

export type PatchResult = { readonly ok: true; readonly patch: SettingsPatch; readonly empty: boolean } | { readonly ok: false; readonly error: 'expiry' };

export function patchFrom(v: SettingsView, f: SettingsForm): PatchResult {
  const expiry = Number(f.expiryMinutes);
  if (!/^\d{1,2}$/.test(f.expiryMinutes.trim()) || expiry < 1 || expiry > 10) return { ok: false, error: 'expiry' };
  const store: Record<string, string> = {};
  const put = (k: string, now: string, was: string): void => {
    if (now.trim() !== was) store[k] = now.trim();
  };
  put('name', f.storeName, v.store.name);
  put('merchantName', f.merchantName, v.store.merchantName);
  put('referenceMerchantId', f.referenceMerchantId, v.store.referenceMerchantId);
  put('referenceStoreId', f.referenceStoreId, v.store.referenceStoreId);
  put('terminalId', f.terminalId, v.store.terminalId);
  const alipay: Record<string, string | null> = {};
  if (f.clientId.trim() !== (v.alipay.clientId ?? '')) alipay.clientId = f.clientId.trim() === '' ? null : f.clientId.trim();
  if (f.region !== v.alipay.region) alipay.region = f.region;
  if (f.publicBaseUrl.trim() !== (v.alipay.publicBaseUrl ?? '')) alipay.publicBaseUrl = f.publicBaseUrl.trim() === '' ? null : f.publicBaseUrl.trim();
  if (f.acquirer !== (v.alipay.acquirer ?? 'ams')) alipay.acquirer = f.acquirer;
  const patch: { -readonly [K in keyof SettingsPatch]: SettingsPatch[K] } = {};
  if (Object.keys(store).length > 0) patch.store = store;
  if (Object.keys(alipay).length > 0) patch.alipay = alipay;
  if (expiry !== v.payment.expiryMinutes) patch.payment = { expiryMinutes: expiry };
  if (f.locale !== v.locale) patch.locale = f.locale;
  if (f.customerLocale !== v.customerLocale) patch.customerLocale = f.customerLocale;
  return { ok: true, patch, empty: Object.keys(patch).length === 0 };
}

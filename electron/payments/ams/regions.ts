/** Gateway domains per AMS.md §1. Europe's alternate domain is in-store only. */
export type AmsRegion = 'NA' | 'SEA' | 'EU';

export const AMS_DOMAINS: Readonly<Record<AmsRegion, { readonly primary: string; readonly alternate: string }>> = {
  NA: { primary: 'open-na-global.alipay.com', alternate: 'open-na.alipay.com' },
  SEA: { primary: 'open-sea-global.alipay.com', alternate: 'open-sea.alipay.com' },
  EU: { primary: 'open-de-global.alipay.com', alternate: 'open-eu.alipay.com' },
};

export function regionBaseUrl(region: AmsRegion, opts: { alternate?: boolean } = {}): string {
  const d = AMS_DOMAINS[region];
  return `https://${opts.alternate ? d.alternate : d.primary}`;
}

/** Production and in-store sandbox share /ams/api; the SDKs use /ams/sandbox/api for SANDBOX_ client ids. */
export const PATH_PREFIX_PRODUCTION = '/ams/api';
export const PATH_PREFIX_SANDBOX = '/ams/sandbox/api';

/** API paths below the prefix (AMS.md §3). */
export const AMS_API = {
  pay: '/v1/payments/pay',
  inquiryPayment: '/v1/payments/inquiryPayment',
  cancel: '/v1/payments/cancel',
  refund: '/v1/payments/refund',
  inquiryRefund: '/v1/payments/inquiryRefund',
  registration: '/v1/merchants/registration',
  inquiryRegistrationStatus: '/v1/merchants/inquiryRegistrationStatus',
  inquiryRegistrationInfo: '/v1/merchants/inquiryRegistrationInfo',
} as const;

export type AmsApiName = keyof typeof AMS_API;

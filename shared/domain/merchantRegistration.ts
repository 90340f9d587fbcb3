/**
 * The KYB part of AMS registration (merchantInfo.registrationDetail, merchantAddress, websites,
 * logo; storeInfo.storeAddress), field names as the official SDKs' MerchantRegistrationInfo /
 * StoreRegistrationInfo models have them. Alipay refuses a registration without the legal entity.
 */
export interface RegistrationAddress {
  /** ISO 3166-1 alpha-2, e.g. CN. */
  readonly region: string;
  readonly state?: string;
  readonly city: string;
  readonly address1: string;
  readonly address2?: string;
  readonly zipCode?: string;
}

export interface MerchantRegistrationDetails {
  /** The registered company name, as on the business licence. */
  readonly legalName: string;
  /** e.g. ENTERPRISE_REGISTRATION_NO (unified social credit code in CN). */
  readonly registrationType: string;
  readonly registrationNo: string;
  /** ENTERPRISE or INDIVIDUAL. */
  readonly businessType: 'ENTERPRISE' | 'INDIVIDUAL';
  readonly registrationAddress: RegistrationAddress;
  /** Where the shop trades (defaults to the registration address). */
  readonly merchantAddress?: RegistrationAddress;
  readonly storeAddress?: RegistrationAddress;
  readonly websites?: readonly string[];
  /** https URL of the logo shown to customers in the wallet (required by some wallets). */
  readonly logoUrl?: string;
}

/** merchantInfo / storeInfo extras for the registration body. */
export function registrationWire(d: MerchantRegistrationDetails, merchantDisplayName: string): { merchantInfo: Record<string, unknown>; storeAddress: RegistrationAddress } {
  return {
    merchantInfo: {
      registrationDetail: { legalName: d.legalName, registrationType: d.registrationType, registrationNo: d.registrationNo, registrationAddress: d.registrationAddress, businessType: d.businessType },
      merchantAddress: d.merchantAddress ?? d.registrationAddress,
      ...(d.websites && d.websites.length > 0 ? { websites: d.websites.map((url) => ({ url })) } : {}),
      ...(d.logoUrl ? { logo: { logoName: merchantDisplayName, logoUrl: d.logoUrl } } : {}),
    },
    storeAddress: d.storeAddress ?? d.merchantAddress ?? d.registrationAddress,
  };
}

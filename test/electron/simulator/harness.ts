import { createAmsClient, type AmsClient, type AmsClientOptions } from '../../../electron/payments/ams/amsClient';
import type { PaymentCodePayRequest, OrderCodePayRequest, EntryCodePayRequest } from '../../../electron/payments/ams/amsRequests';
import { money } from '../../../shared/domain/money';
import { newPaymentRequestId } from '../../../shared/domain/ids';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../electron/simulator/startSimulator';

/** A real simulator on loopback port 0 with generated keys, and a real client pointed at it. */
export interface Harness {
  sim: RunningSimulator;
  client: AmsClient;
  close(): Promise<void>;
}

export async function startHarness(simOpts: SimulatorOptions = {}, clientOpts: Partial<AmsClientOptions> = {}): Promise<Harness> {
  const sim = await startSimulator(simOpts);
  const client = createAmsClient({
    clientId: sim.clientId,
    merchantPrivateKey: sim.merchantPrivateKey!,
    alipayPublicKey: sim.alipayPublicKey,
    baseUrl: sim.url,
    readTimeoutMs: 3_000,
    connectTimeoutMs: 1_000,
    ...clientOpts,
  });
  return { sim, client, close: async () => { client.close(); await sim.stop(); } };
}

const MERCHANT = { referenceMerchantId: 'M0001', merchantName: 'Test Shop', merchantMCC: '5411', store: { referenceStoreId: 'S0001', storeName: 'Main St', storeMCC: '5411' } };

export function codePay(paymentCode: string, minor = 1234, extra: Partial<PaymentCodePayRequest> = {}): PaymentCodePayRequest {
  return {
    scenario: 'PaymentCode', paymentRequestId: newPaymentRequestId(), amount: money(minor, 'CNY'), orderDescription: 'Coffee', merchant: MERCHANT,
    paymentNotifyUrl: 'http://127.0.0.1:9/notify', paymentExpiryTime: Date.now() + 180_000, paymentCode, storeTerminalId: 'T1', ...extra,
  };
}

export function orderCodePay(minor = 1234, extra: Partial<OrderCodePayRequest> = {}): OrderCodePayRequest {
  return {
    scenario: 'OrderCode', paymentRequestId: newPaymentRequestId(), amount: money(minor, 'CNY'), orderDescription: 'Tea', merchant: MERCHANT,
    paymentNotifyUrl: 'http://127.0.0.1:9/notify', paymentExpiryTime: Date.now() + 180_000, ...extra,
  };
}

export function entryCodePay(minor = 1234, extra: Partial<EntryCodePayRequest> = {}): EntryCodePayRequest {
  return {
    scenario: 'EntryCode', paymentRequestId: newPaymentRequestId(), amount: money(minor, 'CNY'), orderDescription: 'Cake', merchant: MERCHANT,
    paymentNotifyUrl: 'http://127.0.0.1:9/notify', paymentExpiryTime: Date.now() + 180_000,
    userAgent: 'Mozilla/5.0 AlipayClient/10.5.0', paymentRedirectUrl: 'http://127.0.0.1:9/done', ...extra,
  };
}

let counter = 0;
/** A fresh non-scenario Alipay code (18 digits starting 28). */
export function freshCode(): string {
  counter += 1;
  return `28${String(Date.now() % 1e10).padStart(10, '0')}${String(counter).padStart(6, '0')}`;
}

/** What Alipay needs in merchantInfo besides the id (display name, MCC, legal entity, address). */
export const FULL_MERCHANT_INFO = {
  merchantDisplayName: 'Test Shop', merchantMCC: '5411',
  registrationDetail: { legalName: 'Test Shop Co., Ltd.', registrationType: 'ENTERPRISE_REGISTRATION_NO', registrationNo: '91310000TEST00001X', businessType: 'ENTERPRISE', registrationAddress: { region: 'CN', city: 'Shanghai', address1: '1 Test Road' } },
  merchantAddress: { region: 'CN', city: 'Shanghai', address1: '1 Test Road' },
} as const;

import http from 'node:http';
import type { SimCore } from './simCore';
import type { SimPayment } from './simRecords';

/**
 * The virtual customer: scans an order code, confirms or rejects a pending payment, opens an
 * entry-code page. Used in-process by tests and over `/__sim/wallet/*` by the demo UI.
 */
export interface WalletPaymentView {
  readonly paymentId: string;
  readonly paymentRequestId: string;
  readonly status: SimPayment['status'];
  readonly resultCode: string;
  readonly amount: { readonly currency: string; readonly value: string };
  readonly inStoreScenario: SimPayment['inStoreScenario'];
  readonly expiresAt: number;
}

export type WalletResult = { readonly ok: true; readonly payment: WalletPaymentView } | { readonly ok: false; readonly reason: string; readonly payment?: WalletPaymentView };

export type PaymentLookup = { readonly paymentId: string } | { readonly paymentRequestId: string };

export const ALIPAY_WALLET_USER_AGENT = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 AlipayDefined AliApp(AP/10.5.0) AlipayClient/10.5.0 Language/zh-Hans';

export interface VirtualWallet {
  scanOrderCode(codeValue: string): WalletResult;
  /** Scan and pay in one go (what a customer usually does). */
  payOrderCode(codeValue: string): WalletResult;
  confirm(ref: PaymentLookup): WalletResult;
  reject(ref: PaymentLookup, resultCode?: string): WalletResult;
  /** Opens the merchant's entry-code H5 page as the wallet browser would (GET with the wallet UA). */
  openEntryCode(merchantUrl: string, userAgent?: string): Promise<{ status: number; location: string | undefined; body: string }>;
  pending(): WalletPaymentView[];
}

export function viewOf(p: SimPayment): WalletPaymentView {
  return { paymentId: p.paymentId, paymentRequestId: p.paymentRequestId, status: p.status, resultCode: p.resultCode, amount: p.amount, inStoreScenario: p.inStoreScenario, expiresAt: p.expiresAt };
}

export function createWallet(core: SimCore, listPayments: () => Iterable<SimPayment>): VirtualWallet {
  const find = (ref: PaymentLookup): SimPayment | undefined => core.findPayment('paymentId' in ref ? { paymentId: ref.paymentId } : { paymentRequestId: ref.paymentRequestId });
  const act = (p: SimPayment | undefined, outcome: 'SUCCESS' | 'FAIL', code?: string): WalletResult => {
    if (!p) return { ok: false, reason: 'no such payment' };
    const r = core.walletPay(p, outcome, code);
    return r.ok ? { ok: true, payment: viewOf(r.payment) } : { ok: false, reason: r.reason, payment: viewOf(r.payment) };
  };
  return {
    scanOrderCode(codeValue) {
      const p = core.findByOrderCode(codeValue);
      if (!p) return { ok: false, reason: 'unknown order code' };
      core.settle(p);
      if (p.status !== 'PROCESSING') return { ok: false, reason: `the order is ${p.status}`, payment: viewOf(p) };
      core.walletScan(p);
      return { ok: true, payment: viewOf(p) };
    },
    payOrderCode(codeValue) {
      const scanned = this.scanOrderCode(codeValue);
      if (!scanned.ok) return scanned;
      return act(core.findByOrderCode(codeValue), 'SUCCESS');
    },
    confirm: (ref) => act(find(ref), 'SUCCESS'),
    reject: (ref, code) => act(find(ref), 'FAIL', code ?? 'USER_BALANCE_NOT_ENOUGH'),
    openEntryCode(merchantUrl, userAgent = ALIPAY_WALLET_USER_AGENT) {
      return new Promise((resolve, reject) => {
        const req = http.get(merchantUrl, { headers: { 'user-agent': userAgent } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
      });
    },
    pending() {
      const out: WalletPaymentView[] = [];
      for (const p of listPayments()) if (core.settle(p).status === 'PROCESSING') out.push(viewOf(p));
      return out;
    },
  };
}

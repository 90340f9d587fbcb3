import http from 'node:http';
import https from 'node:https';
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
  /**
   * The whole entry-code visit: open the merchant's page, type the amount into its form (the field
   * named `amount`), submit, and on the Alipay cashier it is sent to confirm (or decline), then return
   * to the merchant's page as a wallet does. Plain HTTP, no script: what any wallet browser can do.
   */
  payEntryCode(merchantUrl: string, amountText: string, opts?: { userAgent?: string; decline?: string }): Promise<EntryCodeRun>;
  pending(): WalletPaymentView[];
}

/** confirmed/declined: the wallet acted on a cashier page; refused: the merchant never sent it to one. */
export interface EntryCodeRun {
  readonly outcome: 'confirmed' | 'declined' | 'refused';
  readonly paymentId: string | null;
  readonly detail: string;
  /** Where the wallet ended: the merchant's result page (or its form again, with the error). */
  readonly finalUrl: string;
  readonly finalStatus: number;
  readonly finalBody: string;
}

interface PageAnswer {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
}

function fetchPage(url: string, userAgent: string, post?: { body: string; origin: string }): Promise<PageAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { 'user-agent': userAgent, accept: 'text/html' };
    if (post) Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', origin: post.origin, 'content-length': String(Buffer.byteLength(post.body)) });
    const req = lib.request(u, { method: post ? 'POST' : 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${u.origin}`)));
    req.on('error', reject);
    req.end(post?.body);
  });
}

const decodeHtml = (s: string): string => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  return m ? decodeHtml(m[1]!) : undefined;
};

/** The first POST form of a page: its action and fields, as a browser would submit them. */
function readForm(html: string, pageUrl: string): { action: string; fields: URLSearchParams } | null {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || (attr(form[1]!, 'method') ?? 'get').toLowerCase() !== 'post') return null;
  const fields = new URLSearchParams();
  for (const input of form[2]!.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name) fields.set(name, attr(input, 'value') ?? '');
  }
  return { action: new URL(attr(form[1]!, 'action') ?? pageUrl, pageUrl).href, fields };
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
    async payEntryCode(merchantUrl, amountText, opts = {}) {
      const ua = opts.userAgent ?? ALIPAY_WALLET_USER_AGENT;
      const page = await fetchPage(merchantUrl, ua);
      const done = (outcome: EntryCodeRun['outcome'], paymentId: string | null, detail: string, url: string, last: PageAnswer): EntryCodeRun =>
        ({ outcome, paymentId, detail, finalUrl: url, finalStatus: last.status, finalBody: last.body });
      const form = page.status === 200 ? readForm(page.body, merchantUrl) : null;
      if (!form) return done('refused', null, `the merchant page has no payment form (HTTP ${page.status})`, merchantUrl, page);
      form.fields.set('amount', amountText);
      let url = form.action;
      let answer = await fetchPage(url, ua, { body: form.fields.toString(), origin: new URL(merchantUrl).origin });
      for (let hop = 0; hop < 5 && answer.location; hop++) {
        url = new URL(answer.location, url).href;
        // A deep link opens the Alipay app, which shows the cashier page it carries (`url=`).
        const deep = /^alipays?:/i.test(url) ? new URL(url).searchParams.get('url') : null;
        if (deep) url = deep;
        const cashier = /\/__sim\/wallet\/entry\/([^/?#]+)$/.exec(new URL(url).pathname);
        const p = cashier ? core.findPayment({ paymentId: decodeURIComponent(cashier[1]!) }) : undefined;
        if (p) {
          // On Alipay's cashier: the customer confirms (or declines), then the wallet goes back to the merchant.
          const r = opts.decline ? act(p, 'FAIL', opts.decline) : act(p, 'SUCCESS');
          const outcome = r.ok && !opts.decline ? 'confirmed' : 'declined';
          const detail = r.ok ? (r.payment.status === 'SUCCESS' ? 'paid' : `not paid: ${r.payment.resultCode}`) : r.reason;
          if (!p.paymentRedirectUrl) return done(outcome, p.paymentId, detail, url, { status: 200, location: undefined, body: '' });
          const back = await fetchPage(p.paymentRedirectUrl, ua);
          return done(outcome, p.paymentId, detail, p.paymentRedirectUrl, back);
        }
        answer = await fetchPage(url, ua);
      }
      return done('refused', null, `the merchant did not send the wallet to a cashier (HTTP ${answer.status})`, url, answer);
    },
    pending() {
      const out: WalletPaymentView[] = [];
      for (const p of listPayments()) if (core.settle(p).status === 'PROCESSING') out.push(viewOf(p));
      return out;
    },
  };
}

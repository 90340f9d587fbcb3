/**
 * Entry-code payments through the whole station in DEMO: the H5 routes on the station's real HTTP
 * server, the in-process simulator and its virtual wallet over loopback, the real SQLite journal.
 */
import { describe, expect, it } from 'vitest';
import type { Station } from '../../../../electron/station/createStation';
import { bootDemoStation, until, DEMO_APPROVAL } from '../../../helpers/demoStation';
import { entryStationOf } from '../../../../electron/station/entryStation';
import { issueFormToken } from '../../../../electron/payments/entry/formToken';
import { scenarioAmount, type RunningSimulator } from '../../../../electron/simulator';
import { ALIPAY_WALLET_USER_AGENT } from '../../../../electron/simulator/wallet';
import { signMessage } from '../../../../electron/payments/ams/signature';
import { generateAmsKeyPair, loadPrivateKey } from '../../../../electron/payments/ams/keys';
import type { EntryInfo, EntryPayment } from '../../../../shared/domain/entry';
import type { RefundSnapshot, SaleSnapshot } from '../../../../shared/domain/payment';
import { contentSecurityPolicy } from '../../../../shared/security/contentSecurityPolicy';

interface Booted {
  station: Station;
  base: string;
  sim: RunningSimulator;
  received: EntryPayment[];
  call<T>(name: string, input: unknown): Promise<T>;
}

async function boot(config: Record<string, unknown> = {}): Promise<Booted> {
  const demo = await bootDemoStation({ config });
  return { station: demo.station, base: demo.base, sim: demo.station.ctx.payments!.simulator!, received: demo.eventsOf('entry:paymentReceived'), call: demo.call };
}


const tokenOf = (html: string): string => /name="token" value="([^"]+)"/.exec(html)![1]!;

async function openForm(b: Booted, ua = ALIPAY_WALLET_USER_AGENT): Promise<{ status: number; html: string; token: string }> {
  const r = await fetch(`${b.base}/entry`, { headers: { 'user-agent': ua } });
  const html = await r.text();
  return { status: r.status, html, token: tokenOf(html) };
}

let phone = 0;
async function submit(b: Booted, fields: Record<string, string>, opts: { ua?: string; origin?: string | null; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/x-www-form-urlencoded', 'user-agent': opts.ua ?? ALIPAY_WALLET_USER_AGENT };
  if (opts.origin !== null) headers.origin = opts.origin ?? b.base;
  // Each post is another phone (the helper's server trusts loopback as a proxy): the per-client cap is not what this suite tests.
  headers['x-forwarded-for'] = `198.51.100.${++phone % 250}`;
  Object.assign(headers, opts.headers ?? {});
  const r = await fetch(`${b.base}/entry/pay`, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  return { status: r.status, location: r.headers.get('location'), html: await r.text() };
}

const salesCount = (b: Booted): number => (b.station.ctx.db!.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
const simPayments = (b: Booted) => [...b.sim.store.payments.values()].filter((p) => p.inStoreScenario === 'EntryCode');
const paymentIdOf = (location: string): string => /\/__sim\/wallet\/entry\/([^/?#]+)$/.exec(new URL(location).pathname)![1]!;

describe('entry code: the H5 page, pay(EntryCode), redirect, verified result', () => {
  it('serves the form in the wallet’s language, with its own script and style under a strict CSP', async () => {
    const b = await boot();
    const zh = await fetch(`${b.base}/entry`, { headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT } });
    const html = await zh.text();
    expect(zh.status).toBe(200);
    // The one CSP source (shared/security): the phone page's policy, nothing by default, nothing inline.
    expect(zh.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ kind: 'entry' }));
    expect(zh.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(zh.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('Demo Store');
    expect(html).toContain('确认付款');
    expect(html).not.toMatch(/<script>|<style>|style="/);
    const en = await (await fetch(`${b.base}/entry`, { headers: { 'user-agent': ALIPAY_WALLET_USER_AGENT.replace('zh-Hans', 'en') } })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('>Pay<');
    expect(tokenOf(en)).not.toBe(tokenOf(html)); // a fresh single-use token per view
    const js = await fetch(`${b.base}/entry/assets/entry.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${b.base}/entry/assets/entry.css`)).status).toBe(200);
    const info = await b.call<EntryInfo>('entry:info', {});
    expect(info).toMatchObject({ enabled: true, url: `${b.base}/entry`, posterUrl: `${b.base}/entry/poster`, publiclyReachable: false });
    const poster = await (await fetch(info.posterUrl)).text();
    expect(poster).toContain('<svg');
    expect(poster).toContain('支付宝扫码付款');
    expect(poster).toContain('Scan to pay with Alipay');
  });

  it('pays end to end: order with the wallet’s user agent and redirect URL, confirming until verified, then paid, fed, printed, in history, refundable, counted', async () => {
    const b = await boot();
    const { token } = await openForm(b);
    const posted = await submit(b, { token, amount: '12.50', lang: 'zh-CN' });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(new RegExp(`^${b.sim.url}/__sim/wallet/entry/`));
    const simPay = b.sim.core.findPayment({ paymentId: paymentIdOf(posted.location!) })!;
    expect(simPay).toMatchObject({ inStoreScenario: 'EntryCode', status: 'PROCESSING', amount: { currency: 'CNY', value: '1250' } });
    expect(simPay.paymentRedirectUrl).toMatch(new RegExp(`^${b.base}/entry/result/[A-Za-z0-9_-]{16,}$`));

    // The redirect back (even one claiming success) proves nothing: the page says "confirming".
    const forged = await (await fetch(`${simPay.paymentRedirectUrl}?result=SUCCESS&paymentStatus=SUCCESS`)).text();
    expect(forged).toContain('data-status="confirming"');
    const status = await (await fetch(simPay.paymentRedirectUrl!.replace('/result/', '/status/'))).json() as { status: string; redirectUrl: string };
    expect(status).toEqual({ status: 'confirming', redirectUrl: posted.location });
    expect(b.received).toEqual([]);

    // The customer pays on Alipay's cashier; the wallet comes back to the result page.
    const cashier = await fetch(posted.location!);
    expect(await cashier.text()).toContain('Pay');
    // As the wallet page's own form posts it, with the token that page carries.
    const walletPage = await (await fetch(`${b.sim.url}/__sim/wallet/entry/${simPay.paymentId}`)).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(walletPage)![1]!;
    const back = await fetch(`${b.sim.url}/__sim/wallet/confirm`, { method: 'POST', body: new URLSearchParams({ paymentId: simPay.paymentId, redirect: '1', formToken }), redirect: 'manual' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(simPay.paymentRedirectUrl);
    await until(() => b.received.length === 1);
    const paid = await (await fetch(simPay.paymentRedirectUrl!)).text();
    expect(paid).toContain('data-status="paid"');
    expect(paid).toContain('付款成功');
    expect(paid).toContain('CNY 12.50');

    const item = b.received[0]!;
    expect(item).toMatchObject({ amount: { minor: 1250, currency: 'CNY' }, status: 'succeeded', saleStatus: 'paid' });
    expect(item.customer).toMatch(/^\*+\d{4}$/);
    expect(await b.call<EntryPayment[]>('entry:feed', {})).toEqual([item]);

    const sales = await b.call<SaleSnapshot[]>('sale:list', { limit: 10 });
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ saleId: item.saleId, status: 'paid', description: 'Entry code', paid: { paymentRequestId: item.paymentRequestId, scenario: 'EntryCode' } });
    expect(await b.call<SaleSnapshot | null>('sale:current', {})).toBeNull(); // never the cashier's sale
    const db = b.station.ctx.db!;
    await until(() => db.prepare('SELECT 1 FROM print_jobs WHERE idempotency_key = ?').get(`receipt:${item.paymentRequestId}`) !== undefined);
    expect(db.prepare("SELECT scenario, status FROM payment_attempts WHERE id = ?").get(item.paymentRequestId)).toEqual({ scenario: 'EntryCode', status: 'succeeded' });

    const r = await b.call<RefundSnapshot>('refund:create', { paymentRequestId: item.paymentRequestId, amountMinor: 250, approval: DEMO_APPROVAL, reason: 'one item' });
    await until(() => b.station.ctx.payments!.runtime!.store.getRefund(r.refundRequestId)?.status === 'succeeded');
    const [after] = await b.call<EntryPayment[]>('entry:feed', {});
    expect(after).toMatchObject({ saleStatus: 'partially_refunded', refundedMinor: 250 });
  });

  it('Alipay’s redirect as an alipays:// deep link (scenario 46): followed by 303 and by the status poll; the wallet app pays', async () => {
    const b = await boot();
    const { token } = await openForm(b);
    const posted = await submit(b, { token, amount: (scenarioAmount('46') / 100).toFixed(2) });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/^alipays:\/\/platformapi\/startApp\?appId=\d+&url=/);
    const cashierUrl = new URL(posted.location!).searchParams.get('url')!;
    const simPay = b.sim.core.findPayment({ paymentId: paymentIdOf(cashierUrl) })!;
    const status = await (await fetch(simPay.paymentRedirectUrl!.replace('/result/', '/status/'))).json() as { status: string; redirectUrl: string };
    expect(status).toEqual({ status: 'confirming', redirectUrl: posted.location });
    const run = await b.sim.wallet.payEntryCode(`${b.base}/entry`, (scenarioAmount('46') / 100).toFixed(2));
    expect(run.outcome).toBe('confirmed');
    await until(() => b.received.length === 1);
  });

  it('amounts as phones type them: decimal comma, full-width IME digits, the phone’s own locale for "1.234"; never 100× too much', async () => {
    const b = await boot();
    const cases: Array<[string, string, number]> = [
      ['12,50', 'zh-CN,zh;q=0.9', 1250],
      ['12,50', 'en-US,en;q=0.9', 1250],
      ['１２．５０', 'zh-CN', 1250],
      ['1,234.50', 'en-GB', 123450],
      ['1.234,50', 'de-DE,de;q=0.9', 123450],
      ['1.234', 'de-DE', 123400],
      ['1 234,5', 'fr-FR', 123450],
    ];
    for (const [typed, lang, minor] of cases) {
      const { token } = await openForm(b);
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': ALIPAY_WALLET_USER_AGENT, origin: b.base, 'accept-language': lang, 'x-forwarded-for': `198.51.100.${++phone % 250}` };
      const r = await fetch(`${b.base}/entry/pay`, { method: 'POST', headers, body: new URLSearchParams({ token, amount: typed }).toString(), redirect: 'manual' });
      expect(r.status, `${typed} ${lang}`).toBe(303);
      const p = b.sim.core.findPayment({ paymentId: paymentIdOf(r.headers.get('location')!) })!;
      expect(p.amount, `${typed} ${lang}`).toEqual({ currency: 'CNY', value: String(minor) });
    }
  });

  it('only https, alipays:/alipay: deep links and loopback http (DEMO) are ever followed', async () => {
    const { isSafeRedirect } = await import('../../../../electron/payments/entry/entryService');
    for (const ok of ['https://render.alipay.com/p/cashier?x=1', 'alipays://platformapi/startApp?appId=20000067&url=https%3A%2F%2Fa.example', 'alipay://platformapi/startapp?appId=1', 'http://127.0.0.1:4100/__sim/wallet/entry/P1']) {
      expect(isSafeRedirect(ok)).toBe(true);
    }
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'intent://scan/#Intent;scheme=zxing;end', 'weixin://dl/business', 'http://evil.example/cashier', 'file:///etc/passwd', 'vbscript:x', '//evil.example', '', `https://a.example/${'x'.repeat(5000)}`]) {
      expect(isSafeRedirect(bad)).toBe(false);
    }
  });

  it('the virtual wallet drives the whole visit (open with a wallet UA, type, pay, come back)', async () => {
    const b = await boot();
    const run = await b.call<{ outcome: string; paymentId: string }>('entry:demoPay', { amount: '8.80' });
    expect(run.outcome).toBe('confirmed');
    await until(() => b.received.length === 1);
    expect(b.received[0]!.amount.minor).toBe(880);
    const direct = await b.sim.wallet.payEntryCode(`${b.base}/entry`, '3.20');
    expect(direct.outcome).toBe('confirmed');
    expect(direct.finalUrl).toMatch(/\/entry\/result\//);
    await until(() => b.received.length === 2);
  });

  it('a decline shows its reason; the abandoned sale is voided, nothing fed', async () => {
    const b = await boot();
    const amount = (scenarioAmount('01') / 100).toFixed(2);
    const run = await b.sim.wallet.payEntryCode(`${b.base}/entry`, amount);
    expect(run.outcome).toBe('confirmed'); // the wallet tried; Alipay declined it
    const ref = /\/entry\/result\/([^/?#]+)/.exec(run.finalUrl)![1]!;
    await until(async () => (await (await fetch(`${b.base}/entry/status/${ref}`)).json() as { status: string }).status === 'notPaid');
    const page = await (await fetch(`${b.base}/entry/result/${ref}`)).text();
    expect(page).toContain('顾客余额不足');
    expect(page).toContain('data-testid="entry-again"');
    await until(async () => (await b.call<SaleSnapshot[]>('sale:list', { limit: 5 }))[0]?.status === 'voided');
    expect(b.received).toEqual([]);
  });

  it('a double submit returns the same order; a replay with another amount, forged/expired tokens, bad amounts, other origins are refused and charge nothing', async () => {
    const b = await boot();
    const { token } = await openForm(b);
    const [one, two] = await Promise.all([submit(b, { token, amount: '20' }), submit(b, { token, amount: '20.00' })]);
    expect(one.status).toBe(303);
    expect(two.location).toBe(one.location);
    expect(salesCount(b)).toBe(1);
    expect(simPayments(b)).toHaveLength(1);

    const replay = await submit(b, { token, amount: '200' });
    expect(replay.status).toBe(409);
    expect(replay.html).toContain('data-error="used"');

    const fresh = (await openForm(b)).token;
    const forgedToken = fresh.slice(0, -3) + (fresh.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await submit(b, { token: forgedToken, amount: '5' })).html).toContain('data-error="forged"');
    expect((await submit(b, { token: 'v1.nonsense', amount: '5' })).status).toBe(403);
    const secret = entryStationOf(b.station.ctx)!.service.store.formSecret(Date.now());
    const old = issueFormToken(secret, Date.now() - 16 * 60_000);
    const expired = await submit(b, { token: old, amount: '5' });
    expect(expired.status).toBe(403);
    expect(expired.html).toContain('data-error="expired"');

    for (const bad of ['abc', '-1', '0', '0.00', '1e5', '', '12,3,4.5.6', '1,23,456', '¥12']) {
      const r = await submit(b, { token: fresh, amount: bad });
      expect(r.status, bad).toBe(400);
      expect(r.html, bad).toContain('data-error="amount"');
      expect(tokenOf(r.html), bad).toBe(fresh); // the same form again: its idempotency key stays
    }
    // Two possible readings (1234 or 1.234) on a zh/en phone: refused with its own message, never guessed.
    const ambiguous = await submit(b, { token: fresh, amount: '1.234' });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.html).toContain('data-error="amountAmbiguous"');
    expect(tokenOf(ambiguous.html)).toBe(fresh);
    const tooMuch = await submit(b, { token: fresh, amount: '50000.01' });
    expect(tooMuch.html).toContain('data-error="amountTooLarge"');
    expect(tooMuch.html).toContain('CNY 50000.00');
    expect((await submit(b, { token: fresh, amount: '5' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await submit(b, { token: fresh, amount: '5' }, { type: 'application/json' })).status).toBe(400);
    expect((await submit(b, { token: fresh, amount: '5' }, { ua: '' })).status).toBe(400);
    expect(salesCount(b)).toBe(1);
    expect(simPayments(b)).toHaveLength(1);
    // No Origin (or "null") says nothing: without the browser's same-origin word it is refused (issue 12)…
    expect((await submit(b, { token: fresh, amount: '5' }, { origin: null })).status).toBe(403);
    expect((await submit(b, { token: fresh, amount: '5' }, { origin: null, headers: { 'sec-fetch-site': 'cross-site', referer: `${b.base}/entry` } })).status).toBe(403);
    expect((await submit(b, { token: fresh, amount: '5' }, { origin: 'null', headers: { referer: 'https://evil.example/entry' } })).status).toBe(403);
    expect(salesCount(b)).toBe(1);
    // …and the fresh token is still unused after all those refusals: with our Referer it makes exactly one order.
    expect((await submit(b, { token: fresh, amount: '5' }, { origin: null, headers: { referer: `${b.base}/entry` } })).status).toBe(303);
    expect(salesCount(b)).toBe(2);
  });

  it('a forged notification is refused and changes nothing; an unknown result reference is a 404', async () => {
    const b = await boot();
    const { token } = await openForm(b);
    const posted = await submit(b, { token, amount: '9.99' });
    const p = b.sim.core.findPayment({ paymentId: paymentIdOf(posted.location!) })!;
    const body = JSON.stringify({ notifyType: 'PAYMENT_RESULT', result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' }, paymentRequestId: p.paymentRequestId, paymentId: p.paymentId, paymentAmount: p.amount });
    const time = String(Date.now());
    const attacker = generateAmsKeyPair();
    const signature = signMessage({ path: '/alipay/notify', clientId: b.sim.clientId, time, body: Buffer.from(body), privateKey: loadPrivateKey(attacker.privateKey) });
    const res = await fetch(`${b.base}/alipay/notify`, { method: 'POST', headers: { 'content-type': 'application/json', 'client-id': b.sim.clientId, 'request-time': time, signature }, body });
    expect(res.status).toBe(401);
    const page = await (await fetch(p.paymentRedirectUrl!)).text();
    expect(page).toContain('data-status="confirming"');
    expect(b.station.ctx.payments!.runtime!.store.attempts.getAttempt(p.paymentRequestId)!.status).toBe('awaitingCustomer');
    expect(b.received).toEqual([]);
    expect((await fetch(`${b.base}/entry/result/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${b.base}/entry/status/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
  });

  it('U on pay: the same request is sent again and the wallet still reaches the cashier (one order)', async () => {
    const b = await boot();
    b.sim.faults.add({ kind: 'force-u', process: true, api: 'pay', times: 1 });
    const { token } = await openForm(b);
    const posted = await submit(b, { token, amount: '4.40' });
    expect(posted.status).toBe(303);
    expect(posted.location).toContain('/__sim/wallet/entry/');
    expect(simPayments(b)).toHaveLength(1);
    const paymentRequestId = simPayments(b)[0]!.paymentRequestId;
    const rows = b.station.ctx.db!.prepare('SELECT type, status, data_json FROM payment_events WHERE payment_request_id = ? ORDER BY seq').all(paymentRequestId) as Array<{ type: string; status: string; data_json: string }>;
    // The same attempt (same paymentRequestId) twice: U, then S with the cashier's URL.
    expect(rows.map((r) => [r.type, r.status, (JSON.parse(r.data_json) as { event?: { result?: string } }).event?.result ?? null])).toEqual([
      ['created', 'created', null], ['payAnswered', 'created', 'U'], ['payAnswered', 'awaitingCustomer', 'S'],
    ]);
  });

  it('switched off: no page, no orders', async () => {
    const b = await boot({ entryCode: { enabled: false } });
    expect((await fetch(`${b.base}/entry`)).status).toBe(404);
    expect((await b.call<EntryInfo>('entry:info', {})).enabled).toBe(false);
    expect((await submit(b, { token: 'v1.x', amount: '1' })).status).toBe(404);
    expect(salesCount(b)).toBe(0);
  });
});

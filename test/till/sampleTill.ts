/**
 * A sample "till": how a shop's POS or ERP drives the terminal through the till API. Plain Node
 * (fetch and nothing else), so it can be copied into any till as it is.
 *
 *   node --import tsx test/till/sampleTill.ts --url http://127.0.0.1:8490/api/v1 --key tk_… [--pin 1234] [--amount 1234]
 *
 * Against a DEMO station it runs a whole day's work: a sale paid by order QR (the DEMO wallet pays
 * it, standing in for the customer), a sale cancelled before it was paid, and a refund of the first.
 */

export interface Money { readonly minor: number; readonly currency: string }

export interface TillPayment {
  readonly orderReference: string;
  readonly saleId: string;
  readonly status: 'waitingForCustomer' | 'inProgress' | 'paid' | 'declined' | 'cancelled';
  readonly final: boolean;
  readonly amount: Money;
  readonly paymentRequestId: string | null;
  readonly paymentId: string | null;
  readonly paidAt: string | null;
  readonly customerId: string | null;
  readonly resultCode: string | null;
  readonly message: string | null;
  readonly qr: { readonly codeValue: string; readonly expiresAt: string } | null;
  readonly refundableMinor: number;
  readonly refunds: ReadonlyArray<{ readonly refundReference: string; readonly status: string; readonly refundId: string | null }>;
}

export class TillApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryable: boolean) {
    super(`${status} ${code}: ${message}`);
  }
}

/** One event stream (server-sent events) of payment changes, resumable by Last-Event-ID. */
export class PaymentEvents {
  private readonly waiters: Array<{ pred: (p: TillPayment) => boolean; resolve: (p: TillPayment) => void }> = [];
  private readonly seen: TillPayment[] = [];
  private readonly abort = new AbortController();
  lastEventId: string | null = null;
  readonly ready: Promise<void>;

  constructor(url: string, key: string, lastEventId?: string) {
    this.ready = this.run(url, key, lastEventId);
  }

  private async run(url: string, key: string, lastEventId?: string): Promise<void> {
    const res = await fetch(`${url}/events`, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      signal: this.abort.signal,
    });
    if (!res.ok || !res.body) throw new TillApiError(res.status, 'EVENTS', await res.text(), false);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    let readyResolve!: () => void;
    const isReady = new Promise<void>((r) => (readyResolve = r));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const field = (n: string): string | undefined => block.split('\n').find((l) => l.startsWith(`${n}: `))?.slice(n.length + 2);
            const id = field('id');
            if (id) this.lastEventId = id;
            if (field('event') === 'ready') {
              this.lastEventId ??= String((JSON.parse(field('data')!) as { lastEventId: number }).lastEventId);
              readyResolve();
            } else if (field('event') === 'payment') this.deliver(JSON.parse(field('data')!) as TillPayment);
          }
        }
      } catch {
        // closed: the payment goes on without us; reconnect with lastEventId to hear the rest
      }
    })();
    await isReady;
  }

  private deliver(p: TillPayment): void {
    this.seen.push(p);
    for (const w of [...this.waiters]) {
      if (w.pred(p)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  }

  /** The first event (already received or still to come) for which `pred` holds. */
  next(pred: (p: TillPayment) => boolean, timeoutMs = 30_000): Promise<TillPayment> {
    const hit = this.seen.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such payment event in time')), timeoutMs);
      this.waiters.push({ pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  close(): void {
    this.abort.abort();
  }
}

export class TillClient {
  constructor(readonly url: string, private readonly key: string) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; value: T }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T & { error?: { code: string; message: string; retryable: boolean } };
    if (!res.ok) throw new TillApiError(res.status, json.error?.code ?? '?', json.error?.message ?? '', json.error?.retryable ?? false);
    return { status: res.status, value: json };
  }

  /** Safe to repeat: the same order reference and amount return the same payment. */
  async pay(orderReference: string, amount: Money, presentation: 'customerCode' | 'orderCode' = 'customerCode'): Promise<TillPayment> {
    return (await this.call<TillPayment>('POST', '/payments', { orderReference, amount, presentation })).value;
  }
  async get(orderReference: string): Promise<TillPayment> {
    return (await this.call<TillPayment>('GET', `/payments/${encodeURIComponent(orderReference)}`)).value;
  }
  async cancel(orderReference: string): Promise<TillPayment> {
    return (await this.call<TillPayment>('POST', `/payments/${encodeURIComponent(orderReference)}/cancel`)).value;
  }
  async refund(orderReference: string, refundReference: string, amount: Money, supervisorPin: string): Promise<{ status: string; refundRequestId: string }> {
    return (await this.call<{ status: string; refundRequestId: string }>('POST', `/payments/${encodeURIComponent(orderReference)}/refunds`, { refundReference, amount, approval: { supervisorPin } })).value;
  }
  async day(date?: string): Promise<{ date: string; payments: TillPayment[] }> {
    return (await this.call<{ date: string; payments: TillPayment[] }>('GET', `/payments${date ? `?date=${date}` : ''}`)).value;
  }
  events(lastEventId?: string): PaymentEvents {
    return new PaymentEvents(this.url, this.key, lastEventId);
  }
}

/** DEMO only: the simulator's virtual wallet pays an order QR (the customer scanning it). */
export async function demoCustomerPays(codeValue: string): Promise<void> {
  const res = await fetch(`${new URL(codeValue).origin}/__sim/wallet/pay-order-code`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codeValue }),
  });
  if (!res.ok) throw new Error(`the DEMO wallet could not pay: ${res.status} ${await res.text()}`);
}

export interface SampleRun {
  readonly paid: TillPayment;
  readonly cancelled: TillPayment;
  readonly refunded: TillPayment;
  readonly day: { date: string; payments: TillPayment[] };
}

/** The sample's day: pay, cancel, refund, then the day's list. */
export async function runSampleTill(o: { url: string; key: string; pin: string; amount: Money; prefix?: string; log?: (line: string) => void }): Promise<SampleRun> {
  const log = o.log ?? (() => undefined);
  const till = new TillClient(o.url, o.key);
  const prefix = o.prefix ?? `SAMPLE-${Date.now()}`;
  const events = till.events();
  await events.ready;
  try {
    // 1. A sale paid by order QR: the customer display shows it, the customer's wallet pays it.
    const ref1 = `${prefix}-1`;
    await till.pay(ref1, o.amount, 'orderCode');
    log(`${ref1}: on the counter`);
    const shown = await events.next((p) => p.orderReference === ref1 && (p.qr !== null || p.final));
    if (shown.qr) await demoCustomerPays(shown.qr.codeValue);
    const paid = await events.next((p) => p.orderReference === ref1 && p.final);
    log(`${ref1}: ${paid.status} paymentId=${paid.paymentId} paymentRequestId=${paid.paymentRequestId} customer=${paid.customerId}`);

    // 2. A sale the customer walked away from: cancelled from the till.
    const ref2 = `${prefix}-2`;
    await till.pay(ref2, o.amount);
    await till.cancel(ref2);
    const cancelled = await events.next((p) => p.orderReference === ref2 && p.final);
    log(`${ref2}: ${cancelled.status}`);

    // 3. The first sale refunded in part, with the supervisor's approval.
    const part = { minor: Math.max(1, Math.floor(o.amount.minor / 2)), currency: o.amount.currency };
    await till.refund(ref1, `${ref1}-R1`, part, o.pin);
    const refunded = await events.next((p) => p.orderReference === ref1 && p.refunds.some((r) => r.refundReference === `${ref1}-R1` && r.status !== 'pending'));
    log(`${ref1}: refund ${refunded.refunds[0]!.status}, ${refunded.refundableMinor} minor units left to refund`);

    const day = await till.day();
    log(`${day.date}: ${day.payments.length} payments from this till`);
    return { paid, cancelled, refunded, day };
  } finally {
    events.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (n: string): string | undefined => {
    const i = process.argv.indexOf(`--${n}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg('url') ?? 'http://127.0.0.1:8490/api/v1';
  const key = arg('key') ?? process.env.TILL_KEY;
  if (!key) {
    console.error('usage: sampleTill --url <api url> --key <key> [--pin 1234] [--amount 1234] [--currency CNY]');
    process.exit(2);
  }
  runSampleTill({ url, key, pin: arg('pin') ?? '1234', amount: { minor: Number(arg('amount') ?? 1234), currency: arg('currency') ?? 'CNY' }, log: (l) => console.log(l) })
    .then(() => process.exit(0))
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}

/**
 * Alipay → merchant asynchronous notifications (异步通知): a form POST signed RSA2 over the sorted
 * parameters without `sign` and `sign_type`; delivered only when the body is exactly `success`.
 * Otherwise retried on Alipay's pattern (ALIPAY-CN.md §3): 4 m, 10 m, 10 m, 1 h, 2 h, 6 h, 15 h after
 * the first try, with the same notify_id every time. `scale` compresses it for tests.
 */
import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { rsa2Sign, signContent } from '../../payments/cn/cnWire';

export const CN_NOTIFY_SCHEDULE_MS: readonly number[] = [0, 240_000, 600_000, 600_000, 3_600_000, 7_200_000, 21_600_000, 54_000_000];

export interface CnNotification {
  readonly id: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  attempt: number;
  nextAt: number;
  status: 'pending' | 'delivered' | 'gave-up';
  readonly attempts: { at: number; httpStatus: number | undefined; body: string | undefined; error: string | undefined }[];
}

export function signNotification(fields: Record<string, string>, key: KeyObject): Record<string, string> {
  const params = { ...fields, sign_type: 'RSA2' };
  return { ...params, sign: rsa2Sign(signContent(params, ['sign', 'sign_type']), key) };
}

export function createCnNotifier(opts: {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(h: unknown): void;
  scale: number;
  key: KeyObject;
}) {
  const list: CnNotification[] = [];
  const timers = new Map<string, unknown>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  function arm(n: CnNotification): void {
    if (n.status !== 'pending' || stopped) return;
    timers.set(n.id, opts.setTimer(() => {
      timers.delete(n.id);
      attempt(n);
    }, Math.max(0, n.nextAt - opts.now())));
  }

  function attempt(n: CnNotification): void {
    if (n.status !== 'pending' || stopped) return;
    const p = send(n).then((r) => {
      n.attempts.push({ at: opts.now(), ...r });
      // Exactly the seven characters: anything else (even "SUCCESS" or "success\n") is a failure.
      if (r.httpStatus === 200 && r.body === 'success') n.status = 'delivered';
      else {
        n.attempt++;
        const gap = CN_NOTIFY_SCHEDULE_MS[n.attempt];
        if (gap === undefined) n.status = 'gave-up';
        else n.nextAt = opts.now() + gap * opts.scale;
      }
      arm(n);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function send(n: CnNotification): Promise<{ httpStatus: number | undefined; body: string | undefined; error: string | undefined }> {
    return new Promise((resolve) => {
      const body = Buffer.from(new URLSearchParams(n.params as Record<string, string>).toString(), 'utf8');
      let url: URL;
      try {
        url = new URL(n.url);
      } catch {
        resolve({ httpStatus: undefined, body: undefined, error: 'bad notify_url' });
        return;
      }
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST', timeout: 10_000,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(body.length) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ httpStatus: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), error: undefined }));
        res.on('error', (e) => resolve({ httpStatus: res.statusCode, body: undefined, error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ httpStatus: undefined, body: undefined, error: e.message }));
      req.end(body);
    });
  }

  return {
    list,
    enqueue(url: string, fields: Record<string, string>): CnNotification {
      const n: CnNotification = { id: crypto.randomUUID(), url, params: signNotification(fields, opts.key), attempt: 0, nextAt: opts.now(), status: 'pending', attempts: [] };
      list.push(n);
      arm(n);
      return n;
    },
    stop(): void {
      stopped = true;
      for (const h of timers.values()) opts.clearTimer(h);
      timers.clear();
    },
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

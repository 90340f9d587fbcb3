import crypto, { type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { signMessage } from '../payments/ams/signature';
import type { SimNotification } from './simRecords';
import type { SimStore } from './simStore';

/**
 * Alipay → merchant notifications with Alipay's retry schedule (AMS.md §6): up to 8 sends in 24 h,
 * at 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h after the previous one. `scale` compresses the
 * schedule for tests (0.001 turns 15 h into 54 s). Delivered means HTTP 200 and result S.
 */
export const NOTIFY_SCHEDULE_MS: readonly number[] = [0, 120_000, 600_000, 600_000, 3_600_000, 7_200_000, 21_600_000, 54_000_000];

export interface Notifier {
  enqueue(n: Omit<SimNotification, 'id' | 'attempt' | 'nextAt' | 'status' | 'attempts'>): SimNotification;
  /** Sends everything due now; re-arms timers. Called on start (resume) and after clock jumps. */
  pump(): void;
  stop(): void;
  /** Resolves when no send is in flight (tests). */
  idle(): Promise<void>;
}

export function createNotifier(opts: {
  store: SimStore;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  /** A failure inside the notifier's own callbacks (its store on a full disk): reported, never thrown into the process. */
  onFault?: (e: unknown, where: string) => void;
  clearTimer: (h: unknown) => void;
  scale: number;
  privateKey: () => KeyObject;
  /** Real-time cap for one delivery attempt. */
  timeoutMs?: number;
}): Notifier {
  const { store, now } = opts;
  const timers = new Map<string, unknown>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  function arm(n: SimNotification): void {
    const old = timers.get(n.id);
    if (old !== undefined) opts.clearTimer(old);
    if (n.status !== 'pending' || stopped) return;
    const delay = Math.max(0, n.nextAt - now());
    timers.set(n.id, opts.setTimer(() => { timers.delete(n.id); attempt(n); }, delay));
  }

  function attempt(n: SimNotification): void {
    if (n.status !== 'pending' || stopped) return;
    const p = send(n).then((res) => {
      n.attempts.push({ at: now(), httpStatus: res.status, acknowledged: res.acknowledged, error: res.error });
      if (res.acknowledged) n.status = 'delivered';
      else {
        n.attempt += 1;
        const gap = NOTIFY_SCHEDULE_MS[n.attempt];
        if (gap === undefined) n.status = 'gave-up';
        else n.nextAt = now() + gap * opts.scale;
      }
      try {
        store.saveNotification(n);
      } catch (e) {
        // The memory copy is ahead of the file until the next save: a full disk must not stop the schedule.
        opts.onFault?.(e, 'notifier.save');
      }
      arm(n);
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function send(n: SimNotification): Promise<{ status: number | undefined; acknowledged: boolean; error: string | undefined }> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(n.url);
      } catch {
        resolve({ status: undefined, acknowledged: false, error: 'bad notify URL' });
        return;
      }
      const body = Buffer.from(n.body, 'utf8');
      const requestTime = String(now());
      const signature = signMessage({ path: url.pathname, clientId: n.clientId, time: requestTime, body, privateKey: opts.privateKey() });
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', 'client-id': n.clientId, 'request-time': requestTime, signature, 'content-length': String(body.length) },
        timeout: opts.timeoutMs ?? 10_000,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let acknowledged = false;
          try {
            const j = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { result?: { resultStatus?: string } };
            acknowledged = res.statusCode === 200 && j.result?.resultStatus === 'S';
          } catch {
            acknowledged = false;
          }
          resolve({ status: res.statusCode, acknowledged, error: undefined });
        });
        res.on('error', (e) => resolve({ status: res.statusCode, acknowledged: false, error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ status: undefined, acknowledged: false, error: e.message }));
      req.end(body);
    });
  }

  return {
    enqueue(partial) {
      const n: SimNotification = { ...partial, id: crypto.randomUUID(), attempt: 0, nextAt: now(), status: 'pending', attempts: [] };
      store.saveNotification(n);
      arm(n);
      return n;
    },
    pump() {
      for (const n of store.notifications.values()) if (n.status === 'pending') arm(n);
    },
    stop() {
      stopped = true;
      for (const h of timers.values()) opts.clearTimer(h);
      timers.clear();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Till integration figures on a whole DEMO station in this process (its HTTP server with the UI's
 * WebSocket, its till API listener, the in-process simulator), one clock (performance.now):
 * (a) API create → terminal ready to scan: a till's POST /payments until the cashier's window (over
 *     its WebSocket) has the till's sale; baseline: the cashier keying a sale (sale:create over the
 *     same WebSocket until its answer).
 * (b) paid → the till told: from the station recording the success to the till learning it, by its
 *     event stream (SSE) and by polling GET every POLL_MS; baseline: the cashier's window told.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createMemoryLogger } from '../../electron/log/createLogger';
import { rendererDir } from '../../electron/server/runBrowserHost';
import { startHttpServer } from '../../electron/server/startHttpServer';
import { createStation } from '../../electron/station/createStation';
import { DEMO_MANAGER_PIN } from '../../electron/station/paymentsService';
import type { TillClientCreated } from '../../shared/domain/till';
import { PaymentEvents, TillClient } from '../till/sampleTill';
import { median, type BenchRow, type BenchSuite } from './benchTypes';

const RUNS = 25;
const POLL_MS = 250;
let seq = 0;
const freshCode = (): string => `28${String(process.pid % 1e5).padStart(5, '0')}${String(Date.now() % 1e5).padStart(5, '0')}${String(++seq).padStart(6, '0')}`;

const suite: BenchSuite = {
  name: 'till',
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-till-'));
    const station = createStation({ dataDir: dir, host: 'browser', log: createMemoryLogger([], 'warn'), env: { POS_TILL_PORT: '0' } });
    const server = await startHttpServer({ station, port: 0, staticDir: rendererDir() });
    station.setPublicBaseUrl(server.url);
    await station.start();
    const dispatch = async <T,>(name: string, input: unknown): Promise<T> => {
      const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
      return r.value as T;
    };
    // Till clients are a manager's act (the till's roles): the bench signs in as the DEMO manager.
    await station.ctx.accounts!.signIn({ shortId: '300', pin: DEMO_MANAGER_PIN });
    const api = station.ctx.till!.info().url!;
    const { key } = await dispatch<TillClientCreated>('till:createClient', { name: 'Bench till', scopes: ['pay', 'read'], ratePerMinute: 6000, pin: DEMO_MANAGER_PIN });
    const till = new TillClient(api, key);

    // The cashier's window, exactly as the browser host serves it.
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ipc?token=${server.token}&window=cashier`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    const wsWaiters: Array<(m: { id?: number; event?: string; payload?: { sale?: { saleId: string; paid: unknown }; saleId?: string } }) => boolean> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Parameters<(typeof wsWaiters)[number]>[0];
      for (const w of [...wsWaiters]) if (w(m)) wsWaiters.splice(wsWaiters.indexOf(w), 1);
    });
    const wsUntil = (pred: Parameters<(typeof wsWaiters)[number]>[0] extends infer M ? (m: M) => boolean : never): Promise<number> =>
      new Promise((resolve) => wsWaiters.push((m) => (pred(m) ? (resolve(performance.now()), true) : false)));
    let wsId = 0;
    const wsCall = (channel: string, payload: unknown): Promise<number> => {
      const id = ++wsId;
      const done = wsUntil((m) => m.id === id);
      ws.send(JSON.stringify({ id, channel, payload }));
      return done;
    };

    const events = new PaymentEvents(api, key);
    await events.ready;
    const succeededAt = new Map<string, number>();
    station.events.subscribe((e) => {
      if (e.name === 'payment:stateChanged' && e.payload.attempt?.status === 'succeeded' && !succeededAt.has(e.payload.sale.saleId)) succeededAt.set(e.payload.sale.saleId, performance.now());
    });

    // A till polling on its own rhythm, not in step with the payments (as a real one would).
    const pollFor = new Map<string, (at: number) => void>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        for (const [ref, resolve] of [...pollFor]) {
          if ((await till.get(ref)).status === 'paid') {
            pollFor.delete(ref);
            resolve(performance.now());
          }
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();

    const createToReady: number[] = [];
    const keyedBaseline: number[] = [];
    const sseTold: number[] = [];
    const pollTold: number[] = [];
    const windowTold: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        // (a) baseline: the cashier keys a sale; then the till hands one over.
        const k0 = performance.now();
        await wsCall('sale:create', { amountMinor: 100 + i });
        keyedBaseline.push(performance.now() - k0);
        const cur = await dispatch<{ saleId: string }>('sale:current', {});
        await dispatch('sale:void', { saleId: cur.saleId });

        const ref = `B-${i}`;
        const t0 = performance.now();
        const opened = wsUntil((m) => m.event === 'till:saleOpened');
        await till.pay(ref, { minor: 200 + i, currency: 'CNY' });
        createToReady.push((await opened) - t0);

        // (b) paid → told: SSE and the cashier's window both listen; polling in every other run.
        const saleId = await till.get(ref);
        const windowPaid = wsUntil((m) => m.event === 'payment:stateChanged' && m.payload?.sale?.saleId === saleId.saleId && m.payload.sale.paid !== null);
        const ssePaid = events.next((p) => p.orderReference === ref && p.status === 'paid').then(() => performance.now());
        const polled = new Promise<number>((resolve) => pollFor.set(ref, resolve));
        await dispatch('payment:scan', { code: freshCode() });
        const [w, s, p] = await Promise.all([windowPaid, ssePaid, polled]);
        const at = succeededAt.get(saleId.saleId)!;
        windowTold.push(w - at);
        sseTold.push(s - at);
        pollTold.push(p - at);
        // Out of step with the poller's rhythm, so its phase varies from payment to payment.
        await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      }
    } finally {
      polling = false;
      await poller;
      events.close();
      ws.close();
      await server.close();
      await station.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const keyed = median(keyedBaseline);
    const window = median(windowTold);
    return [
      { name: 'API create → terminal ready to scan (median)', value: median(createToReady), unit: 'ms', baseline: { name: 'cashier keys a sale', value: keyed }, note: `${RUNS} runs; till POST until the cashier window has the sale` },
      { name: 'paid → till told, event stream (median)', value: median(sseTold), unit: 'ms', baseline: { name: 'cashier window told', value: window }, note: 'SSE /api/v1/events' },
      { name: 'paid → till told, polling only (median)', value: median(pollTold), unit: 'ms', baseline: { name: 'cashier window told', value: window }, note: `GET /payments/{ref} every ${POLL_MS} ms` },
    ];
  },
};

export default suite;

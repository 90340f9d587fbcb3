/**
 * Head office (issue 16), HQ and a throwaway PostgreSQL cluster on this machine (started and stopped here):
 *  - upload ingest: 50 simulated terminals sending their signed hash-chained events at once (target
 *    ≥ 5,000 events/s), against a plain multi-row INSERT of the same rows in the same run;
 *  - relay: a QR paid in the wallet → the NATed DEMO terminal shows paid, by HQ's relay (median, target
 *    ≤ 100 ms), against the same terminal reached directly on its own notify route;
 *  - catch-up: a terminal with 5,000 queued events uploads them all (target ≤ 10 s), against the
 *    plain INSERT of the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStation, type Station } from '../../electron/station/createStation';
import { createMemoryLogger } from '../../electron/log/createLogger';
import { startHttpServer, type RunningHttpServer } from '../../electron/server/startHttpServer';
import { DEMO_ACCOUNTS } from '../../electron/accounts/accountsService';
import { openPgDb, type HqDb } from '../../electron/hq/hqDb';
import { startHqServer, type RunningHq } from '../../electron/hq/hqServer';
import { migrateHq } from '../../electron/hq/migrateHq';
import { newTerminalKeys, signUpload } from '../../electron/hq/hqSignature';
import { UPLOAD_PATH } from '../../electron/hq/relayProtocol';
import type { UploadEvent } from '../../electron/hq/uploadIngest';
import { uploadChain } from '../../electron/hq/terminal/uploadChain';
import { appendPaymentEvent, eventHash, GENESIS_HASH } from '../../electron/journal/hashChain';
import { openJournal } from '../../electron/journal/openJournal';
import type { PaymentStateChanged, SaleSnapshot } from '../../shared/domain/payment';
import { startPgCluster } from '../helpers/pgCluster';
import type { BenchRow, BenchSuite } from './benchTypes';
import { median } from './benchTypes';

const ADMIN = 'bench-admin';
const made: string[] = [];
const tempDir = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-bench-'));
  made.push(d);
  return d;
};
const TERMINALS = 50;
const EVENTS_PER_TERMINAL = 400;
const BATCH = 200;
const CATCH_UP = 5_000;
const RELAY_ROUNDS = 15;

async function admin(hq: RunningHq, route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(new URL(route, hq.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
  const j = (await res.json()) as { ok: boolean; value: Record<string, unknown> };
  if (!j.ok) throw new Error(`${route}: ${JSON.stringify(j)}`);
  return j.value;
}

async function enrolKeys(hq: RunningHq, storeId: string): Promise<{ terminalId: string; privateKey: string }> {
  const code = (await admin(hq, '/api/v1/admin/enrolment-codes', { merchantId: 'BENCH', storeId })).code as string;
  const keys = newTerminalKeys();
  const res = await fetch(new URL('/api/v1/enrol', hq.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKey }) });
  return { terminalId: ((await res.json()) as { value: { terminalId: string } }).value.terminalId, privateKey: keys.privateKey };
}

/** A terminal's chain as its journal would hold it: each attempt created then succeeded. */
function chainOf(n: number, start: number): UploadEvent[] {
  const out: UploadEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const i = Math.floor((seq - 1) / 2);
    const created = seq % 2 === 1;
    const e = {
      payment_request_id: `A${start}-${i}`, at: start + seq * 1_000, type: created ? 'created' : 'payAnswered', status: created ? 'created' : 'succeeded',
      data_json: created ? JSON.stringify({ scenario: 'PaymentCode', amount: { minor: 100 + (i % 900), currency: 'CNY' } }) : '{}',
    };
    const hash = eventHash(prev, seq, e);
    out.push({ seq, ...e, prev_hash: prev, hash });
    prev = hash;
  }
  return out;
}

async function postBatch(hq: RunningHq, t: { terminalId: string; privateKey: string }, events: UploadEvent[]): Promise<void> {
  const body = JSON.stringify({ events });
  const time = Date.now();
  const res = await fetch(new URL(UPLOAD_PATH, hq.url), {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'hq-merchant-id': 'BENCH', 'hq-terminal-id': t.terminalId, 'hq-time': String(time), 'hq-signature': signUpload(t.privateKey, UPLOAD_PATH, t.terminalId, time, body) },
  });
  const j = (await res.json()) as { ok: boolean };
  if (!j.ok) throw new Error(`upload refused: ${JSON.stringify(j)}`);
}

/** The baseline: the same rows by plain multi-row INSERTs (no signature, no checks), same concurrency cap as HQ's pool. */
async function plainInsert(db: HqDb, table: string, rows: Array<{ terminalId: string; e: UploadEvent }>): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table} (LIKE events INCLUDING DEFAULTS); TRUNCATE ${table}`);
  const chunks: Array<typeof rows> = [];
  for (let i = 0; i < rows.length; i += BATCH) chunks.push(rows.slice(i, i + BATCH));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < chunks.length) {
      const c = chunks[next++]!;
      const params: unknown[] = [];
      const values = c.map((r, k) => {
        params.push('BENCH', r.terminalId, r.e.seq, r.e.at, 'S1', r.e.payment_request_id, r.e.type, r.e.status, r.e.data_json, r.e.prev_hash, r.e.hash);
        const b = k * 11;
        return `($${b + 1},$${b + 2},$${b + 3},to_timestamp($${b + 4}/1000.0),$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9}::jsonb,$${b + 10},$${b + 11})`;
      });
      await db.query(`INSERT INTO ${table} (merchant_id, terminal_id, seq, at, store_id, payment_request_id, type, status, data, prev_hash, hash) VALUES ${values.join(',')}`, params);
    }
  }));
  return performance.now() - t0;
}

async function ingest(hq: RunningHq, db: HqDb): Promise<BenchRow[]> {
  const terminals = await Promise.all(Array.from({ length: TERMINALS }, () => enrolKeys(hq, 'S1')));
  const chains = terminals.map((_, i) => chainOf(EVENTS_PER_TERMINAL, Date.UTC(2026, 11, 2, 8) + i * 10_000_000));
  const t0 = performance.now();
  // Every terminal at once, each sending its batches in order (as its upload job does).
  await Promise.all(terminals.map(async (t, i) => {
    const c = chains[i]!;
    for (let k = 0; k < c.length; k += BATCH) await postBatch(hq, t, c.slice(k, k + BATCH));
  }));
  const ms = performance.now() - t0;
  const total = TERMINALS * EVENTS_PER_TERMINAL;
  const [held] = await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE merchant_id = 'BENCH'");
  if (Number(held!.n) !== total) throw new Error(`ingest: HQ holds ${held!.n} of ${total} events`);
  const baseMs = await plainInsert(db, 'bench_plain_events', terminals.flatMap((t, i) => chains[i]!.map((e) => ({ terminalId: t.terminalId, e }))));
  return [{
    name: `upload ingest, ${TERMINALS} terminals × ${EVENTS_PER_TERMINAL} events (signed, chain-checked, attempts kept)`, value: Math.round(total / (ms / 1000)), unit: 'events/s',
    baseline: { name: 'plain multi-row INSERT of the same rows', value: Math.round(total / (baseMs / 1000)) }, target: '≥ 5,000 events/s',
  }];
}

async function catchUp(hq: RunningHq, db: HqDb): Promise<BenchRow[]> {
  const t = await enrolKeys(hq, 'S1');
  const jdb = openJournal(path.join(tempDir(), 'journal.sqlite'));
  jdb.pragma('foreign_keys = OFF'); // events only: what the catch-up sends
  const start = Date.UTC(2026, 11, 2, 6);
  jdb.transaction(() => {
    for (let i = 0; i < CATCH_UP / 2; i++) {
      appendPaymentEvent(jdb, { paymentRequestId: `C${i}`, at: start + i * 10_000, type: 'created', status: 'created', data: { scenario: 'PaymentCode', amount: { minor: 500 + i, currency: 'CNY' } } });
      appendPaymentEvent(jdb, { paymentRequestId: `C${i}`, at: start + i * 10_000 + 2_000, type: 'payAnswered', status: 'succeeded', data: {} });
    }
  })();
  const rows = jdb.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events ORDER BY seq').all() as UploadEvent[];
  const id = { hqUrl: hq.url, merchantId: 'BENCH', terminalId: t.terminalId, privateKey: t.privateKey };
  const t0 = performance.now();
  let cursor = { events: 0, records: 0 };
  for (;;) {
    const r = await uploadChain(jdb, id, cursor);
    if (r.outcome.kind !== 'done') throw new Error(`catch-up: ${JSON.stringify(r.outcome)}`);
    if (r.cursor.events === cursor.events) break;
    cursor = r.cursor;
  }
  const ms = performance.now() - t0;
  jdb.close();
  if (cursor.events !== CATCH_UP) throw new Error(`catch-up reached ${cursor.events}`);
  const baseMs = await plainInsert(db, 'bench_plain_catchup', rows.map((e) => ({ terminalId: t.terminalId, e })));
  return [{
    name: `catch-up of a terminal with ${CATCH_UP.toLocaleString('en')} queued events (its upload job, in order)`, value: Math.round(ms), unit: 'ms',
    baseline: { name: 'plain multi-row INSERT of the same rows', value: Math.round(baseMs) }, target: '≤ 10,000 ms',
  }];
}

/** A DEMO station as the hosts run it (real HTTP server, in-process simulator), signed in as manager. */
async function demoStation(config: Record<string, unknown>): Promise<{ station: Station; server: RunningHttpServer; stop(): Promise<void> }> {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(config));
  const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger([]), env: {} });
  const server = await startHttpServer({ station, port: 0, staticDir: null, trustedProxies: ['127.0.0.1'], limits: { publicBurst: 10_000, publicPerSecond: 10_000 } });
  station.setPublicBaseUrl(server.url);
  await station.start();
  const m = DEMO_ACCOUNTS.find((a) => a.role === 'manager')!;
  await station.ctx.accounts!.signIn({ shortId: m.shortId, pin: m.pin });
  return { station, server, stop: async () => { await server.close(); await station.stop(); } };
}

async function call<T>(s: Station, name: string, input: unknown): Promise<T> {
  const r = await s.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** ms from the wallet's pay to the terminal's own "paid" event, per round. */
async function paidLatencies(s: Station, rounds: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const sale = await call<SaleSnapshot>(s, 'sale:create', { amountMinor: 700 + i });
    let resolveQr!: (v: string) => void;
    let resolvePaid!: (v: number) => void;
    const qr = new Promise<string>((r) => (resolveQr = r));
    const paid = new Promise<number>((r) => (resolvePaid = r));
    const off = s.events.subscribe((e) => {
      if (e.name !== 'payment:stateChanged') return;
      const p = e.payload as PaymentStateChanged;
      if (p.sale.saleId !== sale.saleId) return;
      if (p.attempt?.qr) resolveQr(p.attempt.qr.codeValue);
      if (p.sale.status === 'paid') resolvePaid(performance.now());
    });
    await call(s, 'payment:showOrderCode', { saleId: sale.saleId });
    const codeValue = await qr;
    const t0 = performance.now();
    const res = await fetch(`${codeValue.replace(/\/__sim\/qr\/.*/, '')}/__sim/wallet/pay-order-code`, { method: 'POST', body: JSON.stringify({ codeValue }), headers: { 'content-type': 'application/json' } });
    if (res.status !== 200) throw new Error(`wallet pay: ${res.status}`);
    const t1 = await Promise.race([paid, new Promise<number>((_, rej) => setTimeout(() => rej(new Error('not paid within 20 s')), 20_000))]);
    off();
    out.push(t1 - t0);
  }
  return out;
}

async function relay(hq: RunningHq): Promise<BenchRow[]> {
  // Inquiries a minute apart: what makes the terminal show paid is the notification, nothing else.
  const slow = { payment: { orderPollScheduleMs: [60_000], pollScheduleMs: [60_000] } };
  const linked = await demoStation(slow);
  const direct = await demoStation(slow);
  try {
    const code = (await admin(hq, '/api/v1/admin/enrolment-codes', { merchantId: 'BENCH', storeId: 'S1' })).code as string;
    await call(linked.station, 'hq:enrol', { url: hq.url, code });
    for (let i = 0; i < 200 && (linked.station.ctx.hqLink?.status() as { relay?: string }).relay !== 'connected'; i++) await new Promise((r) => setTimeout(r, 25));
    await paidLatencies(linked.station, 2); // warm-up
    await paidLatencies(direct.station, 2);
    const viaHq = await paidLatencies(linked.station, RELAY_ROUNDS);
    const own = await paidLatencies(direct.station, RELAY_ROUNDS);
    return [{
      name: `relay: wallet pays → NATed terminal shows paid via HQ (median of ${RELAY_ROUNDS})`, value: Math.round(median(viaHq)), unit: 'ms',
      baseline: { name: 'same, Alipay notifying the terminal directly (public address)', value: Math.round(median(own)) }, target: '≤ 100 ms',
    }];
  } finally {
    await linked.stop();
    await direct.stop();
  }
}

const suite: BenchSuite = {
  name: 'hq',
  async run() {
    const pg = startPgCluster();
    const db = openPgDb(pg.url);
    let hq: RunningHq | null = null;
    try {
      await migrateHq(db);
      hq = await startHqServer({ db, adminToken: ADMIN });
      await admin(hq, '/api/v1/admin/stores', { merchantId: 'BENCH', storeId: 'S1', name: 'Bench store' });
      return [...(await ingest(hq, db)), ...(await relay(hq)), ...(await catchUp(hq, db))];
    } finally {
      await hq?.stop();
      await db.close();
      pg.stop();
      for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    }
  },
};
export default suite;

/**
 * The head-office dashboard on a real PostgreSQL cluster (issue 16 items 6–7): accounts and scope,
 * today's figures from the summary table equal to a recomputation from the raw events, sessions,
 * CSRF, CSV, partitions ahead and retention, the plans the queries need, and a database that is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgDb, type HqDb } from '../../../electron/hq/hqDb';
import { startHqServer, type RunningHq } from '../../../electron/hq/hqServer';
import { migrateHq } from '../../../electron/hq/migrateHq';
import { TODAY_TAKINGS_FROM_EVENTS_SQL, TODAY_TAKINGS_SQL, type TakingsRow } from '../../../electron/hq/dashboardQueries';
import { maintainPartitions } from '../../../electron/hq/hqPartitions';
import { hashPassword, verifyPassword } from '../../../electron/hq/hqAccounts';
import type { HqToday } from '../../../shared/hq/hqDashboard';
import { startPgCluster, type PgCluster } from '../../helpers/pgCluster';
import { hqAdmin, hqPost, type ChainTerminal, type HqJson } from '../../helpers/hqChain';

const ADMIN = 'dash-admin-token';
// 2026-12-02 14:00 in Shanghai; the business day there is [2026-12-01T16:00Z, 2026-12-02T16:00Z).
let clock = Date.UTC(2026, 11, 2, 6, 0);
const now = (): number => clock;
const local = (h: number, m = 0): number => Date.UTC(2026, 11, 2, h - 8, m); // a Shanghai wall-clock time today

let pg: PgCluster;
let db: HqDb;
let hq: RunningHq;
let t1: ChainTerminal;
let t2: ChainTerminal;
let t3: ChainTerminal;

async function signIn(login: string, password: string, merchantId = 'M1'): Promise<{ status: number; json: HqJson; cookie: string | null; setCookie: string }> {
  const r = await hqPost(hq.url, '/api/v1/hq/sign-in', { merchantId, login, password });
  const setCookie = r.headers.get('set-cookie') ?? '';
  return { ...r, setCookie, cookie: setCookie ? setCookie.split(';')[0]! : null };
}

async function get(route: string, cookie: string | null, base = hq.url): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(new URL(route, base), { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}
const today = async (cookie: string, q = ''): Promise<HqToday> => (JSON.parse((await get(`/api/v1/hq/today${q}`, cookie)).body) as { value: HqToday }).value;

beforeAll(async () => {
  pg = startPgCluster();
  db = openPgDb(pg.url);
  await migrateHq(db);
  hq = await startHqServer({ db, adminToken: ADMIN, now, staleAfterMs: 3_600_000 });
  const admin = hqAdmin(hq.url, ADMIN);
  await admin.store('M1', 'S1', 'Nanjing Road');
  await admin.store('M1', 'S2', 'Huaihai Road');
  await admin.store('M2', 'X1', 'Other merchant');
  await admin.account('M1', 'boss', 'owner-password-1', 'owner');
  await admin.account('M1', 'li', 'manager-password-1', 'storeManager', ['S1']);
  t1 = await admin.terminal('M1', 'S1');
  t2 = await admin.terminal('M1', 'S1');
  t3 = await admin.terminal('M1', 'S2');
  const x1 = await admin.terminal('M2', 'X1');

  // Yesterday evening (not today's takings), then today's trade.
  t1.pay('Y1', local(-1), 9_999, ['succeeded']);
  t1.pay('A1', local(9, 5), 1_000, ['succeeded']);
  t1.pay('A2', local(9, 40), 2_550, ['succeeded'], { scenario: 'OrderCode' });
  t1.pay('A3', local(10, 15), 700, ['failed']);
  t1.pay('A4', local(11, 0), 5_000, ['succeeded']); // reversed in a later upload
  t1.pay('A5', local(13, 50), 1_200, ['awaitingCustomer', 'unknown']); // still unresolved
  t2.pay('B1', local(10, 30), 300, ['succeeded']);
  t2.pay('B2', local(12, 10), 4_200, ['succeeded'], { scenario: 'EntryCode' });
  t3.pay('C1', local(9, 59), 880, ['succeeded']);
  t3.pay('C2', local(11, 30), 1_000, ['succeeded'], { currency: 'USD' });
  x1.pay('Z1', local(10), 123_456, ['succeeded']);
  clock = local(12, 30);
  for (const t of [t1, t2, t3, x1]) await t.upload(now);
  // Later: T1 reverses A4 and has one more sale; T3 stops uploading.
  clock = local(14, 0);
  t1.status('A4', local(13, 55), 'reversing');
  t1.status('A4', local(13, 56), 'reversed');
  t1.pay('A6', local(13, 58), 650, ['succeeded']);
  await t1.upload(now);
  await t2.upload(now);
}, 90_000);

afterAll(async () => {
  for (const t of [t1, t2, t3]) t?.journal.close();
  await hq?.stop();
  await db?.close();
  pg?.stop();
});

describe('HQ accounts', () => {
  it('hashes passwords with salted scrypt and verifies them', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct hors', h)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(h); // salted
  });

  it('refuses a wrong password or unknown login with one answer and no cookie', async () => {
    for (const [login, pw] of [['boss', 'wrong-password'], ['nobody', 'owner-password-1']] as const) {
      const r = await signIn(login, pw);
      expect([r.status, r.json.error?.code, r.cookie]).toEqual([401, 'SIGN_IN_FAILED', null]);
    }
    expect((await get('/api/v1/hq/today', null)).status).toBe(401);
    expect((await get('/api/v1/hq/today', 'hq_session=M1.forged')).status).toBe(401);
  });

  it('sets an HttpOnly SameSite=Strict session cookie and refuses cross-site or non-JSON writes', async () => {
    const r = await signIn('boss', 'owner-password-1');
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^hq_session=M1\.[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    expect(r.json.value).toMatchObject({ merchantId: 'M1', login: 'boss', role: 'owner', stores: ['S1', 'S2'] });
    const evil = await hqPost(hq.url, '/api/v1/hq/sign-in', { merchantId: 'M1', login: 'boss', password: 'owner-password-1' }, { origin: 'https://evil.example' });
    expect([evil.status, evil.json.error?.code]).toEqual([403, 'CSRF']);
    const form = await fetch(new URL('/api/v1/hq/sign-out', hq.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: r.cookie! }, body: 'a=1' });
    expect(form.status).toBe(403);
    expect((await get('/api/v1/hq/me', r.cookie)).status).toBe(200); // the forged sign-out did nothing
  });

  it('ends a session on sign-out and after it expires', async () => {
    const a = await signIn('boss', 'owner-password-1');
    await hqPost(hq.url, '/api/v1/hq/sign-out', {}, { cookie: a.cookie! });
    expect(JSON.parse((await get('/api/v1/hq/me', a.cookie)).body).error.code).toBe('SIGNED_OUT');
    const b = await signIn('boss', 'owner-password-1');
    const saved = clock;
    clock += 12 * 3_600_000 + 1;
    const r = await get('/api/v1/hq/me', b.cookie);
    clock = saved;
    expect([r.status, JSON.parse(r.body).error]).toEqual([401, expect.objectContaining({ code: 'SIGNED_OUT', details: { expired: true } })]);
  });
});

describe('the dashboard figures', () => {
  it("shows the owner every store's takings per tender and per hour, equal to a recomputation from raw events", async () => {
    const { cookie } = await signIn('boss', 'owner-password-1');
    const t = await today(cookie!);
    expect([t.day, t.timeZone]).toEqual(['2026-12-02', 'Asia/Shanghai']);
    expect(t.stores.map((s) => s.storeId)).toEqual(['S1', 'S2']);
    const s1 = t.stores[0]!;
    // A1 1000 + A6 650 + B1 300 (PaymentCode), A2 2550 (OrderCode), B2 4200 (EntryCode); A3 failed, A4 reversed, A5 open, Y1 yesterday.
    expect(s1.tenders).toEqual([
      { tender: 'EntryCode', payments: 1, amount: { minor: 4_200, currency: 'CNY' } },
      { tender: 'OrderCode', payments: 1, amount: { minor: 2_550, currency: 'CNY' } },
      { tender: 'PaymentCode', payments: 3, amount: { minor: 1_950, currency: 'CNY' } },
    ]);
    expect(t.stores[1]!.tenders).toEqual([
      { tender: 'PaymentCode', payments: 1, amount: { minor: 880, currency: 'CNY' } },
      { tender: 'PaymentCode', payments: 1, amount: { minor: 1_000, currency: 'USD' } },
    ]);
    expect(t.hours.filter((h) => h.amount.currency === 'CNY')).toEqual([
      { hour: 9, payments: 3, amount: { minor: 1_000 + 2_550 + 880, currency: 'CNY' } },
      { hour: 10, payments: 1, amount: { minor: 300, currency: 'CNY' } },
      { hour: 12, payments: 1, amount: { minor: 4_200, currency: 'CNY' } },
      { hour: 13, payments: 1, amount: { minor: 650, currency: 'CNY' } },
    ]);
    // The summary the ingest keeps equals the figures recomputed from the raw events.
    const key = (r: TakingsRow): string => `${r.store_id}|${r.tender}|${r.currency}|${r.hour}|${r.payments}|${r.amount_minor}`;
    const summary = (await db.query<TakingsRow>(TODAY_TAKINGS_SQL, ['M1', clock, ['S1', 'S2']])).map(key).sort();
    const raw = (await db.query<TakingsRow>(TODAY_TAKINGS_FROM_EVENTS_SQL, ['M1', clock, ['S1', 'S2']])).map(key).sort();
    expect(summary).toEqual(raw);
    expect(summary).toHaveLength(7);
    // The reversal took A4 back out of its hour (a zero bucket row stays, hidden by HAVING).
    const [eleven] = await db.query<{ payments: string; amount_minor: string }>("SELECT payments, amount_minor FROM takings_hourly WHERE merchant_id = 'M1' AND terminal_id = $1 AND hour = $2", [t1.terminalId, new Date(local(11))]);
    expect(eleven).toEqual({ payments: '0', amount_minor: '0' });
  });

  it('lists unresolved payments with their age and terminals that stopped uploading', async () => {
    const { cookie } = await signIn('boss', 'owner-password-1');
    const t = await today(cookie!);
    expect(t.unresolved).toEqual([expect.objectContaining({ storeId: 'S1', terminalId: t1.terminalId, paymentRequestId: 'A5', status: 'unknown', amount: { minor: 1_200, currency: 'CNY' }, ageS: 10 * 60 })]);
    expect(t.stores[0]!.unresolved).toBe(1);
    const byId = new Map(t.stores.flatMap((s) => s.terminals).map((x) => [x.terminalId, x]));
    expect(byId.get(t1.terminalId)).toMatchObject({ stale: false, lastUploadAgeS: 0, lastSeq: 17, chainFlags: 0, waitingNotifications: 0 });
    // T3 last uploaded at 12:30, 90 minutes ago: past the hour HQ allows.
    expect(byId.get(t3.terminalId)).toMatchObject({ stale: true, lastUploadAgeS: 90 * 60, lastSeq: 4 });
  });

  it('shows a store manager only their stores and refuses another store, in JSON and CSV', async () => {
    const { cookie, json } = await signIn('li', 'manager-password-1');
    expect(json.value).toMatchObject({ role: 'storeManager', stores: ['S1'] });
    const t = await today(cookie!);
    expect(t.stores.map((s) => s.storeId)).toEqual(['S1']);
    expect(t.tenders.reduce((n, x) => n + x.amount.minor, 0)).toBe(4_200 + 2_550 + 1_950);
    for (const route of ['/api/v1/hq/today?store=S2', '/api/v1/hq/export/takings.csv?store=S2', '/api/v1/hq/today?store=X1']) {
      const r = await get(route, cookie);
      expect([route, r.status, JSON.parse(r.body).error.code]).toEqual([route, 403, 'FORBIDDEN_STORE']);
    }
    expect((await today(cookie!, '?store=S1')).stores).toHaveLength(1);
  });

  it("never shows another merchant's stores, even to its owner", async () => {
    const { cookie } = await signIn('boss', 'owner-password-1');
    expect((await get('/api/v1/hq/today?store=X1', cookie)).status).toBe(403);
  });

  it('exports the takings and the unresolved payments as CSV', async () => {
    const { cookie } = await signIn('boss', 'owner-password-1');
    const r = await get('/api/v1/hq/export/takings.csv', cookie);
    expect([r.status, r.type]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(r.body.split('\r\n')).toEqual([
      'day,store_id,store,tender,currency,payments,amount',
      '2026-12-02,S1,Nanjing Road,EntryCode,CNY,1,42.00',
      '2026-12-02,S1,Nanjing Road,OrderCode,CNY,1,25.50',
      '2026-12-02,S1,Nanjing Road,PaymentCode,CNY,3,19.50',
      '2026-12-02,S2,Huaihai Road,PaymentCode,CNY,1,8.80',
      '2026-12-02,S2,Huaihai Road,PaymentCode,USD,1,10.00',
      '',
    ]);
    const u = await get('/api/v1/hq/export/unresolved.csv', cookie);
    expect(u.body).toContain(`S1,${t1.terminalId},A5,unknown,PaymentCode,CNY,12.00,`);
  });
});

describe('scale: partitions and plans', () => {
  it('creates the coming months ahead and retires old months by the retention setting', async () => {
    const parts = async (): Promise<string[]> => (await db.query<{ relname: string }>("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY 1")).map((r) => r.relname);
    expect(await parts()).toEqual(['events_y2026m12', 'events_y2027m01', 'events_y2027m02']);
    // A year later, keeping 3 months (detach = archive): months before 2027-10 leave events but stay as tables.
    const later = Date.UTC(2027, 11, 15);
    const run = await maintainPartitions(db, later, { retention: { months: 3, mode: 'detach' } });
    expect(run.created).toEqual(['events_y2027m12', 'events_y2028m01', 'events_y2028m02']);
    expect(run.retired).toEqual(['events_y2026m12', 'events_y2027m01', 'events_y2027m02']);
    expect(await parts()).toEqual(['events_y2027m12', 'events_y2028m01', 'events_y2028m02']);
    const [kept] = await db.query<{ n: string }>('SELECT count(*) AS n FROM events_y2026m12');
    expect(Number(kept!.n)).toBeGreaterThan(0); // detached, not lost: ready for pg_dump
    await maintainPartitions(db, Date.UTC(2028, 4, 1), { retention: { months: 1, mode: 'drop' } });
    expect(await parts()).toEqual(['events_y2028m05', 'events_y2028m06', 'events_y2028m07']);
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'events_y2028m01'")).toEqual([]);
    // Put today's month back so the other tests see their events.
    await db.exec("ALTER TABLE events ATTACH PARTITION events_y2026m12 FOR VALUES FROM ('2026-12-01T00:00:00Z') TO ('2027-01-01T00:00:00Z')");
  });

  it("serves the dashboard's queries from their indexes (EXPLAIN)", async () => {
    const plan = async (sql: string, params: unknown[]): Promise<string> => db.tx(async (q) => {
      await q('SET LOCAL enable_seqscan = off'); // a tiny table would be scanned anyway; this shows an index fits
      return (await q<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(await plan(TODAY_TAKINGS_SQL, ['M1', clock, ['S1']])).toMatch(/Index (Only )?Scan using takings_hourly_pkey/);
    expect(await plan("SELECT * FROM attempts WHERE merchant_id = $1 AND status = ANY($2) ORDER BY created_at LIMIT 500", ['M1', ['created', 'awaitingCustomer', 'unknown', 'cancelling', 'reversing', 'unproven']])).toMatch(/attempts_open/);
    // A day's events touch only that month's partition.
    const events = await plan("SELECT count(*) FROM events WHERE merchant_id = $1 AND store_id = $2 AND at >= '2026-12-02' AND at < '2026-12-03'", ['M1', 'S1']);
    expect(events).toContain('events_y2026m12');
    expect(events).not.toMatch(/events_y2027/);
  });
});

describe('a database that is down', () => {
  it('answers 503 HQ_DB_DOWN to sign-in and to the dashboard', async () => {
    const down = openPgDb('postgresql://postgres@/postgres?host=/nonexistent-socket-dir');
    const hq2 = await startHqServer({ db: down, adminToken: ADMIN });
    const r = await hqPost(hq2.url, '/api/v1/hq/sign-in', { merchantId: 'M1', login: 'boss', password: 'owner-password-1' });
    expect([r.status, r.json.error?.code]).toEqual([503, 'HQ_DB_DOWN']);
    const d = await get('/api/v1/hq/today', 'hq_session=M1.whatever', hq2.url);
    expect([d.status, JSON.parse(d.body).error.code]).toEqual([503, 'HQ_DB_DOWN']);
    await hq2.stop();
    await down.close();
  });
});

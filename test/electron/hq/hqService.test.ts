import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendPaymentEvent, GENESIS_HASH } from '../../../electron/journal/hashChain';
import { openPgDb, openPgliteDb, type HqDb } from '../../../electron/hq/hqDb';
import { startHqServer, UPLOAD_PATH, type RunningHq, type UploadEvent } from '../../../electron/hq/hqServer';
import { newTerminalKeys, signUpload } from '../../../electron/hq/hqSignature';
import { loadHqMigrations, migrateHq } from '../../../electron/hq/migrateHq';
import { openJournal } from '../../../electron/journal/openJournal';
import { tempDir } from '../../helpers/tempDir';
import { startPgCluster, type PgCluster } from '../../helpers/pgCluster';
import path from 'node:path';
import { uploadChain } from '../../../electron/hq/terminal/uploadChain';

const ADMIN = 'test-admin-token';

async function post(hq: RunningHq, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { ok: boolean; value?: Record<string, unknown>; error?: { code: string; details?: Record<string, unknown> } } }> {
  const res = await fetch(new URL(route, hq.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as never };
}

describe('HQ migrations (PGlite)', () => {
  it('applies the numbered files once and refuses a newer schema', async () => {
    const db = await openPgliteDb();
    const latest = loadHqMigrations().at(-1)!.version;
    expect(await migrateHq(db)).toEqual({ from: 0, to: latest });
    expect(await migrateHq(db)).toEqual({ from: latest, to: latest });
    await db.query("INSERT INTO hq_schema (version, name) VALUES (99, 'future')");
    await expect(migrateHq(db, loadHqMigrations())).rejects.toMatchObject({ code: 'HQ_SCHEMA_TOO_NEW' });
    await db.close();
  });
});

describe('HQ on a real PostgreSQL cluster', () => {
  let pg: PgCluster;
  let db: HqDb;
  let hq: RunningHq;
  beforeAll(async () => {
    pg = startPgCluster();
    db = openPgDb(pg.url);
    await migrateHq(db);
    hq = await startHqServer({ db, adminToken: ADMIN });
    const auth = { authorization: `Bearer ${ADMIN}` };
    expect((await post(hq, '/api/v1/admin/stores', { merchantId: 'M1', storeId: 'S1', name: 'Store 1' }, auth)).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await hq?.stop();
    await db?.close();
    pg?.stop();
  });

  async function enrolTerminal(): Promise<{ terminalId: string; privateKey: string }> {
    const code = (await post(hq, '/api/v1/admin/enrolment-codes', { merchantId: 'M1', storeId: 'S1' }, { authorization: `Bearer ${ADMIN}` })).json.value!.code as string;
    const keys = newTerminalKeys();
    const r = await post(hq, '/api/v1/enrol', { code, publicKey: keys.publicKey });
    expect(r.status).toBe(200);
    // The same code a second time is refused and enrols nothing.
    const again = await post(hq, '/api/v1/enrol', { code, publicKey: newTerminalKeys().publicKey });
    expect([again.status, again.json.error?.code]).toEqual([409, 'CODE_USED']);
    return { terminalId: r.json.value!.terminalId as string, privateKey: keys.privateKey };
  }

  /** A real terminal journal (SQLite) producing real hash-chained events. */
  function journalEvents(n: number): UploadEvent[] {
    const jdb = openJournal(path.join(tempDir(), 'journal.sqlite'));
    jdb.pragma('foreign_keys = OFF'); // events only: the attempt rows are not what HQ checks here
    for (let i = 0; i < n; i++) {
      const at = Date.UTC(2026, 11, 1, 10, i);
      appendPaymentEvent(jdb, { paymentRequestId: `A${i}`, at, type: 'created', status: 'created', data: { scenario: 'PaymentCode', amount: { minor: 100 + i, currency: 'CNY' } } });
      appendPaymentEvent(jdb, { paymentRequestId: `A${i}`, at: at + 1000, type: 'payAnswered', status: 'succeeded', data: {} });
    }
    const rows = jdb.prepare('SELECT seq, payment_request_id, at, type, status, data_json, prev_hash, hash FROM payment_events ORDER BY seq').all() as UploadEvent[];
    jdb.close();
    return rows;
  }

  function signed(t: { terminalId: string; privateKey: string }, events: UploadEvent[], time = Date.now()): [string, Record<string, string>] {
    const body = JSON.stringify({ events });
    return [body, { 'hq-merchant-id': 'M1', 'hq-terminal-id': t.terminalId, 'hq-time': String(time), 'hq-signature': signUpload(t.privateKey, UPLOAD_PATH, t.terminalId, time, body) }];
  }

  it('ingests a signed chain once, idempotent by (terminal, seq), and sums takings', async () => {
    const t = await enrolTerminal();
    const ev = journalEvents(5);
    expect(ev[0]!.prev_hash).toBe(GENESIS_HASH);
    const first = await post(hq, UPLOAD_PATH, ...signed(t, ev.slice(0, 6)));
    expect(first.json.value).toMatchObject({ acceptedThrough: 6, accepted: 6 });
    // Resumed after an outage: overlapping resend of 5–10 counts 7–10 only.
    const rest = await post(hq, UPLOAD_PATH, ...signed(t, ev.slice(4)));
    expect(rest.json.value).toMatchObject({ acceptedThrough: 10, accepted: 4 });
    // A replay of the whole batch changes nothing.
    expect((await post(hq, UPLOAD_PATH, ...signed(t, ev))).json.value).toMatchObject({ acceptedThrough: 10, accepted: 0 });
    const [sum] = await db.query<{ n: string; total: string }>("SELECT count(*) AS n, sum(amount_minor) AS total FROM attempts WHERE merchant_id = 'M1' AND terminal_id = $1 AND status = 'succeeded'", [t.terminalId]);
    expect(sum).toEqual({ n: '5', total: String(100 + 101 + 102 + 103 + 104) });
    const parts = await db.query<{ relname: string }>("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass");
    expect(parts.map((p) => p.relname)).toContain('events_y2026m12'); // with the months HQ creates ahead
  });

  it('refuses a forged, stale or unknown-terminal upload and flags gaps and edits', async () => {
    const t = await enrolTerminal();
    const ev = journalEvents(3);
    const [body, h] = signed(t, ev);
    const forged = await post(hq, UPLOAD_PATH, body.replace('"payment_request_id":"A0"', '"payment_request_id":"AX"'), h);
    expect([forged.status, forged.json.error?.code]).toEqual([401, 'BAD_SIGNATURE']);
    const stale = await post(hq, UPLOAD_PATH, ...signed(t, ev, Date.now() - 3_600_000));
    expect(stale.json.error?.code).toBe('STALE_REQUEST');
    const stranger = await post(hq, UPLOAD_PATH, ...signed({ terminalId: 'Tnobody', privateKey: newTerminalKeys().privateKey }, ev));
    expect([stranger.status, stranger.json.error?.code]).toEqual([401, 'NOT_ENROLLED']);
    const gap = await post(hq, UPLOAD_PATH, ...signed(t, ev.slice(2)));
    expect([gap.status, gap.json.error?.code, gap.json.error?.details?.expected]).toEqual([409, 'CHAIN_GAP', 1]);
    const edited = ev.map((e) => ({ ...e }));
    edited[1]!.data_json = '{"tampered":true}';
    const edit = await post(hq, UPLOAD_PATH, ...signed(t, edited));
    expect(edit.json.error?.code).toBe('CHAIN_EDITED');
    const flags = await db.query<{ kind: string }>("SELECT kind FROM chain_flags WHERE merchant_id = 'M1' AND terminal_id = $1 ORDER BY flag_id", [t.terminalId]);
    expect(flags.map((f) => f.kind)).toEqual(['gap', 'edit']);
    // Nothing of the refused batches was counted; the honest chain still goes in whole.
    expect((await post(hq, UPLOAD_PATH, ...signed(t, ev))).json.value).toMatchObject({ acceptedThrough: 6, accepted: 6 });
  });

  it('stores a notification byte for byte for its terminal and acknowledges it as Alipay expects', async () => {
    const t = await enrolTerminal();
    const body = '{"notifyType":"PAYMENT_RESULT","paymentRequestId":"P1","result":{"resultStatus":"S"}}';
    const res = await fetch(new URL(`/notify/M1/${t.terminalId}`, hq.url), { method: 'POST', headers: { 'content-type': 'application/json', signature: 'algorithm=RSA256,keyVersion=1,signature=abc', 'request-time': '1', 'client-id': 'C1' }, body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { resultStatus: string } }).result.resultStatus).toBe('S');
    const [n] = await db.query<{ body: Buffer; headers: Record<string, string>; path: string; delivered_at: Date | null }>("SELECT body, headers, path, delivered_at FROM notifications WHERE merchant_id = 'M1' AND terminal_id = $1", [t.terminalId]);
    expect(n!.body.toString('utf8')).toBe(body);
    expect(n!.headers.signature).toBe('algorithm=RSA256,keyVersion=1,signature=abc');
    expect([n!.path, n!.delivered_at]).toEqual([`/notify/M1/${t.terminalId}`, null]);
    const stranger = await fetch(new URL('/notify/M1/Tnobody', hq.url), { method: 'POST', body });
    expect(stranger.status).toBe(401);
  });

  it('leads every table and primary key with the merchant id (Citus distribution key)', async () => {
    const rows = await db.query<{ table_name: string; first: string }>(`SELECT c.relname AS table_name, a.attname AS first
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indisprimary AND n.nspname = 'public' AND c.relname NOT LIKE 'events_y%' AND c.relname <> 'hq_schema'`);
    expect(rows.map((r) => r.table_name).sort()).toEqual(['attempts', 'chain_flags', 'enrolment_codes', 'events', 'hq_account_stores', 'hq_accounts', 'hq_sessions', 'merchants', 'notifications', 'push_acks', 'pushed_documents', 'stores', 'takings_hourly', 'terminal_records', 'terminal_rows', 'terminals']);
    for (const r of rows) expect([r.table_name, r.first]).toEqual([r.table_name, 'merchant_id']);
  });

  it('counts each event once when the same batch arrives twice at the same time', async () => {
    const t = await enrolTerminal();
    const ev = journalEvents(20);
    const [a, b] = await Promise.all([post(hq, UPLOAD_PATH, ...signed(t, ev)), post(hq, UPLOAD_PATH, ...signed(t, ev))]);
    expect([a.json.value, b.json.value].map((v) => v?.acceptedThrough)).toEqual([40, 40]);
    expect(Number(a.json.value!.accepted) + Number(b.json.value!.accepted)).toBe(40);
    const [n] = await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE merchant_id = 'M1' AND terminal_id = $1", [t.terminalId]);
    expect(n!.n).toBe('40');
  });

  it('a terminal journal catches up in order from its cursor, and rewinds when HQ reports a gap', async () => {
    const t = await enrolTerminal();
    const jdb = openJournal(path.join(tempDir(), 'journal.sqlite'));
    jdb.pragma('foreign_keys = OFF');
    for (let i = 0; i < 30; i++) appendPaymentEvent(jdb, { paymentRequestId: `B${i}`, at: Date.UTC(2026, 11, 1, 12, i), type: 'created', status: 'created', data: { amount: { minor: 5, currency: 'CNY' } } });
    const id = { hqUrl: hq.url, merchantId: 'M1', terminalId: t.terminalId, privateKey: t.privateKey };
    expect(await uploadChain(jdb, id, { events: 0, records: 0 }, { batch: 7 })).toEqual({ outcome: { kind: 'done' }, cursor: { events: 30, records: 0 } });
    for (let i = 30; i < 35; i++) appendPaymentEvent(jdb, { paymentRequestId: `B${i}`, at: Date.UTC(2026, 11, 1, 12, i), type: 'created', status: 'created', data: { amount: { minor: 5, currency: 'CNY' } } });
    // A cursor ahead of HQ (e.g. a restored data folder): HQ says CHAIN_GAP, the terminal resends from HQ's point.
    expect(await uploadChain(jdb, { ...id }, { events: 32, records: 0 }, { batch: 7 })).toEqual({ outcome: { kind: 'done' }, cursor: { events: 35, records: 0 } });
    const offline = await uploadChain(jdb, { ...id, hqUrl: 'http://127.0.0.1:9/' }, { events: 35, records: 0 });
    expect(offline.outcome).toEqual({ kind: 'done' });
    appendPaymentEvent(jdb, { paymentRequestId: 'B35', at: Date.UTC(2026, 11, 1, 13), type: 'created', status: 'created', data: { amount: { minor: 5, currency: 'CNY' } } });
    const down = await uploadChain(jdb, { ...id, hqUrl: 'http://127.0.0.1:9/' }, { events: 35, records: 0 });
    expect([down.outcome.kind, down.outcome.kind === 'retry' && down.outcome.network, down.cursor]).toEqual(['retry', true, { events: 35, records: 0 }]);
    jdb.close();
    const [n] = await db.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE merchant_id = 'M1' AND terminal_id = $1", [t.terminalId]);
    expect(n!.n).toBe('35');
  });

  it('says so when the database is down', async () => {
    const down = openPgDb('postgresql://postgres@/postgres?host=/nonexistent-socket-dir');
    const hq2 = await startHqServer({ db: down, adminToken: ADMIN });
    const r = await post(hq2, '/api/v1/enrol', { code: 'M1:x', publicKey: 'k' });
    expect([r.status, r.json.error?.code]).toEqual([503, 'HQ_DB_DOWN']);
    // Alipay's notification is not acknowledged, so Alipay sends it again later: nothing lost.
    expect((await fetch(new URL('/notify/M1/T1', hq2.url), { method: 'POST', body: '{}' })).status).toBe(503);
    await hq2.stop();
    await down.close();
  });
});

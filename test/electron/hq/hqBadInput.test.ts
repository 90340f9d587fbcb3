import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import { newTerminalKeys } from '../../../electron/hq/hqSignature';
import { RELAY_PATH, UPLOAD_PATH } from '../../../electron/hq/relayProtocol';
import { until } from '../../helpers/demoStation';
import { bootLinkedStation, startHqRig, type HqRig } from '../../helpers/hqFixture';
import { signedHeaders } from '../../helpers/hqChain';

type Linked = Extract<HqLinkStatus, { linked: true }>;

/** The status HQ answers a relay handshake with (101 = accepted). */
function relayHandshake(hqUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const url = new URL(RELAY_PATH, hqUrl);
    url.protocol = 'ws:';
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

describe('HQ bad input at the terminal boundary (real PostgreSQL)', () => {
  let rig: HqRig;
  beforeAll(async () => {
    rig = await startHqRig();
    await rig.store('M1', 'S1');
  }, 60_000);
  afterAll(async () => rig?.stop());

  it('the relay refuses a never-enrolled terminal, a forged and a stale handshake', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1');
    const key = demo.station.ctx.db!.prepare('SELECT key_file FROM hq_link').pluck().get() as string;
    const privateKey = (await import('node:fs')).readFileSync(key, 'utf8');
    const signed = (terminalId: string, pk: string, time = Date.now()): Record<string, string> => signedHeaders('M1', terminalId, pk, '', { path: RELAY_PATH, time });
    expect(await relayHandshake(rig.hq.url, signed(link.terminalId, privateKey))).toBe(101);
    expect(await relayHandshake(rig.hq.url, signed('Tnobody', newTerminalKeys().privateKey))).toBe(401);
    expect(await relayHandshake(rig.hq.url, signed(link.terminalId, newTerminalKeys().privateKey))).toBe(401);
    expect(await relayHandshake(rig.hq.url, signed(link.terminalId, privateKey, Date.now() - 3_600_000))).toBe(401);
  });

  it('a gap in the records stream is refused and flagged; the honest stream still goes in', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1');
    await until(async () => (await demo.call<Linked>('hq:status', {})).backlog === 0);
    const pk = (await import('node:fs')).readFileSync(demo.station.ctx.db!.prepare('SELECT key_file FROM hq_link').pluck().get() as string, 'utf8');
    await demo.stop(); // the forger below holds the terminal's own key: only HQ's stream checks stand
    const [t] = await rig.db.query<{ last_record_seq: string }>('SELECT last_record_seq FROM terminals WHERE terminal_id = $1', [link.terminalId]);
    const next = Number(t!.last_record_seq) + 1;
    const send = async (records: unknown[]): Promise<{ status: number; json: { ok: boolean; error?: { code: string; details?: { expected?: number; stream?: string } } } }> => {
      const body = JSON.stringify({ events: [], records });
      const res = await fetch(new URL(UPLOAD_PATH, rig.hq.url), { method: 'POST', body, headers: { 'content-type': 'application/json', ...signedHeaders('M1', link.terminalId, pk, body) } });
      return { status: res.status, json: (await res.json()) as never };
    };
    const rec = (seq: number) => ({ seq, kind: 'audit', key: `x${seq}`, at: Date.now(), data_json: '{}' });
    const gap = await send([rec(next + 1)]);
    expect([gap.status, gap.json.error?.code, gap.json.error?.details]).toEqual([409, 'CHAIN_GAP', { seq: next + 1, expected: next, stream: 'records' }]);
    expect((await rig.db.query<{ kind: string }>('SELECT kind FROM chain_flags WHERE terminal_id = $1', [link.terminalId])).map((f) => f.kind)).toEqual(['gap']);
    const bad = await send([{ seq: next, kind: 'audit' }]);
    expect([bad.status, bad.json.error?.code]).toEqual([400, 'BAD_REQUEST']);
    expect((await send([rec(next), rec(next + 1)])).json.ok).toBe(true);
    expect((await send([rec(next), rec(next + 1)])).json.ok).toBe(true); // a replay: counted once
    const [n] = await rig.db.query<{ n: string }>("SELECT count(*) AS n FROM terminal_records WHERE terminal_id = $1 AND key LIKE 'x%'", [link.terminalId]);
    expect(n!.n).toBe('2');
  });

  it('HQ’s database down: HQ answers 503, the terminal keeps selling and queuing, then catches up', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1');
    await until(async () => (await demo.call<Linked>('hq:status', {})).backlog === 0);
    rig.pg.pause();
    try {
      const health = await fetch(new URL('/health', rig.hq.url));
      expect(health.status).toBe(503);
      expect(((await health.json()) as { error: { code: string } }).error.code).toBe('HQ_DB_DOWN');
      const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 4_321 });
      await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281999999999999001' });
      await until(async () => (await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid');
      const jdb = demo.station.ctx.db!;
      await until(() => String(jdb.prepare("SELECT last_error FROM outbox WHERE kind = 'upload'").pluck().get() ?? '').includes('HQ_DB_DOWN'), 15_000);
      // A network-class wait: never counted toward the dead letter.
      expect(jdb.prepare("SELECT status, failures FROM outbox WHERE kind = 'upload'").get()).toEqual({ status: expect.stringMatching(/pending|running/), failures: 0 });
      expect((await demo.call<Linked>('hq:status', {})).backlog).toBeGreaterThan(0);
    } finally {
      rig.pg.resume();
    }
    await until(async () => (await demo.call<Linked>('hq:status', {})).backlog === 0, 30_000);
    const [a] = await rig.db.query<{ n: string }>("SELECT count(*) AS n FROM attempts WHERE terminal_id = $1 AND amount_minor = 4321 AND status = 'succeeded'", [link.terminalId]);
    expect(a!.n).toBe('1');
  });
});

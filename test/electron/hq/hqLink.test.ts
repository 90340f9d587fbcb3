import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import { HQ_KEY_FILE } from '../../../electron/hq/terminal/hqLink';
import { bootDemoStation, until } from '../../helpers/demoStation';
import { bootLinkedStation, startHqRig, type HqRig } from '../../helpers/hqFixture';

describe('a terminal linked to HQ (DEMO station, real PostgreSQL)', () => {
  let rig: HqRig;
  beforeAll(async () => {
    rig = await startHqRig();
    await rig.store('M1', 'S1');
  }, 60_000);
  afterAll(async () => rig?.stop());

  it('enrols with a one-time code (key pair 0600 in the data folder) and uploads its sale, attempt, events, audit and health', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1');
    expect(link).toMatchObject({ linked: true, merchantId: 'M1', storeId: 'S1' });
    const keyFile = path.join(demo.dataDir, HQ_KEY_FILE);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).toContain('PRIVATE KEY');
    const [t] = await rig.db.query<{ public_key: string }>('SELECT public_key FROM terminals WHERE merchant_id = $1 AND terminal_id = $2', ['M1', link.terminalId]);
    expect(t!.public_key).toBe(demo.station.ctx.db!.prepare('SELECT public_key FROM hq_link').pluck().get());

    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_250 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123456' });
    await until(async () => (await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid');
    await until(async () => {
      const [r] = await rig.db.query<{ status: string }>("SELECT data->>'status' AS status FROM terminal_rows WHERE merchant_id = 'M1' AND terminal_id = $1 AND kind = 'sale' AND key = $2", [link.terminalId, sale.saleId]);
      return r?.status === 'paid';
    }, 15_000);
    const [att] = await rig.db.query<{ status: string; amount_minor: string }>('SELECT status, amount_minor FROM attempts WHERE merchant_id = $1 AND terminal_id = $2 AND payment_request_id = $3', ['M1', link.terminalId, a.paymentRequestId]);
    expect(att).toEqual({ status: 'succeeded', amount_minor: '1250' });
    const kinds = (await rig.db.query<{ kind: string }>("SELECT DISTINCT kind FROM terminal_records WHERE merchant_id = 'M1' AND terminal_id = $1 ORDER BY kind", [link.terminalId])).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['attempt', 'audit', 'deviceHealth', 'sale']));
    // What leaves the terminal never carries the code's hash or the engine's internal state.
    const [row] = await rig.db.query<{ data: Record<string, unknown> }>("SELECT data FROM terminal_rows WHERE merchant_id = 'M1' AND terminal_id = $1 AND kind = 'attempt'", [link.terminalId]);
    expect(Object.keys(row!.data)).not.toContain('code_hash');
    expect(Object.keys(row!.data)).not.toContain('state_json');
    // Both streams in order, no gap: HQ's cursors are the terminal's.
    const [cur] = await rig.db.query<{ last_seq: string; last_record_seq: string }>('SELECT last_seq, last_record_seq FROM terminals WHERE terminal_id = $1', [link.terminalId]);
    await until(async () => (await demo.call<Extract<HqLinkStatus, { linked: true }>>('hq:status', {})).backlog === 0);
    const jdb = demo.station.ctx.db!;
    expect(Number(cur!.last_seq)).toBeLessThanOrEqual(jdb.prepare('SELECT max(seq) FROM payment_events').pluck().get() as number);
    const [n] = await rig.db.query<{ n: string; max: string }>('SELECT count(*) AS n, max(seq) AS max FROM terminal_records WHERE terminal_id = $1', [link.terminalId]);
    expect(n!.n).toBe(n!.max);
    // The upload is one outbox job, not one per sale, and never in the payments loop's way.
    expect(jdb.prepare("SELECT count(*) FROM outbox WHERE kind = 'upload'").pluck().get()).toBe(1);
    await expect(demo.call('hq:enrol', { url: rig.hq.url, code: await rig.code('M1', 'S1') })).rejects.toMatchObject({ code: 'ALREADY_LINKED' });
  });

  it('a code used twice, an unknown code and an unreachable HQ are typed errors; nothing is linked', async () => {
    const code = await rig.code('M1', 'S1');
    await bootDemoStation().then((d) => d.call('hq:enrol', { url: rig.hq.url, code }));
    const second = await bootDemoStation();
    await expect(second.call('hq:enrol', { url: rig.hq.url, code })).rejects.toMatchObject({ code: 'CODE_USED' });
    await expect(second.call('hq:enrol', { url: rig.hq.url, code: 'M1:not-a-code' })).rejects.toMatchObject({ code: 'CODE_UNKNOWN' });
    await expect(second.call('hq:enrol', { url: 'http://127.0.0.1:9/', code })).rejects.toMatchObject({ code: 'HQ_UNREACHABLE' });
    await expect(second.call('hq:enrol', { code })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await second.call('hq:status', {})).toEqual({ linked: false });
    expect(fs.existsSync(path.join(second.dataDir, HQ_KEY_FILE))).toBe(false);
  });
});

describe('a linked terminal whose head office key is gone', () => {
  it('still starts and sells; Settings says why the link is down', async () => {
    const rig = await startHqRig();
    try {
      await rig.store('M1', 'S1');
      const { demo } = await bootLinkedStation(rig, 'M1', 'S1');
      const dataDir = demo.dataDir;
      await demo.stop();
      fs.rmSync(path.join(dataDir, HQ_KEY_FILE));
      const back = await bootDemoStation({ dataDir });
      expect(back.station.snapshot().mode).toBe('demo');
      const sale = await back.call<SaleSnapshot>('sale:create', { amountMinor: 500 });
      await back.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '281234567890654321' });
      await until(async () => (await back.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid');
      expect((await back.call<Extract<HqLinkStatus, { linked: true }>>('hq:status', {})).lastError).toContain(HQ_KEY_FILE);
    } finally {
      await rig.stop();
    }
  }, 60_000);
});

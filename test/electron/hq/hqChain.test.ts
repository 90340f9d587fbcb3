import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptSnapshot, RefundSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { DayReport } from '../../../shared/domain/report';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import { DEMO_APPROVAL, until, type DemoStation } from '../../helpers/demoStation';
import { bootLinkedStation, startHqRig, startPathRouter, type HqRig } from '../../helpers/hqFixture';

type Linked = Extract<HqLinkStatus, { linked: true }>;

/** One sale paid by a scanned code at the counter; resolves once the terminal shows it paid. */
async function sell(demo: DemoStation, amountMinor: number, code: string): Promise<AttemptSnapshot> {
  const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor });
  const a = await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code });
  await until(async () => (await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status === 'paid', 15_000);
  return a;
}

const code = (terminal: number, i: number): string => `28${terminal}${String(i).padStart(15, '0')}`;

async function caughtUp(rig: HqRig, demo: DemoStation, terminalId: string): Promise<boolean> {
  const jdb = demo.station.ctx.db!;
  const events = jdb.prepare('SELECT coalesce(max(seq), 0) FROM payment_events').pluck().get() as number;
  const records = jdb.prepare('SELECT coalesce(max(seq), 0) FROM hq_outgoing').pluck().get() as number;
  const [t] = await rig.db.query<{ last_seq: string; last_record_seq: string }>('SELECT last_seq, last_record_seq FROM terminals WHERE terminal_id = $1', [terminalId]);
  return Number(t!.last_seq) === events && Number(t!.last_record_seq) === records;
}

describe('a chain of DEMO terminals against one HQ on real PostgreSQL', () => {
  let rig: HqRig;
  beforeAll(async () => {
    rig = await startHqRig();
    await rig.store('CHAIN', 'S1');
    await rig.store('CHAIN', 'S2');
  }, 60_000);
  afterAll(async () => rig?.stop());

  it('terminals sell at once, one is offline for a day of sales and catches up in order; HQ per-store takings equal the terminals’ own X reports', async () => {
    const router = await startPathRouter(() => rig.hq.url);
    try {
      const stations = [
        await bootLinkedStation(rig, 'CHAIN', 'S1'),
        await bootLinkedStation(rig, 'CHAIN', 'S1'),
        await bootLinkedStation(rig, 'CHAIN', 'S2'),
        // The shop whose line goes down: it talks to HQ through a router we can cut.
        await bootLinkedStation(rig, 'CHAIN', 'S2', { hqUrl: router.url }),
      ];
      const offline = stations[3]!;
      router.cut(true);

      // All four sell at the same time; the offline one keeps selling (a sale never waits for HQ).
      const perTerminal = [6, 6, 6, 25];
      const attempts = await Promise.all(stations.map(async ({ demo }, t) => {
        const out: AttemptSnapshot[] = [];
        for (let i = 0; i < perTerminal[t]!; i++) out.push(await sell(demo, 1_000 + 37 * i + t, code(t + 1, i + 1)));
        return out;
      }));
      // A refund at terminal 1 counts against its store's takings.
      const r = await stations[0]!.demo.call<RefundSnapshot>('refund:create', { paymentRequestId: attempts[0]![0]!.paymentRequestId, amountMinor: 300, approval: DEMO_APPROVAL, reason: 'return' });
      await until(() => stations[0]!.demo.station.ctx.payments!.runtime!.store.getRefund(r.refundRequestId)?.status === 'succeeded');

      for (const { demo, link } of stations.slice(0, 3)) await until(() => caughtUp(rig, demo, link.terminalId), 20_000);
      // Offline: HQ has nothing of it past enrolment; the terminal reports its backlog and the upload job waits (not dead).
      const held = await rig.db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE terminal_id = $1', [offline.link.terminalId]);
      expect(Number(held[0]!.n)).toBe(0);
      const status = await offline.demo.call<Linked>('hq:status', {});
      expect(status.backlog).toBeGreaterThan(25 * 2);
      expect(offline.demo.station.ctx.db!.prepare("SELECT status FROM outbox WHERE kind = 'upload'").pluck().get()).toBe('pending');

      // The line is back: it catches up in order (contiguous seqs, chain intact, nothing flagged).
      router.cut(false);
      await until(() => caughtUp(rig, offline.demo, offline.link.terminalId), 30_000);
      const seqs = (await rig.db.query<{ seq: string }>('SELECT seq FROM events WHERE terminal_id = $1 ORDER BY seq', [offline.link.terminalId])).map((x) => Number(x.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(await rig.db.query("SELECT 1 FROM chain_flags WHERE merchant_id = 'CHAIN'")).toEqual([]);
      const [last] = await rig.db.query<{ hash: string }>('SELECT hash FROM events WHERE terminal_id = $1 ORDER BY seq DESC LIMIT 1', [offline.link.terminalId]);
      expect(last!.hash).toBe(offline.demo.station.ctx.db!.prepare('SELECT hash FROM payment_events ORDER BY seq DESC LIMIT 1').pluck().get());

      // HQ's per-store takings (sales − refunds) = the sum of that store's terminals' own X reports.
      for (const storeId of ['S1', 'S2']) {
        let sales = 0;
        let refunds = 0;
        let net = 0;
        for (const { demo, link } of stations) {
          if (link.storeId !== storeId) continue;
          const x = await demo.call<DayReport>('report:get', { ref: { kind: 'X' } });
          const cny = x.totals.find((c) => c.currency === 'CNY')!;
          sales += cny.sales.minor;
          refunds += cny.refunds.minor;
          net += cny.net;
        }
        const [hq] = await rig.db.query<{ sales: string; refunds: string }>(`SELECT
            (SELECT coalesce(sum(amount_minor), 0) FROM attempts WHERE merchant_id = 'CHAIN' AND store_id = $1 AND status = 'succeeded' AND currency = 'CNY') AS sales,
            (SELECT coalesce(sum((data->>'amount_minor')::bigint), 0) FROM terminal_rows WHERE merchant_id = 'CHAIN' AND store_id = $1 AND kind = 'refund' AND data->>'status' = 'succeeded' AND data->>'currency' = 'CNY') AS refunds`, [storeId]);
        expect({ storeId, sales: Number(hq!.sales), refunds: Number(hq!.refunds), net: Number(hq!.sales) - Number(hq!.refunds) }).toEqual({ storeId, sales, refunds, net });
        expect(sales).toBeGreaterThan(0);
      }
      const [s1] = await rig.db.query<{ n: string }>("SELECT count(*) AS n FROM attempts WHERE merchant_id = 'CHAIN' AND status = 'succeeded'");
      expect(Number(s1!.n)).toBe(6 + 6 + 6 + 25);
    } finally {
      await router.stop();
    }
  }, 180_000);
});

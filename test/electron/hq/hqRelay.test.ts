import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptSnapshot, PaymentStateChanged, SaleSnapshot } from '../../../shared/domain/payment';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import type { RunningHq } from '../../../electron/hq/hqServer';
import { until, type DemoStation } from '../../helpers/demoStation';
import { bootLinkedStation, startHqRig, startPathRouter, type HqRig } from '../../helpers/hqFixture';

/** No public address and inquiries a minute apart: without the relay, a paid QR would show paid only after 60 s. */
const NAT = { payment: { orderPollScheduleMs: [60_000], pollScheduleMs: [60_000] } };

async function showQr(demo: DemoStation, amountMinor: number): Promise<{ sale: SaleSnapshot; attempt: AttemptSnapshot; codeValue: string }> {
  const events = demo.eventsOf('payment:stateChanged');
  const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor });
  const attempt = await demo.call<AttemptSnapshot>('payment:showOrderCode', { saleId: sale.saleId });
  await until(() => events.some((e: PaymentStateChanged) => e.sale.saleId === sale.saleId && !!e.attempt?.qr));
  const codeValue = events.find((e) => e.sale.saleId === sale.saleId && e.attempt?.qr)!.attempt!.qr!.codeValue;
  return { sale, attempt, codeValue };
}

async function walletPays(codeValue: string): Promise<void> {
  const res = await fetch(`${codeValue.replace(/\/__sim\/qr\/.*/, '')}/__sim/wallet/pay-order-code`, { method: 'POST', body: JSON.stringify({ codeValue }), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
}

const paid = (demo: DemoStation, saleId: string) => async (): Promise<boolean> => (await demo.call<SaleSnapshot>('sale:get', { saleId })).status === 'paid';

describe('Alipay notifications relayed by HQ to terminals behind NAT (real PostgreSQL)', () => {
  let rig: HqRig;
  beforeAll(async () => {
    rig = await startHqRig();
    await rig.store('M1', 'S1');
  }, 60_000);
  afterAll(async () => rig?.stop());

  it('HQ is the paymentNotifyUrl; its relay makes a NATed terminal show paid long before its first inquiry', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1', { config: NAT });
    await until(async () => (await demo.call<Extract<HqLinkStatus, { linked: true }>>('hq:status', {})).relay === 'connected');
    const { sale, attempt, codeValue } = await showQr(demo, 880);
    await walletPays(codeValue);
    const t0 = Date.now();
    await until(paid(demo, sale.saleId), 20_000);
    expect(Date.now() - t0).toBeLessThan(30_000); // the first inquiry is 60 s away
    // The acknowledgement reaches HQ just after the terminal applied it.
    await until(async () => (await rig.db.query('SELECT 1 FROM notifications WHERE terminal_id = $1 AND delivered_at IS NOT NULL', [link.terminalId])).length === 1);
    const [n] = await rig.db.query<{ path: string; outcome: string; delivered: boolean }>(
      'SELECT path, outcome, delivered_at IS NOT NULL AS delivered FROM notifications WHERE merchant_id = $1 AND terminal_id = $2', ['M1', link.terminalId]);
    expect(n).toEqual({ path: `/notify/M1/${link.terminalId}`, outcome: 'applied', delivered: true });
    const events = demo.station.ctx.db!.prepare("SELECT type FROM payment_events WHERE payment_request_id = ? ORDER BY seq").pluck().all(attempt.paymentRequestId) as string[];
    expect(events).toContain('notified');
    expect(events.filter((e) => e.startsWith('inquiry'))).toEqual([]);
  });

  it('当面付: HQ is the notify_url too, answers `success` and relays the form to the terminal’s own 当面付 handler', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1', { config: { alipay: { acquirer: 'alipay-cn' } } });
    const sim = demo.station.ctx.payments!.cnSimulator!;
    await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_250 });
    const a = await demo.call<AttemptSnapshot>('payment:scan', { code: '281234567890123456' });
    await until(async () => (await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: a.paymentRequestId })).status === 'succeeded');
    expect(sim.trade(a.paymentRequestId)!.notifyUrl).toBe(`${rig.hq.url}notify/M1/${link.terminalId}/cn`);
    await until(() => sim.notifications[0]?.status === 'delivered');
    expect(sim.notifications[0]!.attempts.map((x) => x.body)).toEqual(['success']);
    await until(async () => (await rig.db.query("SELECT 1 FROM notifications WHERE terminal_id = $1 AND outcome = 'applied'", [link.terminalId])).length === 1, 15_000);
    expect(demo.station.ctx.db!.prepare('SELECT outcome FROM hq_relay_seen').pluck().all()).toEqual(['applied']);
  });

  it('a notification failing the terminal’s own signature check is refused there (not paid), and recorded at HQ', async () => {
    const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1', { config: NAT });
    const { sale, attempt } = await showQr(demo, 990);
    const body = JSON.stringify({ notifyType: 'PAYMENT_RESULT', paymentRequestId: attempt.paymentRequestId, paymentId: 'P-forged', paymentAmount: { currency: 'CNY', value: '990' }, result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } });
    const res = await fetch(new URL(`/notify/M1/${link.terminalId}`, rig.hq.url), {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'client-id': 'SIMCLIENT', 'request-time': new Date().toISOString(), signature: 'algorithm=RSA256,keyVersion=1,signature=Zm9yZ2Vk' },
    });
    expect(res.status).toBe(200); // HQ holds no merchant keys: it stores and relays, the terminal judges
    await until(async () => (await rig.db.query('SELECT 1 FROM notifications WHERE terminal_id = $1 AND delivered_at IS NOT NULL', [link.terminalId])).length === 1, 15_000);
    const [n] = await rig.db.query<{ outcome: string }>('SELECT outcome FROM notifications WHERE terminal_id = $1', [link.terminalId]);
    expect(n!.outcome).toBe('refused:401');
    expect((await demo.call<SaleSnapshot>('sale:get', { saleId: sale.saleId })).status).not.toBe('paid');
    expect(demo.station.ctx.db!.prepare('SELECT outcome FROM hq_relay_seen').pluck().all()).toEqual(['refused:401']);
  });

  it('across two HQ instances: stored by A, delivered by B; while B is down it waits, then arrives once', async () => {
    const b1 = await rig.startInstance();
    let relayTarget: RunningHq = b1.hq;
    const router = await startPathRouter((line) => (line.startsWith('POST /notify/') ? rig.hq.url : relayTarget.url));
    try {
      const { demo, link } = await bootLinkedStation(rig, 'M1', 'S1', { config: NAT, hqUrl: router.url });
      const connected = async (): Promise<boolean> => (await demo.call<Extract<HqLinkStatus, { linked: true }>>('hq:status', {})).relay === 'connected';
      await until(connected);
      const first = await showQr(demo, 1_010);
      await walletPays(first.codeValue);
      await until(paid(demo, first.sale.saleId), 20_000);
      expect(router.routed.some((r) => r.startsWith('POST /notify/') && r.endsWith(`-> ${new URL(rig.hq.url).port}`))).toBe(true);
      expect(router.routed.some((r) => r.startsWith('GET /api/v1/relay') && r.endsWith(`-> ${new URL(b1.hq.url).port}`))).toBe(true);

      // B goes away: the terminal is offline from HQ's side; the next notification waits in PostgreSQL.
      const second = await showQr(demo, 1_020);
      await b1.hq.stop();
      await until(async () => !(await connected()));
      await walletPays(second.codeValue);
      await until(async () => (await rig.db.query('SELECT 1 FROM notifications WHERE terminal_id = $1 AND delivered_at IS NULL', [link.terminalId])).length === 1, 15_000);
      expect((await demo.call<SaleSnapshot>('sale:get', { saleId: second.sale.saleId })).status).not.toBe('paid');
      const b2 = await rig.startInstance();
      relayTarget = b2.hq;
      await until(paid(demo, second.sale.saleId), 30_000);

      // An acknowledgement lost on the way (HQ sends it again): acknowledged from the terminal's record, not applied twice.
      const jdb = demo.station.ctx.db!;
      const applied = (): number => jdb.prepare("SELECT count(*) FROM payment_notifications WHERE outcome = 'applied'").pluck().get() as number;
      const before = applied();
      await rig.db.query('UPDATE notifications SET delivered_at = NULL, outcome = NULL WHERE terminal_id = $1', [link.terminalId]);
      await rig.db.query("SELECT pg_notify('hq_relay', $1)", [`M1/${link.terminalId}`]);
      await until(async () => (await rig.db.query('SELECT 1 FROM notifications WHERE terminal_id = $1 AND delivered_at IS NULL', [link.terminalId])).length === 0, 15_000);
      expect(applied()).toBe(before);
      expect(jdb.prepare('SELECT count(*) FROM hq_relay_seen').pluck().get()).toBe(2);
      const outcomes = (await rig.db.query<{ outcome: string }>('SELECT outcome FROM notifications WHERE terminal_id = $1 ORDER BY notification_id', [link.terminalId])).map((r) => r.outcome);
      expect(outcomes).toEqual(['applied', 'applied']);
    } finally {
      await router.stop();
    }
  });
});

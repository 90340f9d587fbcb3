/**
 * The 当面付 simulator with a data file (DEMO embeds it so; `npm run simulator -- --acquirer alipay-cn
 * --data FILE`): a restart keeps its keys and every trade, as a real gateway does — a paid trade is
 * still paid to trade.query, a refund still refunded, a waiting one can still be confirmed, a spent
 * auth code stays spent, and the day's bill still lists them. Without the file a restart forgets.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCnClient } from '../../../electron/payments/cn/cnClient';
import { CN_METHODS, refundQuerySchema, tradePaySchema, tradeQuerySchema, tradeRefundSchema } from '../../../electron/payments/cn/cnSchemas';
import { startCnSimulator, type RunningCnSimulator } from '../../../electron/simulator/cn/startCnSimulator';
import { tempDir } from '../../helpers/tempDir';

let sim: RunningCnSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const clientOf = (s: RunningCnSimulator) => createCnClient({ appId: s.appId, appPrivateKey: s.merchantPrivateKey!, alipayPublicKey: s.alipayPublicKey, gatewayUrl: s.url });
const pay = (outTradeNo: string, authCode: string) => ({ out_trade_no: outTradeNo, scene: 'bar_code', auth_code: authCode, subject: 'sale', total_amount: '12.50' });

describe('当面付 simulator persistence', () => {
  it('a restarted simulator with its data file keeps its keys, trades, refunds, spent codes and waiting payments', async () => {
    const file = path.join(tempDir(), 'cn-sim.sqlite');
    sim = await startCnSimulator({ dataFile: file });
    const first = { alipayPublicKey: sim.alipayPublicKey, merchantPrivateKey: sim.merchantPrivateKey };
    let c = clientOf(sim);
    const paid = await c.call(CN_METHODS.pay, pay('P-PAID-1', '281234567890123400'), tradePaySchema);
    expect(paid).toMatchObject({ outcome: 'S', body: { out_trade_no: 'P-PAID-1' } });
    const tradeNo = paid.outcome === 'S' ? paid.body.trade_no! : '';
    expect(await c.call(CN_METHODS.refund, { out_trade_no: 'P-PAID-1', refund_amount: '2.50', out_request_no: 'R-1' }, tradeRefundSchema)).toMatchObject({ outcome: 'S' });
    const waiting = await c.call(CN_METHODS.pay, pay('P-WAIT-1', '280000000000000022'), tradePaySchema);
    expect(waiting).toMatchObject({ outcome: 'U', body: { code: '10003' } }); // waiting for the customer's password
    await sim.stop();

    sim = await startCnSimulator({ dataFile: file });
    expect({ alipayPublicKey: sim.alipayPublicKey, merchantPrivateKey: sim.merchantPrivateKey }).toEqual(first);
    c = clientOf(sim); // the same keys: the merchant's configuration stays valid
    expect(await c.call(CN_METHODS.query, { out_trade_no: 'P-PAID-1' }, tradeQuerySchema)).toMatchObject({ outcome: 'S', body: { trade_no: tradeNo, trade_status: 'TRADE_SUCCESS' } });
    expect(await c.call(CN_METHODS.refundQuery, { out_trade_no: 'P-PAID-1', out_request_no: 'R-1' }, refundQuerySchema)).toMatchObject({ outcome: 'S', body: { refund_status: 'REFUND_SUCCESS' } });
    // The spent code is refused; the same out_trade_no answers its current state, not a new charge.
    expect(await c.call(CN_METHODS.pay, pay('P-PAID-2', '281234567890123400'), tradePaySchema)).toMatchObject({ outcome: 'F', subCode: 'ACQ.PAYMENT_AUTH_CODE_INVALID' });
    expect(await c.call(CN_METHODS.pay, pay('P-PAID-1', '281234567890123400'), tradePaySchema)).toMatchObject({ body: { sub_code: 'ACQ.TRADE_HAS_SUCCESS', trade_no: tradeNo } });
    // The customer confirms the payment left waiting before the restart.
    const res = await fetch(`${sim.origin}/__sim/wallet/confirm`, { method: 'POST', body: JSON.stringify({ outTradeNo: 'P-WAIT-1' }) });
    expect(await res.json()).toEqual({ ok: true });
    // A trade of another till (DEMO control): paid at Alipay, kept like any other.
    const other = (await (await fetch(`${sim.origin}/__sim/trades/other-till`, { method: 'POST', body: JSON.stringify({ fen: 4200 }) })).json()) as { outTradeNo: string; status: string };
    expect(other).toMatchObject({ status: 'TRADE_SUCCESS' });
    expect((await fetch(`${sim.origin}/__sim/trades/other-till`, { method: 'POST', body: JSON.stringify({ fen: 1.5 }) })).status).toBe(400);
    await sim.stop();

    sim = await startCnSimulator({ dataFile: file });
    expect(sim.trade(other.outTradeNo)).toMatchObject({ status: 'TRADE_SUCCESS', fen: 4200 });
    expect(sim.trade('P-WAIT-1')).toMatchObject({ status: 'TRADE_SUCCESS' });
    expect([...sim.trades.keys()].sort()).toEqual([other.outTradeNo, 'P-PAID-1', 'P-WAIT-1'].sort());
  });

  it('without a data file a restart starts empty (what the DEMO station no longer does)', async () => {
    sim = await startCnSimulator({});
    const c = clientOf(sim);
    expect(await c.call(CN_METHODS.pay, pay('P-1', '281234567890123400'), tradePaySchema)).toMatchObject({ outcome: 'S' });
    await sim.stop();
    sim = await startCnSimulator({});
    expect(sim.trades.size).toBe(0);
  });
});

/** The printed receipt names the payer as Alipay masked it (DEMO: simulator + virtual printer). */
import { afterEach, describe, expect, it } from 'vitest';
import { createStation, type Station } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { startHttpServer, type RunningHttpServer } from '../../../electron/server/startHttpServer';
import { SIM_DISPLAY_CUSTOMER_ID } from '../../../electron/simulator/simCore';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { ReceiptPreview } from '../../../shared/ipc/commands/receipt';
import { tempDir } from '../../helpers/tempDir';

let running: { server: RunningHttpServer; station: Station } | null = null;
afterEach(async () => {
  if (running) {
    await running.server.close();
    await running.station.stop();
    running = null;
  }
});

const until = async (pred: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('receipt customer line', () => {
  it('prints Alipay’s masked customer id, not the code’s last 4', async () => {
    const station = createStation({ dataDir: tempDir(), host: 'browser', log: createMemoryLogger([]), env: {} });
    const server = await startHttpServer({ station, port: 0, staticDir: null });
    station.setPublicBaseUrl(server.url);
    await station.start();
    running = { server, station };
    const call = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
      if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
      return r.value as T;
    };

    const sale = await call<SaleSnapshot>('sale:create', { amountMinor: 2_500 });
    const code = '280000000000009876'; // not a scenario code ending: instant success
    const a = await call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code });
    await until(async () => (await call<AttemptSnapshot>('payment:get', { attemptId: a.attemptId })).status === 'succeeded');
    expect(await call<AttemptSnapshot>('payment:get', { attemptId: a.attemptId })).toMatchObject({ customerIdMasked: SIM_DISPLAY_CUSTOMER_ID, codeTail: '9876' });

    const printed = (): string => station.ctx.devices!.virtual.printer!.core.lines().join('\n');
    await until(() => printed().includes(a.attemptId));
    const customerLine = printed().split('\n').find((l) => l.includes('Customer'));
    expect(customerLine).toContain(SIM_DISPLAY_CUSTOMER_ID);
    expect(printed()).not.toContain('****9876');
    const preview = await call<ReceiptPreview>('receipt:preview', { attemptId: a.attemptId });
    expect(preview.lines.join('\n')).toContain(SIM_DISPLAY_CUSTOMER_ID);
  });
});
